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

Packing, for each turn and each declared pointer, as unsigned LEB128 integers: ``column + 1``
then the line's difference from the previous line placed, zigzag-coded (``0`` alone: the
pointer could not be placed, so its findings are placed by reading the file).
"""

from __future__ import annotations

import pickle
import tempfile
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


def pack(document: Document, turns: Sequence[Turn], pointers: Sequence[str]) -> Kept:
    """Where each of ``pointers`` (relative to each turn) is in ``document``, packed."""
    out = bytearray()
    previous = 0
    locate = document.locate
    for turn in turns:
        base = turn.pointer
        for pointer in pointers:
            try:
                line, column = locate(base + pointer)
            except Exception:  # a text the locator cannot walk: the file is read again for it
                out.append(0)
                continue
            delta = line - previous
            previous = line
            for value in (column + 1, (delta << 1) if delta >= 0 else ((-delta) << 1) - 1):
                while value > 0x7F:
                    out.append((value & 0x7F) | 0x80)
                    value >>= 7
                out.append(value)
    return tuple(turn.pointer for turn in turns), bytes(out)


def unpack(kept: Kept, width: int) -> dict[str, list[tuple[int, int] | None]] | None:
    """Each turn pointer's places, ``width`` of them (``None`` where one could not be made);
    ``None`` for bytes that do not hold exactly that (its findings are placed by reading)."""
    pointers, data = kept
    places: list[tuple[int, int] | None] = []
    size, at, line = len(data), 0, 0
    try:
        while at < size:
            values = []
            for _ in range(1 if data[at] == 0 else 2):
                value = shift = 0
                while True:
                    byte = data[at]
                    at += 1
                    value |= (byte & 0x7F) << shift
                    shift += 7
                    if byte < 0x80:
                        break
                values.append(value)
            if len(values) == 1:
                places.append(None)
                continue
            column, zigzag = values
            line += (zigzag >> 1) if not zigzag & 1 else -((zigzag + 1) >> 1)
            places.append((line, column - 1))
    except IndexError:
        return None
    if len(places) != width * len(pointers):
        return None
    return {pointer: places[n * width : (n + 1) * width] for n, pointer in enumerate(pointers)}


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
        self._size += len(kept[1]) + 8 * len(kept[0])
        if self._size > self._limit:
            self._spill()

    def _spill(self) -> None:
        if self._files is None:
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
