"""near-duplicate: responses and user inputs copied, nearly word for word, across conversations."""

from __future__ import annotations

import mmap
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import partial
from itertools import compress
from operator import ne
from typing import Any, Protocol

from fplint.model import Finding, Severity, Turn, TurnRef
from fplint.rule import Collected, Dataset, DatasetRule, Option
from fplint.rules import _similar
from fplint.rules._util import dig

#: The texts compared, each only with the same field of other conversations' turns.
FIELDS = ("target_response", "current_user_input")

#: One batch of turns for one field: their references, conversation ids, sketches
#: (``_similar.BINS`` four-byte values each, one after the other), and the exact phrase
#: sets (packed) of the short texts, by their place in the batch.
_Chunk = tuple[list[TurnRef], list["str | None"], bytes, dict[int, bytes]]
#: The run's state: for each field, its batches in reading order.
_State = tuple[list[_Chunk], ...]
#: Every text's sketch of one field, one after the other: in memory, or its file mapped.
Buffer = bytes | mmap.mmap


def _sketch(text: str) -> tuple[int, tuple[bytes, bytes | None] | None]:
    """How many words ``text`` has, its sketch and, when it has no more phrases than a sketch
    has bins, its exact phrases (no larger, and a sketch of a few phrases is a rough estimate);
    ``None`` for a text without words."""
    count, phrases = _similar.phrases(text)
    if not phrases:
        return count, None
    exact = _similar.pack(phrases) if len(phrases) <= _similar.BINS else None
    return count, (_similar.sketch(phrases), exact)


#: ``_sketch``, the last texts remembered: a text seen again (a copy, what this rule is there
#: to find) costs a look-up, not a sketch (about 90 µs for a response of 300 words).
_sketched = _similar.remembered(_sketch)


class NearDuplicate(DatasetRule):
    """A ``target_response`` (or ``current_user_input``) shares at least ``threshold`` (80%)
    of its three-word phrases with the same field of a turn in another conversation.

    Reported at the later turn, naming the earlier one and the share of phrases they have
    in common (estimated from MinHash sketches, within a few points). Texts of fewer than
    ``min-words`` words (20) are not compared: short replies ("That makes sense, thank
    you!") are rightly alike. Turns of one conversation are not compared with each other
    here (``repeated-input`` checks a conversation's inputs). Found without comparing every
    pair: a sketch of each text is made where its file is read, and only texts that share a
    band of their sketches are compared, so the rule stays fast on large datasets, with
    ``--jobs`` and the cache; past 10,000 texts the sketches wait in a temporary file, read
    back one band at a time, so the rule's memory stays small (docs/performance.md). A
    warning: a template phrase shared on purpose can be long.

    Why: the seed's diversity engine asks for "true variation, not just paraphrasing", and a
    generated variation that copies its seed trains the model on one example twice while
    counting it as two. Near-copies across conversations also leak between training and
    evaluation splits.

    Fails::

        fp_jennifer_003_turn1 "target_response": the response of fp_jennifer_001_turn1
                                                 with the name and one sentence changed

    Passes::

        each conversation's responses written for its own client and moment
    """

    name = "near-duplicate"
    code = "FP802"
    reports_at = tuple(f"/{name}" for name in FIELDS)
    severity = Severity.WARNING
    options = {
        "threshold": Option(float, 0.8, "least share of shared three-word phrases to report", minimum=0),
        "min-words": Option(int, 20, "texts with fewer words are not compared", minimum=1),
    }

    def collect(self, turn: Turn) -> tuple[str | None, tuple[tuple[bytes, bytes | None] | None, ...]]:
        """The turn's conversation, and for each field long enough to compare its sketch and,
        when it has no more phrases than a sketch has bins, its exact phrases (no larger, and
        a sketch of a few phrases is a rough estimate)."""
        made: list[tuple[bytes, bytes | None] | None] = []
        for name in FIELDS:
            text = dig(turn.value, name)
            count, field = _sketched(text) if isinstance(text, str) else (0, None)
            made.append(field if count >= self.opts["min-words"] else None)
        return turn.conversation_id, tuple(made)

    def partial(self, turns: Sequence[Collected]) -> _State:
        state: _State = tuple([] for _ in FIELDS)
        for index in range(len(FIELDS)):
            refs: list[TurnRef] = []
            conversations: list[str | None] = []
            sketches = bytearray()
            exact: dict[int, bytes] = {}
            for turn in turns:
                conversation, made = turn.data if turn.data is not None else (None, (None,) * len(FIELDS))
                field: tuple[bytes, bytes | None] | None = made[index]
                if field is not None:
                    if field[1] is not None:
                        exact[len(refs)] = field[1]
                    refs.append(turn.ref)
                    conversations.append(conversation)
                    sketches += field[0]
            if refs:
                state[index].append((refs, conversations, bytes(sketches), exact))
        return state

    def merge(self, earlier: _State | _Merged, later: _State | _Merged) -> _Merged:
        if isinstance(later, _Merged):  # a merged state read after another (not in a local run)
            later = later.plain()
        if not isinstance(earlier, _Merged):
            merged = _Merged()
            merged.add(earlier)
            earlier = merged
        earlier.add(later)
        return earlier

    def finish(self, state: _State | _Merged, dataset: Dataset) -> Iterator[Finding]:
        for name, texts in zip(FIELDS, _texts(state), strict=True):
            yield from self._field(name, texts)

    def _field(self, name: str, texts: _Texts) -> Iterator[Finding]:
        size = _similar.BINS * 4
        with texts.sketches() as sketches:
            found = _candidates(sketches, size, texts.count)
            details = texts.details(set(found).union(*found.values()))
            candidates = _apart(found, {index: detail[1] for index, detail in details.items()})
            threshold = self.opts["threshold"]
            for later in sorted(candidates):
                mine = sketches[later * size : (later + 1) * size]
                exact = details[later][2]
                best, best_share, measured = -1, 0.0, False
                for earlier in sorted(candidates[later]):
                    theirs_exact = details[earlier][2]
                    both = False
                    if exact is not None and theirs_exact is not None:
                        both, share = (
                            True,
                            _similar.jaccard(_similar.unpack(exact), _similar.unpack(theirs_exact)),
                        )
                    else:  # equal sketches (a copy's) agree in every bin: no need to count them
                        theirs = sketches[earlier * size : (earlier + 1) * size]
                        share = 1.0 if mine == theirs else _similar.similarity(mine, theirs)
                    if share >= threshold and share > best_share:
                        best, best_share, measured = earlier, share, both
                        if share == 1.0:
                            break
                if best < 0:
                    continue
                first = details[best][0]
                yield Finding(
                    f"/{name}",
                    f"{name} shares {'' if measured else 'about '}{best_share:.0%} of its three-word phrases with "
                    f"{first.turn_id or 'the turn'}'s in another conversation ({first.path} at {first.pointer or '/'}): "
                    "the seed wants true variation, not near-copies; rewrite one of them",
                    ref=details[later][0],
                    related=(first,),
                )


#: How many earliest texts of one band a text is compared with: enough for any real
#: dataset, and a bound on the work when thousands of texts are copies of each other.
_PER_BAND = 4


def _candidates(sketches: Buffer, size: int, count: int) -> dict[int, set[int]]:
    """For each of ``count`` texts, the earlier texts that share a band with it (of any
    conversation: ``_apart`` keeps the others'): of each band's texts, a text is compared
    with the ``_PER_BAND`` earliest before it.

    Each band's first text of every value is found by C loops (slices, a dict, ``map``);
    only the texts whose band value came earlier (candidates, rare in a varied dataset) take
    a step in Python. One band's values are in memory at a time.
    """
    width = _similar.ROWS * 4
    indexes = range(count)
    found: dict[int, set[int]] = {}
    for band in range(_similar.BANDS):
        starts = range(band * width, count * size, size)
        ends = range(starts.start + width, count * size + width, size)
        keys = list(map(sketches.__getitem__, map(slice, starts, ends)))  # this band of every text
        first = dict(zip(reversed(keys), reversed(indexes), strict=True))  # the earliest wins
        groups: dict[bytes, list[int]] = {}
        for index in compress(indexes, map(ne, map(first.__getitem__, keys), indexes)):
            key = keys[index]
            earlier = groups.get(key)
            if earlier is None:
                earlier = groups[key] = [first[key]]
            found.setdefault(index, set()).update(earlier)
            if len(earlier) < _PER_BAND:
                earlier.append(index)
        del keys, first, groups
    return found


def _apart(found: dict[int, set[int]], conversations: Mapping[int, str | None]) -> dict[int, set[int]]:
    """``found`` without the pairs of one conversation (texts of none are nobody's);
    ``conversations`` has every text of ``found``, either side."""
    kept: dict[int, set[int]] = {}
    for index, earlier in found.items():
        mine = conversations[index]
        others = {e for e in earlier if conversations[e] != mine or conversations[e] is None}
        if others:
            kept[index] = others
    return kept


# -- the state past the memory limit ---------------------------------------------------------

#: Texts (of either field) the run's merged state holds in memory; past it, the held batches
#: go to anonymous temporary files and memory holds the next ones (about 0.7 KB a text).
MEMORY_LIMIT = 10_000

#: What ``finish`` needs of one text besides its sketch: its turn, conversation and, for a
#: short text, its exact phrases (packed).
_Detail = tuple[TurnRef, "str | None", "bytes | None"]


class _Texts(Protocol):
    """One field's texts in reading order, wherever they are kept."""

    count: int

    def sketches(self) -> AbstractContextManager[Buffer]:
        """Every text's sketch, one after the other (bytes, or the file mapped)."""
        ...

    def details(self, wanted: set[int]) -> dict[int, _Detail]:
        """The details of the texts ``wanted`` (by place in the run): only those are made."""
        ...


class _Held:
    """One field's batches in memory."""

    def __init__(self, chunks: list[_Chunk]) -> None:
        self.chunks = chunks
        self.count = sum(len(chunk[0]) for chunk in chunks)

    def sketches(self) -> AbstractContextManager[Buffer]:
        return nullcontext(b"".join(chunk[2] for chunk in self.chunks))

    def details(self, wanted: set[int]) -> dict[int, _Detail]:
        places: list[tuple[int, int, Callable[[], _Lookup]]] = []
        start = 0
        for chunk in self.chunks:
            places.append((start, len(chunk[0]), partial(_held, chunk)))
            start += len(chunk[0])
        return _details(places, wanted)


class _Spilled:
    """One field's batches in two anonymous temporary files: the sketches one after the
    other (mapped by ``finish``, one band read at a time), and each written block's turns,
    conversations and exact phrases pickled (read back only for the candidates). Memory
    keeps the place of each block: three numbers a block of up to ``MEMORY_LIMIT`` texts."""

    def __init__(self) -> None:
        import tempfile  # on demand, as pickle: a run that never spills loads neither

        # anonymous files: named by no one, written and read by this process only, gone with it
        self.sketch_file = tempfile.TemporaryFile(prefix="fplint-")  # noqa: SIM115
        self.detail_file = tempfile.TemporaryFile(prefix="fplint-")  # noqa: SIM115
        self.starts = array("Q")  # each block's first text, its place in the detail file, its size
        self.places = array("Q")
        self.sizes = array("Q")
        self.count = 0

    def write(self, chunks: list[_Chunk]) -> None:
        """Batches read after those written before, as one block (turn references as three
        lists of strings: read back, only the candidates' are made again)."""
        refs: list[TurnRef] = []
        conversations: list[str | None] = []
        exact: dict[int, bytes] = {}
        for own_refs, own_conversations, sketches, own_exact in chunks:
            exact.update((len(refs) + index, packed) for index, packed in own_exact.items())
            refs.extend(own_refs)
            conversations.extend(own_conversations)
            self.sketch_file.write(sketches)
        if not refs:
            return
        self.detail_file.seek(0, os.SEEK_END)
        self.starts.append(self.count)
        self.places.append(self.detail_file.tell())
        self.sizes.append(len(refs))
        paths, pointers, ids = zip(*refs, strict=True)
        import pickle

        pickle.dump(
            (paths, pointers, ids, conversations, exact), self.detail_file, protocol=pickle.HIGHEST_PROTOCOL
        )
        self.count += len(refs)

    def chunks(self) -> Iterator[_Chunk]:
        """The blocks read back, as the batches they were (sketches included)."""
        self.sketch_file.flush()
        for start, place, size in zip(self.starts, self.places, self.sizes, strict=True):
            paths, pointers, ids, conversations, exact = self._block(place)
            self.sketch_file.seek(start * _SKETCH)
            yield (
                list(map(TurnRef, paths, pointers, ids)),
                conversations,
                self.sketch_file.read(size * _SKETCH),
                exact,
            )
        self.sketch_file.seek(0, os.SEEK_END)

    @contextmanager
    def sketches(self) -> Iterator[Buffer]:
        self.sketch_file.flush()
        if not self.count:
            yield b""
            return
        with mmap.mmap(self.sketch_file.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            yield mapped

    def details(self, wanted: set[int]) -> dict[int, _Detail]:
        places = [
            (start, size, partial(self._lookup, place))
            for start, place, size in zip(self.starts, self.places, self.sizes, strict=True)
        ]
        return _details(places, wanted)

    def _block(
        self, place: int
    ) -> tuple[list[str], list[str], list[str | None], list[str | None], dict[int, bytes]]:
        import pickle

        self.detail_file.seek(place)
        block: tuple[list[str], list[str], list[str | None], list[str | None], dict[int, bytes]]
        block = pickle.load(self.detail_file)
        return block

    def _lookup(self, place: int) -> _Lookup:
        paths, pointers, ids, conversations, exact = self._block(place)

        def detail(local: int) -> _Detail:
            return TurnRef(paths[local], pointers[local], ids[local]), conversations[local], exact.get(local)

        return detail


_SKETCH = _similar.BINS * 4
#: A batch's details, by a text's place in it.
_Lookup = Callable[[int], _Detail]


def _held(chunk: _Chunk) -> _Lookup:
    def detail(local: int) -> _Detail:
        return chunk[0][local], chunk[1][local], chunk[3].get(local)

    return detail


def _details(
    places: Iterable[tuple[int, int, Callable[[], _Lookup]]], wanted: set[int]
) -> dict[int, _Detail]:
    """The details of the texts ``wanted``, from batches given as (first text, size, how to
    read it): a batch none of them is in is not read."""
    order = sorted(wanted)
    found: dict[int, _Detail] = {}
    at = 0
    for start, size, read in places:
        end = start + size
        if at < len(order) and order[at] < end:
            detail = read()
            while at < len(order) and order[at] < end:
                found[order[at]] = detail(order[at] - start)
                at += 1
    return found


class _Merged:
    """The run's state once two are merged: the latest batches in memory, up to
    ``MEMORY_LIMIT`` texts; the earlier ones, once there were more, in temporary files
    (``_Spilled``, a pair a field). Pickled (to cross a process), it is the plain state again."""

    def __init__(self) -> None:
        self.held: _State = tuple([] for _ in FIELDS)
        self.count = 0  # texts in ``held``
        self.spilled: tuple[_Spilled, ...] | None = None

    def add(self, state: _State) -> None:
        """A state read after what this one holds."""
        for mine, theirs in zip(self.held, state, strict=True):
            mine.extend(theirs)
            self.count += sum(len(chunk[0]) for chunk in theirs)
        if self.count > MEMORY_LIMIT:
            self.flush()

    def flush(self) -> None:
        """Everything held written to the files."""
        if self.spilled is None:
            self.spilled = tuple(_Spilled() for _ in FIELDS)
        for spilled, held in zip(self.spilled, self.held, strict=True):
            spilled.write(held)
            held.clear()
        self.count = 0

    def plain(self) -> _State:
        """The same state as plain data, every batch in memory."""
        if self.spilled is None:
            return tuple(list(held) for held in self.held)
        return tuple(
            [*spilled.chunks(), *held] for spilled, held in zip(self.spilled, self.held, strict=True)
        )

    def __reduce__(self) -> tuple[type[tuple[Any, ...]], tuple[_State]]:
        return tuple, (self.plain(),)


def _texts(state: _State | _Merged) -> tuple[_Texts, ...]:
    """Each field's texts of a run's state: in memory, or (a state that spilled) on disk."""
    if isinstance(state, _Merged):
        if state.spilled is None:
            return tuple(_Held(held) for held in state.held)
        state.flush()
        return state.spilled
    return tuple(_Held(chunks) for chunks in state)
