"""The outcome of a run: diagnostics, counts, notes, and what the exit code should be."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from fplint.check.engine import INTERNAL_ERROR
from fplint.check.spool import Spool
from fplint.model import Diagnostic, Severity
from fplint.rule import Rule


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
    paths: list[str] = field(default_factory=list)  # the files checked, in reading order
    baselined: int = 0  # findings a baseline already knew
    suppressed: int = 0  # findings accepted by a reviewed suppression

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
