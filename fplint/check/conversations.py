"""The conversation rules' summaries of a run, grouped by conversation as files are read.

A run keeps, of each turn, what its conversation rules collected (``TurnSummary``), until
every file is read: a conversation's turns may be in any file. Past ``MEMORY_LIMIT``
summaries they go to temporary files, each conversation to the one its id hashes to
(``BUCKETS`` of them), and come back one file at a time when the rules run: memory holds
one bucket, not the dataset, and each summary is written and read once (linear time).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import IO

from fplint.check.engine import TurnSummary

#: Summaries held in memory before the run spills them to temporary files.
MEMORY_LIMIT = 20_000
#: Temporary files a spilled run's conversations are spread over (by a hash of their id).
BUCKETS = 64


class Conversations:
    """Each conversation's summaries, in reading order; conversations in the order their
    first turn was read (spilled: bucket by bucket, each in that order)."""

    def __init__(self, memory_limit: int | None = None, buckets: int | None = None) -> None:
        self._limit = MEMORY_LIMIT if memory_limit is None else memory_limit
        self._buckets = BUCKETS if buckets is None else buckets
        self._held: dict[str, list[TurnSummary]] = {}
        self._count = 0  # summaries in ``_held``, or in the buffers once spilled
        self._files: list[IO[bytes]] | None = None
        self._buffers: list[list[TurnSummary]] = []

    def add(self, summaries: Iterable[TurnSummary]) -> None:
        """Summaries of turns read after those added before (a turn of no conversation is
        nobody's: conversation rules never see it)."""
        if self._files is not None:
            for summary in summaries:
                if summary.conversation_id is not None:
                    self._buffers[hash(summary.conversation_id) % self._buckets].append(summary)
                    self._count += 1
            if self._count > self._limit:
                self._flush()
            return
        for summary in summaries:
            if summary.conversation_id is not None:
                self._held.setdefault(summary.conversation_id, []).append(summary)
                self._count += 1
        if self._count > self._limit:
            self._spill()

    @property
    def in_memory(self) -> int:
        """How many summaries are held in memory now (the rest are in the temporary files)."""
        return self._count

    def _spill(self) -> None:
        import tempfile  # on demand, as pickle: a run that never spills loads neither

        # anonymous files: written and read by this process only, gone when it ends
        self._files = [tempfile.TemporaryFile(prefix="fplint-") for _ in range(self._buckets)]  # noqa: SIM115
        self._buffers = [[] for _ in range(self._buckets)]
        held, self._held, self._count = self._held, {}, 0
        for members in held.values():
            self.add(members)
        self._flush()

    def _flush(self) -> None:
        import pickle

        assert self._files is not None
        for buffer, file in zip(self._buffers, self._files, strict=True):
            if buffer:
                pickle.dump(buffer, file, protocol=pickle.HIGHEST_PROTOCOL)
                buffer.clear()
        self._count = 0

    def __iter__(self) -> Iterator[tuple[str, list[TurnSummary]]]:
        """Each conversation id with its turns' summaries (reading order); a spilled run's
        files are read once and closed."""
        if self._files is None:
            yield from self._held.items()
            return
        self._flush()
        files, self._files = self._files, None
        import pickle

        try:
            for file in files:
                grouped: dict[str, list[TurnSummary]] = {}
                file.seek(0)
                while True:
                    try:
                        chunk: list[TurnSummary] = pickle.load(file)
                    except EOFError:
                        break
                    for summary in chunk:
                        assert summary.conversation_id is not None
                        grouped.setdefault(summary.conversation_id, []).append(summary)
                file.close()
                yield from grouped.items()
        finally:
            for file in files:
                file.close()

    @classmethod
    def of(cls, summaries: Iterable[TurnSummary]) -> Conversations:
        """Summaries already in memory, grouped (never spilled: they are held anyway)."""
        grouped = cls(memory_limit=sys.maxsize)
        grouped.add(summaries)
        return grouped
