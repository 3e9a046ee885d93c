"""What every reporter shares: the interface, the headline of a diagnostic, the summary."""

from __future__ import annotations

import re
from typing import TextIO

from fplint.check.report import Report
from fplint.model import Diagnostic, Severity

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` safe for a terminal and any encoding: control characters (an ANSI escape in a
    key, say) shown as ``\\x1b`` instead of acting on the reader's terminal, lone surrogates
    (from broken input) as ``\\ud800``."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def escape_surrogates(json_text: str) -> str:
    """Serialized JSON with lone surrogates written as ``\\uXXXX`` escapes: still the same JSON,
    now encodable as UTF-8."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


class Reporter:
    """Writes a report to a stream. ``human`` reporters end with notes and a summary line."""

    human = False

    def __init__(self, color: bool = False) -> None:
        self.color = color

    def render(self, report: Report, out: TextIO) -> None:
        raise NotImplementedError

    def style(self, text: str, **styles: object) -> str:
        if not self.color:
            return text
        import click

        return click.style(text, **styles)  # type: ignore[arg-type]

    def headline(self, d: Diagnostic) -> str:
        """``path:line:col: CODE name message``."""
        where = printable(f"{d.path}:{d.line or 1}:{d.column or 1}:")
        severity = "" if d.severity is Severity.ERROR else self.style(" [warning]", fg="yellow")
        code = self.style(d.code, fg="red" if d.severity is Severity.ERROR else "yellow", bold=True)
        return f"{self.style(where, bold=True)} {code} {d.rule}{severity} {printable(d.message)}"

    def summary(self, report: Report, out: TextIO) -> None:
        for note in report.notes:
            out.write(self.style("note: ", fg="cyan") + printable(note) + "\n")
        counts = f"{_n(report.files, 'file')}, {_n(report.turns, 'turn')} in {report.elapsed:.2f}s"
        known = [
            f"{n:,} {what}"
            for n, what in ((report.baselined, "baselined"), (report.suppressed, "suppressed"))
            if n
        ]
        if known:
            counts += "; " + ", ".join(known)
        if report.diagnostics:
            found = f"{_n(report.errors, 'error')}, {_n(report.warnings, 'warning')}"
            out.write(f"Found {found} ({counts}).\n")
        elif report.problems:  # nothing found, but not everything could be looked at
            out.write(
                f"No findings, but {_n(len(report.problems), 'path')} could not be checked ({counts}).\n"
            )
        else:
            out.write(self.style("All checks passed", fg="green") + f" ({counts}).\n")


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
