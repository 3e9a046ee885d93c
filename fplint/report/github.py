"""github: GitHub Actions workflow commands (one annotation per diagnostic), then plain totals."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from fplint.check.report import Report
from fplint.model import Diagnostic, Severity
from fplint.report.base import Reporter, printable, printable_keeping_newlines

# GitHub shows at most this many error (and, separately, warning) annotations of a step;
# the rest of the commands are accepted and dropped without a word.
SHOWN = 10


def clean(text: str) -> str:
    """``text`` as valid Unicode: lone surrogates become U+FFFD (the stream may be strict UTF-8)."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def escape_data(text: str) -> str:
    """The message part of a workflow command: ``%``, CR and LF are percent-encoded (GitHub
    decodes them), every other control character (ESC, BEL, NEL, U+2028) shown as an escape
    such as ``\\x1b``: nothing in it can end the line or act on the log viewer."""
    text = printable_keeping_newlines(clean(text))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` of a workflow command: as data, and ``:`` and ``,`` too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(d: Diagnostic) -> str:
    """``::error file=PATH,line=L,col=C,title=CODE rule::message``; unknown places are left out."""
    properties: list[tuple[str, object]] = []
    if d.path and not (d.path.startswith("<") and d.path.endswith(">")):
        properties.append(("file", d.path))
        if d.line is not None:
            properties.append(("line", d.line))
            if d.column is not None:
                properties.append(("col", d.column))
    properties.append(("title", f"{d.code} {d.rule}"))
    level = "error" if d.severity is Severity.ERROR else "warning"
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{level} {listed}::{escape_data(d.message)}"


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def totals(report: Report) -> list[str]:
    """Plain lines (not commands): the counts, and every finding by rule when GitHub hides some."""
    lines = [
        f"fplint: {_n(report.errors, 'error')}, {_n(report.warnings, 'warning')} "
        f"in {_n(report.files, 'file')} ({_n(report.turns, 'turn')})"
    ]
    if report.problems:
        lines.append(f"fplint: {_n(len(report.problems), 'path')} could not be checked")
    if report.errors > SHOWN or report.warnings > SHOWN:
        lines.append(
            f"fplint: GitHub shows only the first {SHOWN} error and {SHOWN} warning annotations "
            "of a step; every finding, by rule:"
        )
        counts = Counter((d.code, d.rule, str(d.severity)) for d in report.diagnostics)
        for (code, rule, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(printable(clean(f"{n:6d}  {code}  {rule} ({severity})")))
    return lines


class GithubReporter(Reporter):
    """Annotations for the pull-request diff, notes as notices, and totals nothing can hide."""

    def render(self, report: Report, out: TextIO) -> None:
        for diagnostic in report.diagnostics:
            out.write(command(diagnostic) + "\n")
        for problem in report.problems:
            out.write(f"::error title=fplint::{escape_data(problem)}\n")
        if self.quiet:
            return
        for note in report.notes:
            out.write(f"::notice::{escape_data(note)}\n")
        for line in totals(report):
            out.write(line + "\n")
