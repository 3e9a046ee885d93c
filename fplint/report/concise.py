"""concise: one line per diagnostic, then the summary."""

from __future__ import annotations

from typing import TextIO

from fplint.check.report import Report
from fplint.report.base import Reporter


class ConciseReporter(Reporter):
    """``path:line:col: CODE name message``, one a line."""

    human = True

    def render(self, report: Report, out: TextIO) -> None:
        self.unsafe_fixes = report.unsafe_fixes
        for diagnostic in report.diagnostics:
            out.write(self.headline(diagnostic) + "\n")
        self.summary(report, out)
