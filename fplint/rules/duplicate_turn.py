"""duplicate-turn: the same turn id appears more than once in the dataset."""

from __future__ import annotations

import itertools
import json
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

from fplint.brief import LIST_LIMIT, clip, listing
from fplint.model import Finding, Turn, TurnRef
from fplint.rule import Collected, Dataset, DatasetRule

#: A file name that marks a later version or a part: ``-complete``, ``_v2``, ``-part2``.
_LATER = re.compile(
    r"(?:^|[-_. ])(?:v(?:ersion)?[-_]?(\d+)|part[-_]?(\d+)|complete|final|fixed|revised|updated|corrected)"
    r"(?=$|[-_ ]|\.(?!\d))",  # not a format version such as _v3.4
    re.IGNORECASE,
)


def later_version(path: str) -> tuple[int, int]:
    """How strongly a file's name marks it as a later version or a part: ``(0, 0)`` for
    none (``convo-10.json``, ``..._v1.json``, ``-part1``), ``(1, n)`` for ``-complete``,
    ``_v2`` (n = 2) or ``-part3`` (n = 3)."""
    stem = os.path.basename(path).rsplit(".", 1)[0]
    best = (0, 0)
    for match in _LATER.finditer(stem):
        number = match.group(1) or match.group(2)
        if number is None:
            best = max(best, (1, 0))
        elif int(number[:6]) >= 2:
            best = max(best, (1, int(number[:6])))
    return best


def fingerprint(value: Any) -> int | None:
    """The turn's content in 64 bits (its JSON's length and CRC-32): copies match."""
    try:
        import orjson

        data = b"o" + orjson.dumps(value)
    except ImportError:
        data = None
    except Exception:  # a lone surrogate, an integer past 64 bits: the standard library's turn
        data = None
    if data is None:
        try:
            data = b"j" + json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError, RecursionError):
            return None
    return (len(data) << 32) | zlib.crc32(data)


class DuplicateTurn(DatasetRule):
    """A turn ``id`` appears more than once across the dataset (in one file or across files).

    One copy is kept: the one whose file name marks it as a later version or a part
    (``-complete``, ``_v2``, ``-part2``), else the first in reading order. Every other copy
    is reported once, at itself, naming every copy and which one to keep. An identical
    copy's other findings are reported at the kept copy only (the run drops them at the
    copies); a copy with different content keeps its own.

    Why: a duplicated turn is trained on twice, which over-weights it; two different turns
    with one id make every cross-reference (history, progression, baselines) ambiguous.

    Fails::

        fp_marcus_002_turn1 in convo-10-first_v1.json and again in convo-01-complete.json

    Passes::

        each turn id in exactly one file
    """

    name = "duplicate-turn"
    code = "FP703"
    reports_at = ("/id",)

    def collect(self, turn: Turn) -> int | None:
        return fingerprint(turn.value) if turn.id is not None else None

    def group(self, turn: Collected) -> str | None:
        return turn.ref.turn_id  # copies of one id never bear on another id's findings

    def partial(self, turns: Sequence[Collected]) -> _State:
        state: _State = {}
        for turn in turns:
            path, pointer, turn_id = turn.ref
            if turn_id is not None:
                _add(state, turn_id, (path, pointer, turn.data))
        return state

    def merge(self, earlier: _State, later: _State) -> _State:
        for turn_id, seen in later.items():
            for one in seen if isinstance(seen, list) else (seen,):
                _add(earlier, turn_id, one)
        return earlier

    def finish(self, state: _State, dataset: Dataset) -> Iterator[Finding]:
        for turn_id, seen in state.items():
            if not isinstance(seen, list):
                continue  # seen once
            refs = [TurnRef(path, pointer, turn_id) for path, pointer, _ in seen]
            prints = [content for _, _, content in seen]
            ranks = [later_version(ref.path) for ref in refs]
            keep = max(range(len(refs)), key=lambda i: (ranks[i], -i))
            kept = refs[keep]
            identical = all(p is not None and p == prints[keep] for p in prints)
            for i, ref in enumerate(refs):
                if i == keep:
                    continue
                same = prints[i] is not None and prints[i] == prints[keep]
                if same:
                    dataset.copies[ref] = kept
                yield Finding(
                    "/id",
                    _message(turn_id, i, refs, keep, ranks[keep] > ranks[i], identical, same),
                    ref=ref,
                    related=(kept,),
                )


def _place(ref: TurnRef, here: TurnRef) -> str:
    where = f"at {clip(ref.pointer or '/')}"
    if ref.path == here.path:
        return f"{where} of this file"
    shown = ref.path if len(ref.path) <= _PATH_LIMIT else "…" + ref.path[1 - _PATH_LIMIT :]  # keep the name
    return f"in {shown} {where}"


#: The longest a path runs in a message; a longer one keeps its end, the file's name.
_PATH_LIMIT = 160


def _message(
    turn_id: str, i: int, refs: list[TurnRef], keep: int, named: bool, identical: bool, same: bool
) -> str:
    here = refs[i]
    others = (_place(r, here) for j, r in enumerate(refs) if j != i)
    shown = ["here", *itertools.islice(others, LIST_LIMIT - 1)]  # linear however many copies
    rest = len(refs) - len(shown)
    places = ", ".join(shown[:-1]) + f" and {shown[-1]}" if not rest else listing(shown, total=len(refs))
    content = "identical copies" if identical else "not all the same"
    kept = f"the copy {_place(refs[keep], here)}"
    if same:
        reason = " (its name marks a later version or part)" if named else " (the first)"
        advice = f"keep {kept}{reason} and remove this one"
    else:
        advice = f"this one differs from {kept}: give it its own id, or keep one of them"
    return f"turn id '{clip(turn_id)}' appears {len(refs):,} times, {content}: {places}; {advice}"


#: Where a turn is (its file and pointer) and its content's fingerprint.
_Seen = tuple[str, str, "int | None"]
#: Each turn id's one sighting, or its sightings in reading order once it is seen again: a
#: dataset of unique ids keeps one small tuple a turn.
_State = dict[str, "_Seen | list[_Seen]"]


def _add(state: _State, turn_id: str, seen: _Seen) -> None:
    held = state.get(turn_id)
    if held is None:
        state[turn_id] = seen
    elif isinstance(held, list):
        held.append(seen)
    else:
        state[turn_id] = [held, seen]
