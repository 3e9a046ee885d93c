"""Places of cross-turn findings, kept by the worker that read the file: no second read.

Conversation and dataset rules report once every file is read, and their findings need a
line and a column in a file the run has let go. Each such rule declares the pointers it
reports at (``reports_at``, relative to the turn); the worker, while it holds the file and
its position index, places each of them in each turn and packs the places with the turn
pointers (``pack``). The run keeps them per file (``KeptPlaces``), past ``MEMORY_LIMIT`` bytes
in temporary files by a hash of the path, and stamps a finding from them when it can
(``placed``); the rest (a fix to resolve, an undeclared pointer, an offset inside a string)
still have their file read again. Either way the place is what ``Document.locate`` gives on
the same text: the same function on the same bytes.

Packing: each value a code point of a UTF-8 string (encoded and decoded in C, one byte for a
value under 128, two under 2,048), a record of ``1 + 2 × pointers`` values a turn, so a turn's
record is found by its position: the first line the turn's places are on, then for each
pointer ``column + 1`` and its line's distance from that first line (``0, 0``: the pointer
could not be placed, so its findings are placed by reading the file). A file whose places
need a value past the last code point (a line over a million characters long) keeps none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from fplint.model import Turn
from fplint.read.document import Document

#: Bytes of kept places held in memory before the run spills them to temporary files.
MEMORY_LIMIT = 16 << 20
#: Temporary files a spilled run's places are spread over (by a hash of the path).
BUCKETS = 16

#: What a worker keeps of one file: its turns' pointers, in order, and their places packed.
Kept = tuple[tuple[str, ...], bytes]


def pack(document: Document, turns: Sequence[Turn], pointers: Sequence[str]) -> Kept | None:
    """Where each of ``pointers`` (relative to each turn) is in ``document``, packed; ``None``
    when a place does not fit (the run reads the file again instead)."""
    values: list[int] = []
    locate = document.locate
    for turn in turns:
        base = turn.pointer
        places: list[tuple[int, int] | None] = []
        for pointer in pointers:
            try:
                places.append(locate(base + pointer))
            except Exception:  # a text the locator cannot walk: the file is read again for it
                places.append(None)
        first = min((place[0] for place in places if place is not None), default=0)
        values.append(first)
        for place in places:
            values.extend((place[1] + 1, place[0] - first) if place is not None else (0, 0))
    if values and (max(values) > _LAST or min(values) < 0):
        return None
    return tuple(turn.pointer for turn in turns), "".join(map(chr, values)).encode("utf-8", "surrogatepass")


class Table:
    """One file's kept places, looked up by turn pointer and the pointer's index."""

    __slots__ = ("_codes", "_turns", "_width")

    def __init__(self, turns: dict[str, int], codes: str, width: int) -> None:
        self._turns, self._codes, self._width = turns, codes, width

    def at(self, turn: str, index: int) -> tuple[int, int] | None:
        """(line, column) of pointer ``index`` in the turn at ``turn``, when it was placed."""
        n = self._turns.get(turn)
        if n is None or not 0 <= index < self._width:
            return None
        record = n * (1 + 2 * self._width)
        column = ord(self._codes[record + 1 + 2 * index])
        if not column:
            return None
        return ord(self._codes[record]) + ord(self._codes[record + 2 + 2 * index]), column - 1


def unpack(kept: Kept, width: int) -> Table | None:
    """The places packed for ``width`` pointers a turn; ``None`` for bytes that do not hold
    exactly that (the file's findings are then placed by reading it)."""
    pointers, data = kept
    try:
        codes = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None
    if len(codes) != len(pointers) * (1 + 2 * width):
        return None
    return Table(dict(zip(pointers, range(len(pointers)), strict=True)), codes, width)


#: What a file's entry holds besides its places and its turns' references (the dict's slot,
#: two tuples, the bytes object): measured with ``sys.getsizeof``.
_PER_FILE = 170
#: The largest value a place can pack (the last code point).
_LAST = 0x10FFFF


class KeptPlaces:
    """Each file's kept places, as its result brought them; spilled past the memory limit."""

    def __init__(self, memory_limit: int | None = None, buckets: int | None = None) -> None:
        self._limit = MEMORY_LIMIT if memory_limit is None else memory_limit
        self._buckets = BUCKETS if buckets is None else buckets
        self._held: dict[str, Kept] = {}
        self._size = 0
        self._files: list[IO[bytes]] | None = None

    def add(self, path: str, kept: Kept) -> None:
        """One file's places (a file read twice keeps its first)."""
        self._held.setdefault(path, kept)
        self._size += len(kept[1]) + 8 * len(kept[0]) + _PER_FILE
        if self._size > self._limit:
            self._spill()

    def _spill(self) -> None:
        import pickle  # on demand, as tempfile: a run that never spills loads neither

        if self._files is None:
            import tempfile

            # anonymous files: written and read by this process only, gone when it ends
            self._files = [tempfile.TemporaryFile(prefix="fplint-") for _ in range(self._buckets)]  # noqa: SIM115
        buckets: list[list[tuple[str, Kept]]] = [[] for _ in self._files]
        for path, kept in self._held.items():
            buckets[hash(path) % len(buckets)].append((path, kept))
        for bucket, file in zip(buckets, self._files, strict=True):
            if bucket:
                pickle.dump(bucket, file, protocol=pickle.HIGHEST_PROTOCOL)
        self._held, self._size = {}, 0

    def take(self, paths: Iterable[str]) -> Iterator[tuple[str, Kept]]:
        """The places of those of ``paths`` that have some (each spilled file read once);
        the store is used up."""
        wanted = set(paths)
        held, self._held = self._held, {}
        yield from ((path, kept) for path, kept in held.items() if path in wanted)
        files, self._files = self._files, None
        if files is None:
            return
        import pickle

        try:
            for file in files:
                file.seek(0)
                while True:
                    try:
                        chunk: list[tuple[str, Kept]] = pickle.load(file)
                    except EOFError:
                        break
                    yield from ((path, kept) for path, kept in chunk if path in wanted)
                file.close()
        finally:
            for file in files:
                file.close()
