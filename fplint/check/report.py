"""The outcome of a run: diagnostics, counts, notes, and what the exit code should be."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from fplint.check.engine import INTERNAL_ERROR
from fplint.check.spool import Spool, charged
from fplint.model import Diagnostic, Severity
from fplint.rule import Rule


class TurnPlace(NamedTuple):
    """Where a checked turn is: its file, its JSON pointer, the line it starts on, its id."""

    path: str
    pointer: str
    line: int | None
    turn_id: str | None


@dataclass(frozen=True)
class TurnVerdict:
    """One checked turn and what the run found in it (``Report.by_turn``).

    A turn is ``clean`` when no error and no warning is charged to it: found in the turn,
    or by a conversation or dataset rule about it (a duplicate). Findings about a whole file
    (outside any turn) or the whole dataset (the quality distribution) are charged to no turn;
    suppressed and baselined findings do not count.
    """

    path: str
    pointer: str
    line: int | None
    turn_id: str | None
    errors: int
    warnings: int
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def clean(self) -> bool:
        return self.errors == 0 and self.warnings == 0

    def as_dict(self) -> dict[str, Any]:
        """The JSON output's entry for this turn (SPEC §13: ``turns``)."""
        return {
            "path": self.path,
            "pointer": self.pointer,
            "line": self.line,
            "turn_id": self.turn_id,
            "errors": self.errors,
            "warnings": self.warnings,
            "clean": self.clean,
        }


@dataclass
class Report:
    """Diagnostics in reading order plus what the summary line needs."""

    diagnostics: Sequence[Diagnostic] = field(default_factory=list)  # a list, or a Spool
    files: int = 0
    turns: int = 0
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one-line errors: a path that does not exist
    empty: list[str] = field(default_factory=list)  # folders given that hold no file to check
    elapsed: float = 0.0
    rules: tuple[type[Rule], ...] = ()  # the rules that ran, for reporters that describe them
    paths: Sequence[str] = field(
        default_factory=list
    )  # the files checked, in reading order (a Tape in a run)
    baselined: int = 0  # findings a baseline already knew
    suppressed: int = 0  # findings accepted by a reviewed suppression
    places: Sequence[TurnPlace] = field(default_factory=list)  # every checked turn, in reading order (a Tape)
    fixed: Counter[str] | None = None  # findings fixed, by rule (a run with --fix or --diff)
    unsafe_fixes: bool = False  # unsafe fixes count as available (--unsafe-fixes)
    # identical copies of a turn (path, pointer) that duplicate-turn reports, the kept copy aside:
    # what counts turns (stats, the report) counts each such turn once
    copies: set[tuple[str, str]] = field(default_factory=set)

    def fixable(self) -> tuple[int, int]:
        """How many findings have a safe fix, and how many an unsafe one."""
        if isinstance(self.diagnostics, Spool):
            counts = self.diagnostics.fixable
        else:
            counts = Counter(d.fix.applicability.value for d in self.diagnostics if d.fix is not None)
        return counts["safe"], counts["unsafe"]

    # -- per turn --------------------------------------------------------------------------

    def turn_counts(self) -> dict[tuple[str, str], list[int]]:
        """(errors, warnings) charged to each turn that has any, by (path, pointer)."""
        if isinstance(self.diagnostics, Spool):
            return self.diagnostics.by_turn
        counts: dict[tuple[str, str], list[int]] = {}
        for d in self.diagnostics:
            turn = charged(d)
            if turn is not None:
                counts.setdefault(turn, [0, 0])[0 if d.severity is Severity.ERROR else 1] += 1
        return counts

    @property
    def clean_turns(self) -> int:
        """How many checked turns have no finding charged to them."""
        counts = self.turn_counts()
        return sum(1 for p in self.places if (p.path, p.pointer) not in counts)

    def by_turn(self, diagnostics: bool = True) -> Iterator[TurnVerdict]:
        """Every checked turn, in reading order, with its counts and its diagnostics.

        Streamed file by file: only one file's diagnostics are held at a time, however
        large the run. Findings charged to no turn (a whole file's, the dataset's) are left
        out. ``diagnostics=False``: counts only, without reading the diagnostics again.
        """
        if not diagnostics:
            counts = self.turn_counts()
            for place in self.places:
                errors, warnings = counts.get((place.path, place.pointer), (0, 0))
                yield TurnVerdict(*place, errors, warnings)
            return
        order: dict[str, int] = {}  # the files with turns, in reading order
        for place in self.places:
            order.setdefault(place.path, len(order))
        groups = itertools.groupby(self.diagnostics, key=lambda d: d.path)
        pending: tuple[str, list[Diagnostic]] | None = None
        for path, places in itertools.groupby(self.places, key=lambda p: p.path):
            found: list[Diagnostic] = []
            while True:
                if pending is None:
                    group = next(groups, None)
                    if group is None:
                        break
                    pending = (group[0], list(group[1]))
                if pending[0] == path:
                    found, pending = pending[1], None
                    break
                if order.get(pending[0], -1) > order[path]:
                    break  # this file has no diagnostics; those pending belong to a later one
                pending = None  # a file with diagnostics but no turns
            by_pointer: dict[str, list[Diagnostic]] = {}
            for d in found:
                turn = charged(d)
                if turn is not None:
                    by_pointer.setdefault(turn[1], []).append(d)
            for place in places:
                mine = by_pointer.get(place.pointer, [])
                errors = sum(1 for d in mine if d.severity is Severity.ERROR)
                yield TurnVerdict(*place, errors, len(mine) - errors, tuple(mine))

    @property
    def errors(self) -> int:
        if isinstance(self.diagnostics, Spool):
            return self.diagnostics.errors
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        if isinstance(self.diagnostics, Spool):
            return self.diagnostics.warnings
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def internal_errors(self) -> int:
        if isinstance(self.diagnostics, Spool):
            return self.diagnostics.by_rule[INTERNAL_ERROR[0]]
        return sum(1 for d in self.diagnostics if d.rule == INTERNAL_ERROR[0])

    @property
    def ok(self) -> bool:
        """No errors, no internal errors, no unreadable paths."""
        return self.errors == 0 and not self.problems

    def exit_code(self, fail_on: Severity = Severity.ERROR, exit_zero: bool = False) -> int:
        """SPEC §5: 2 for usage or internal trouble, 1 for errors (or warnings), else 0."""
        if self.problems or self.internal_errors:
            return 2
        if exit_zero:
            return 0
        if self.errors or (fail_on is Severity.WARNING and self.warnings):
            return 1
        return 0
