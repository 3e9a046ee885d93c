"""Diagnostics in reading order, kept on disk once there are many: memory stays flat however
many findings a run has, and reporters still read them as one sequence."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import IO, Any, overload

from fplint.check.tape import Tape
from fplint.model import Diagnostic, Scope, Severity

#: Diagnostics held in memory before the spool spills to a temporary file.
MEMORY_LIMIT = 5_000

#: A diagnostic's place in its file's order (read in C: the spool sorts by 100,000s).
_PLACE = attrgetter("sort_key")


def charged(d: Diagnostic) -> tuple[str, str] | None:
    """The turn a diagnostic counts against, as (path, turn pointer): the turn it was found
    in, or that a cross-turn rule named; none for findings about a whole file or the dataset.

    A dataset rule's finding about one turn (a duplicate, which names its first copy in
    ``related``) counts against that turn: a copy must not pass as clean and be trained on twice.
    """
    if d.turn_pointer is None or (d.scope is Scope.DATASET and not d.related):
        return None
    return (d.path, d.turn_pointer)


class Spool(Sequence[Diagnostic]):
    """One sorted chunk per file that has diagnostics, in the files' order, plus diagnostics
    that arrive later (cross-file findings) merged into their file's place when read.

    A file without diagnostics costs only its place in the order of files, which is a ``Tape``
    (on disk past its chunk): the spool's memory grows with findings, not with files.
    """

    def __init__(self, memory_limit: int = MEMORY_LIMIT, paths_held: int | None = None) -> None:
        self._limit = memory_limit
        #: every file added, in order (``paths_held`` in memory): where a later finding goes
        self._order: Tape[str] = Tape(paths_held)
        #: the files with diagnostics, by their number in ``_order``
        self._chunks: dict[int, tuple[str, list[Diagnostic] | tuple[int, int]]] = {}
        self._extra: dict[str, list[Diagnostic]] = {}  # every path with any, those held in memory
        self._extra_spilled: dict[str, list[tuple[int, int]]] = {}  # the rest, in the file
        self._extra_held = 0
        self._file: IO[bytes] | None = None
        self._in_memory = 0
        self._count = 0
        self.errors = 0
        self.warnings = 0
        self.by_rule: Counter[str] = Counter()
        self.fixable: Counter[str] = Counter()  # diagnostics with a fix, by applicability
        #: (errors, warnings) charged to each turn, by (path, turn pointer): see ``charged``
        self.by_turn: dict[tuple[str, str], list[int]] = {}
        #: Turns whose findings are reported at a copy elsewhere, by path: see ``withdraw``
        self._withdrawn: dict[str, Collection[str]] = {}

    def add(self, path: str, diagnostics: Iterable[Diagnostic]) -> None:
        """One file's diagnostics (any order), placed after the files added before."""
        chunk = sorted(diagnostics, key=_PLACE)
        number = len(self._order)
        self._order.append(path)
        if not chunk:
            return
        self._tally(chunk)
        if self._file is None and self._in_memory + len(chunk) <= self._limit:
            self._chunks[number] = (path, chunk)
            self._in_memory += len(chunk)
            return
        self._chunks[number] = (path, self._write(chunk))

    def _write(self, chunk: list[Diagnostic]) -> tuple[int, int]:
        """Diagnostics to the spool's file: where they are in it (offset, length)."""
        import pickle  # on demand: only runs past the limit spill

        if self._file is None:
            import tempfile

            self._file = tempfile.TemporaryFile(prefix="fplint-")  # noqa: SIM115 - lives as long as the spool
        start = self._file.seek(0, 2)
        pickle.dump(chunk, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        return (start, self._file.tell() - start)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Diagnostics found after the files were read; each joins its own file's place
        (past the memory limit, they wait in the spool's file too)."""
        for d in diagnostics:
            if self._shown(d):
                self._tally([d])
                self._extra.setdefault(d.path, []).append(d)
                self._extra_held += 1
                if self._extra_held > self._limit:
                    for path, held in self._extra.items():
                        if held:
                            self._extra_spilled.setdefault(path, []).append(self._write(held))
                            self._extra[path] = []
                    self._extra_held = 0

    def _extras(self, path: str) -> list[Diagnostic]:
        """The diagnostics found after the files were read that belong to ``path``."""
        spilled = [d for chunk in self._extra_spilled.get(path, ()) for d in self._read(chunk)]
        return [*spilled, *self._extra.get(path, ())]

    def withdraw(self, turns: Mapping[str, Collection[str]]) -> None:
        """Turns that copy a turn elsewhere (``turns``: pointers by path): their turn and
        conversation findings are left out, as the copy reports them; findings about the
        file or the dataset (the duplicate itself) stay. Chunks of other files are not read."""
        self._withdrawn = {path: frozenset(pointers) for path, pointers in turns.items()}
        for path, chunk in self._chunks.values():
            if path in self._withdrawn:
                self._tally([d for d in self._read(chunk) if not self._shown(d)], -1)
        for path in self._extra:
            if path in self._withdrawn:
                self._tally([d for d in self._extras(path) if not self._shown(d)], -1)
        self.by_rule, self.fixable = +self.by_rule, +self.fixable  # no rule counted at 0
        self.by_turn = {turn: counts for turn, counts in self.by_turn.items() if any(counts)}

    def _shown(self, d: Diagnostic) -> bool:
        return not (
            self._withdrawn
            and d.scope in (Scope.TURN, Scope.CONVERSATION)
            and d.turn_pointer in self._withdrawn.get(d.path, ())
        )

    def _tally(self, diagnostics: Sequence[Diagnostic], sign: int = 1) -> None:
        self._count += sign * len(diagnostics)
        for d in diagnostics:
            self.by_rule[d.rule] += sign
            error = d.severity is Severity.ERROR
            if error:
                self.errors += sign
            else:
                self.warnings += sign
            if d.fix is not None:
                self.fixable[d.fix.applicability.value] += sign
            turn = charged(d)
            if turn is not None:
                counts = self.by_turn.setdefault(turn, [0, 0])
                counts[0 if error else 1] += sign

    def __iter__(self) -> Iterator[Diagnostic]:
        placed = set()  # files with later diagnostics that had their place
        for number, path in enumerate(self._order):
            own = self._chunks.get(number)
            later = path in self._extra
            if own is None and not later:
                continue
            if later:
                placed.add(path)
            extra = sorted(self._extras(path), key=_PLACE) if later else []
            merged = heapq.merge(self._read(own[1]) if own else [], extra, key=_PLACE)
            yield from (d for d in merged if self._shown(d)) if path in self._withdrawn else merged
        for path in self._extra:
            if path not in placed:
                yield from (d for d in sorted(self._extras(path), key=_PLACE) if self._shown(d))

    def _read(self, chunk: list[Diagnostic] | tuple[int, int]) -> list[Diagnostic]:
        if isinstance(chunk, list):
            return chunk
        import pickle

        assert self._file is not None
        self._file.seek(chunk[0])
        loaded: list[Diagnostic] = pickle.loads(self._file.read(chunk[1]))
        return loaded

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Diagnostic: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Diagnostic]: ...
    def __getitem__(self, index: int | slice) -> Diagnostic | Sequence[Diagnostic]:
        return list(self)[index]

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Spool of {self._count} diagnostics>"
