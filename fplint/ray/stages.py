"""The stages Ray Data runs, each a function of one batch (an Arrow table in, a table out).

``check`` (map over files, or over turn rows) → ``explode`` (one row a turn's summary) →
``group`` (after a groupby: one conversation, or one key of a dataset rule that defines
``group``) and ``reduce`` (the other dataset rules' states, merged in reading order) →
``place`` (after a groupby on the file: findings stamped where the source bytes are).
Every stage runs the rule classes through the one ``Engine``: there is no second
implementation of a rule. What crosses stages is pickled (diagnostics, summaries, states).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import Any, NamedTuple

import pyarrow as pa

from fplint.check.engine import Crashed, Engine, FileResult, TurnSummary
from fplint.check.place import place as place_findings
from fplint.model import Diagnostic, Finding, Scope, Turn
from fplint.read.document import Document
from fplint.read.loader import load
from fplint.report import table
from fplint.rule import Collected, Rule, groups

#: The columns of ``check``'s rows: one a file (or one a batch of turn rows).
CHECKED = pa.schema(
    [
        ("order", pa.string()),  # sorts in reading order
        ("path", pa.string()),
        ("checked", pa.bool_()),  # False: read only as dataset context
        ("turns", pa.int64()),
        ("diagnostics", pa.binary()),  # pickled list[Diagnostic] (file and turn rules)
        ("places", pa.binary()),  # pickled list of (pointer, line, turn id)
        ("turn_ids", pa.binary()),  # pickled list[str]
        ("partials", pa.binary()),  # pickled tuple: each dataset rule's state (None: grouped)
        ("groups", pa.binary()),  # pickled list of (group, order, turn, item) for the shuffle
    ]
)
#: The rows the shuffle groups: a conversation's turn, or a grouped dataset rule's turn.
GROUPED = pa.schema(
    [("group", pa.string()), ("order", pa.string()), ("turn", pa.int64()), ("item", pa.binary())]
)
#: What the cross-turn stages yield: a finding to place (by its file), a crash, a note.
ITEMS = pa.schema([("path", pa.string()), ("item", pa.binary())])
#: A turn that copies another: its file and its pointer (``copy_keys``).
COPIES = pa.schema([("path", pa.string()), ("turn_pointer", pa.string())])
#: A diagnostic as a table row (``fplint.report.table``).
DIAGNOSTICS = table.arrow_schema()

_CONVERSATION = "c"  # group keys: "c" + conversation id, or "d<rule index>:" + the rule's key


class Item(NamedTuple):
    """One output of a cross-turn stage: ``kind`` "found" (a rule's index in ``engine.rules``
    and its finding), "diagnostic" (a placed finding, or a crash), "note" (a dataset rule's
    place among the dataset rules, and its text) or "copy" (a turn that copies another, and
    the one kept: its other findings are reported at the kept one only)."""

    kind: str
    at: int
    value: Any


def _dump(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


_ENGINES: dict[bytes, ShardEngine] = {}


def engine_of(blob: bytes) -> ShardEngine:
    """The engine a stage runs (unpickled once per worker process)."""
    key = hashlib.blake2b(blob, digest_size=16).digest()
    engine = _ENGINES.get(key)
    if engine is None:
        base: Engine = pickle.loads(blob)
        engine = _ENGINES[key] = ShardEngine(base.rules, base.severities, base.debug)
    engine.crashes, engine.copies = [], {}
    return engine


class ShardEngine(Engine):
    """The engine of a shard: the state of a dataset rule that defines ``group`` is the list
    of its turns' (key, data), shuffled by key later, not folded here. It keeps no places
    for cross-turn findings (``Engine.kept``): ``place`` reads each file with findings again,
    in parallel on the cluster, where a local run would place them from the workers' places."""

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self.kept = ()

    def partials(self, turns: Sequence[Turn], result: FileResult | None = None) -> tuple[Any, ...]:
        states: list[Any] = []
        for rule in self.dataset_rules:
            collected = self.collected(rule, turns, result)
            if not groups(rule):
                states.append(self.partial(rule, collected, result))
                continue
            keyed = []
            for index, data in enumerate(collected):
                key = self._guard(rule, partial(rule.group, data), result, _light(data))
                if isinstance(key, str):
                    keyed.append((index, key, data))
            states.append(_Keyed(keyed))
        return tuple(states)

    def merge(self, earlier: tuple[Any, ...] | None, later: tuple[Any, ...]) -> tuple[Any, ...]:
        """``Engine.merge``, a grouped rule's place left empty (its turns went to the shuffle)."""
        if earlier is None:
            return later
        ungrouped = [i for i, rule in enumerate(self.dataset_rules) if not groups(rule)]
        if len(ungrouped) == len(self.dataset_rules):
            return super().merge(earlier, later)
        merged: list[Any] = [None] * len(self.dataset_rules)
        inner = Engine([self.dataset_rules[i] for i in ungrouped], self.severities, self.debug)
        inner.crashes = self.crashes
        pairs = inner.merge(tuple(earlier[i] for i in ungrouped), tuple(later[i] for i in ungrouped))
        for i, state in zip(ungrouped, pairs, strict=True):
            merged[i] = state
        return tuple(merged)


def _light(data: Collected) -> Turn:
    """A turn named by its reference alone (a crash's message), without reading it again."""
    ref = data.ref
    return Turn({"id": ref.turn_id} if ref.turn_id is not None else {}, ref.path, ref.pointer)


class _Keyed(list[tuple[int, str, Collected]]):
    """A grouped dataset rule's turns in one shard: (turn index, key, data)."""


# -- check: file and turn rules, where the bytes are ----------------------------------------------


def check_files(batch: pa.Table, engine: bytes, max_bytes: int) -> pa.Table:
    """Each file of the batch (``order``, ``path``, ``context``) read and checked."""
    shard = engine_of(engine)
    rows = []
    for order, path, context in zip(
        batch.column("order").to_pylist(),
        batch.column("path").to_pylist(),
        batch.column("context").to_pylist(),
        strict=True,
    ):
        result = shard.check_document(load(path, max_bytes=max_bytes), bool(context))
        rows.append(_row(shard, order, path, not context, result, lambda index, o=order: o))
    return _table(rows, CHECKED)


def check_rows(batch: pa.Table, engine: bytes) -> pa.Table:
    """Turn rows (one turn a row, from Parquet or JSONL as Ray reads them): turn rules on each,
    the cross-turn rules' summaries of all; one output row per file named in the batch."""
    shard = engine_of(engine)
    by_path: dict[str, list[Turn]] = {}
    for row in batch.to_pylist():
        path = row.pop("path", None)
        path = path if isinstance(path, str) else "<dataset>"
        turns = by_path.setdefault(path, [])
        turns.append(Turn(_present(row), path, "", len(turns)))
    rows = []
    for path, turns in by_path.items():
        result = FileResult(path, turns=len(turns))
        for turn in turns:
            result.diagnostics.extend(shard.check_turn(turn))
        result.turn_ids = [t.id for t in turns if t.id is not None]
        result.partials = shard.partials(turns, result)
        if shard.conversation_rules:
            result.summaries = [shard.summarize(turn, result) for turn in turns]
        first = _row_order(path, turns[0])
        rows.append(
            _row(shard, first, path, True, result, lambda index, t=turns, p=path: _row_order(p, t[index]))
        )
    return _table(rows, CHECKED)


def _row_order(path: str, turn: Turn) -> str:
    """Turn rows carry no line number: within a file, they are read in the order of their ids."""
    return f"{path}\0{turn.id or ''}"


def _present(value: Any) -> Any:
    """A row as the turn it was: Arrow fills a field missing from one struct with null, so a
    null is taken as absent (the schema then names the missing field)."""
    if isinstance(value, dict):
        return {k: _present(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_present(v) for v in value]
    return value


def _row(
    engine: ShardEngine, order: str, path: str, checked: bool, result: FileResult, order_of: Any
) -> dict[str, Any]:
    """A ``CHECKED`` row: the result's parts, and its turns' rows for the shuffle."""
    shuffled: list[tuple[str, str, int, Any]] = []
    for turn, summary in enumerate(result.summaries):
        if summary.conversation_id is not None:
            shuffled.append((_CONVERSATION + summary.conversation_id, order_of(turn), turn, summary))
    partials: list[Any] = []
    for index, state in enumerate(result.partials):
        if isinstance(state, _Keyed):
            shuffled.extend((f"d{index}:{key}", order_of(turn), turn, data) for turn, key, data in state)
            partials.append(None)
        else:
            partials.append(state)
    return {
        "order": order,
        "path": path,
        "checked": checked,
        "turns": result.turns,
        "diagnostics": _dump(result.diagnostics),
        "places": _dump(result.places),
        "turn_ids": _dump(result.turn_ids),
        "partials": _dump(tuple(partials)),
        "groups": _dump(shuffled),
    }


def _table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=schema)


# -- the shuffle: conversations, and dataset rules by key ---------------------------------------------


def explode(batch: pa.Table) -> pa.Table:
    """One row for each turn's summary that a groupby must bring together."""
    columns: dict[str, list[Any]] = {"group": [], "order": [], "turn": [], "item": []}
    for blob in batch.column("groups").to_pylist():
        for group, order, turn, item in pickle.loads(blob):
            columns["group"].append(group)
            columns["order"].append(order)
            columns["turn"].append(turn)
            columns["item"].append(_dump(item))
    return pa.Table.from_pydict(columns, schema=GROUPED)


def check_group(group: pa.Table, engine: bytes, files: int) -> pa.Table:
    """One group's findings: a conversation's (every conversation rule), or one key's of a
    grouped dataset rule (partial → finish on the key's turns alone)."""
    shard = engine_of(engine)
    if not group.num_rows:
        return _table([], ITEMS)
    members = sorted(
        zip(
            group.column("order").to_pylist(),
            group.column("turn").to_pylist(),
            group.column("item").to_pylist(),
            strict=True,
        )
    )
    key: str = group.column("group")[0].as_py()
    items: list[Item] = []
    if key.startswith(_CONVERSATION):
        summaries: list[TurnSummary] = [pickle.loads(item) for _, _, item in members]
        for index, rule in enumerate(shard.conversation_rules):
            items.extend(_found(shard, shard.conversation(rule, index, key[1:], summaries)))
    else:
        position = int(key[1 : key.index(":")])
        dataset_rule = shard.dataset_rules[position]
        collected: list[Collected] = [pickle.loads(item) for _, _, item in members]
        state = shard.partial(dataset_rule, collected, None)
        notes: list[str] = []
        items.extend(_found(shard, shard.finish(dataset_rule, state, files, notes)))
        items.extend(Item("note", position, note) for note in notes)
    return _items(shard, items)


def reduce_states(batch: pa.Table, engine: bytes) -> pa.Table:
    """The batch's dataset-rule states (files in reading order) merged into one row."""
    shard = engine_of(engine)
    orders = batch.column("order").to_pylist()
    merged: tuple[Any, ...] | None = None
    for _, blob in sorted(zip(orders, batch.column("partials").to_pylist(), strict=True)):
        merged = shard.merge(merged, pickle.loads(blob))
    crashes = [Item("diagnostic", 0, d) for d in shard.crashes]
    return pa.Table.from_pylist(
        [{"order": min(orders), "partials": _dump(merged), "crashes": _dump(crashes)}] if orders else [],
        schema=pa.schema([("order", pa.string()), ("partials", pa.binary()), ("crashes", pa.binary())]),
    )


def finish_states(batch: pa.Table, engine: bytes, files: int) -> pa.Table:
    """Every batch's merged state, merged in reading order, and each rule finished."""
    shard = engine_of(engine)
    rows = sorted(zip(batch.column("order").to_pylist(), batch.column("partials").to_pylist(), strict=True))
    merged: tuple[Any, ...] | None = None
    for _, blob in rows:
        merged = shard.merge(merged, pickle.loads(blob))
    if merged is None:
        merged = shard.partials([])
    items: list[Item] = [i for blob in batch.column("crashes").to_pylist() for i in pickle.loads(blob)]
    for position, (rule, state) in enumerate(zip(shard.dataset_rules, merged, strict=True)):
        if state is None or isinstance(state, Crashed):
            continue  # a grouped rule (finished by key), or one that crashed (reported)
        notes: list[str] = []
        items.extend(_found(shard, shard.finish(rule, state, files, notes)))
        items.extend(Item("note", position, note) for note in notes)
    return _items(shard, items)


def _found(engine: Engine, found: Iterable[tuple[Rule, Finding]]) -> Iterator[Item]:
    positions = {id(rule): index for index, rule in enumerate(engine.rules)}
    for rule, finding in found:
        yield Item("found", positions[id(rule)], finding)


def _items(engine: Engine, items: list[Item]) -> pa.Table:
    """Items as ``ITEMS`` rows, a finding under the file it concerns; crashes reported so far too."""
    items.extend(Item("diagnostic", 0, d) for d in engine.crashes)
    items.extend(Item("copy", 0, pair) for pair in engine.copies.items())
    engine.crashes, engine.copies = [], {}
    rows = []
    for item in items:
        ref = item.value.ref if item.kind == "found" and isinstance(item.value, Finding) else None
        rows.append({"path": ref.path if ref is not None else "", "item": _dump(item)})
    return _table(rows, ITEMS)


# -- place: cross-turn findings stamped in their file ----------------------------------------------


def place(group: pa.Table, engine: bytes, max_bytes: int, rows: bool) -> pa.Table:
    """One file's cross-turn findings stamped with their lines and columns (the file read
    once, here); other items pass through. ``rows``: the turns came as rows, not files."""
    shard = engine_of(engine)
    items: list[Item] = [pickle.loads(blob) for blob in group.column("item").to_pylist()]
    found = [(shard.rules[i.at], i.value) for i in items if i.kind == "found"]
    out = [i for i in items if i.kind != "found"]
    if found:
        if rows:
            placed = [_stamp_row(shard, rule, finding) for rule, finding in found]
        else:
            placed = list(place_findings(found, shard, _NoDocuments(), max_bytes))
        out.extend(Item("diagnostic", 0, d) for d in placed)
    out.extend(Item("diagnostic", 0, d) for d in shard.crashes)
    shard.crashes = []
    return _table([{"path": "", "item": _dump(i)} for i in out], ITEMS)


def _stamp_row(engine: Engine, rule: Rule, finding: Finding) -> Diagnostic:
    """A finding about a turn that came as a row: no text, so no line or column."""
    ref = finding.ref if isinstance(finding, Finding) else None
    if ref is None:
        return engine.internal_error(rule, "it yielded a finding without ref= (the turn it concerns)", None)
    return engine.stamp_safely(rule, finding, None, _light(Collected(ref, None, None)))


class _NoDocuments(dict[str, Document]):
    """No document is at hand in a worker: ``place_findings`` reads each file itself."""


# -- diagnostics as a table ------------------------------------------------------------------------


def file_diagnostics(batch: pa.Table) -> pa.Table:
    """The file and turn rules' diagnostics of each checked file, one a row."""
    found: list[Diagnostic] = []
    for checked, blob in zip(
        batch.column("checked").to_pylist(), batch.column("diagnostics").to_pylist(), strict=True
    ):
        if checked:
            found.extend(pickle.loads(blob))
    return _table(list(table.rows(found)), DIAGNOSTICS)


def copy_keys(batch: pa.Table) -> pa.Table:
    """The turns among items that copy another turn, one a row (``path``, ``turn_pointer``).

    A copy told apart from the turn kept by nothing (turn rows of one file: no pointer) is
    left out: withdrawing its findings would withdraw the kept turn's too."""
    keys = []
    for item in map(pickle.loads, batch.column("item").to_pylist()):
        if item.kind == "copy":
            copy, kept = item.value
            if (copy.path, copy.pointer) != (kept.path, kept.pointer):
                keys.append({"path": copy.path, "turn_pointer": copy.pointer})
    return _table(keys, COPIES)


def withdraw(batch: pa.Table, copies: frozenset[tuple[str, str]]) -> pa.Table:
    """Diagnostics rows without the turn and conversation findings of turns that copy another
    (the kept turn reports them), as a local run's report does; file and dataset findings stay."""
    if not copies or batch.num_rows == 0:
        return batch
    keep = [
        not (scope in _WITHDRAWN_SCOPES and (path, pointer) in copies)
        for scope, path, pointer in zip(
            batch.column("scope").to_pylist(),
            batch.column("path").to_pylist(),
            batch.column("turn_pointer").to_pylist(),
            strict=True,
        )
    ]
    return batch.filter(pa.array(keep, type=pa.bool_()))


_WITHDRAWN_SCOPES = frozenset({Scope.TURN.value, Scope.CONVERSATION.value})


def item_diagnostics(batch: pa.Table) -> pa.Table:
    """The placed cross-turn diagnostics among items, one a row (notes are left out)."""
    found = [i.value for i in map(pickle.loads, batch.column("item").to_pylist()) if i.kind == "diagnostic"]
    return _table(list(table.rows(found)), DIAGNOSTICS)
