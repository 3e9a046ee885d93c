"""A list that keeps its items in a temporary file once there are many: appended in order,
read back in order, so what a run keeps of every file and every turn (its path, each turn's
place) does not stay in memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Generic, TypeVar, overload

T = TypeVar("T")

#: Items kept in memory before a chunk is written out.
CHUNK = 10_000


class Tape(Sequence[T], Generic[T]):
    """Items in order: the last ``CHUNK`` in memory, the rest pickled, chunk by chunk, to disk."""

    def __init__(self, chunk: int | None = None) -> None:
        self._chunk = chunk or CHUNK
        self._head: list[T] = []
        self._spans: list[tuple[int, int]] = []
        self._file: IO[bytes] | None = None
        self._count = 0

    def append(self, item: T) -> None:
        self._head.append(item)
        self._count += 1
        if len(self._head) >= self._chunk:
            self._spill()

    def extend(self, items: Iterable[T]) -> None:
        for item in items:
            self.append(item)

    def _spill(self) -> None:
        import pickle  # on demand, as tempfile: a run that never spills loads neither

        if self._file is None:
            import tempfile

            self._file = tempfile.TemporaryFile(prefix="fplint-places-")  # noqa: SIM115 - lives as long as the tape
        start = self._file.seek(0, 2)
        pickle.dump(self._head, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._spans.append((start, self._file.tell() - start))
        self._head = []

    def __iter__(self) -> Iterator[T]:
        if self._spans:
            import pickle
        for start, size in self._spans:
            assert self._file is not None
            self._file.seek(start)
            chunk: list[T] = pickle.loads(self._file.read(size))
            yield from chunk
        yield from list(self._head)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return list(self)[index]
