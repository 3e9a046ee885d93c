"""What every reporter shares: the interface, the headline of a diagnostic, the summary."""

from __future__ import annotations

import re
from typing import TextIO

from fplint.check.report import Report
from fplint.model import Diagnostic, Severity

# What a terminal or a log reader could act on, or split a line at: C0 and C1 controls (ESC,
# BEL, CR, LF, NEL), DEL, the Unicode line and paragraph separators, and the bidirectional
# overrides that reorder what is shown; plus lone surrogates, which no encoding can write.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Inside JSON, C0 controls are escaped by every encoder; these are not, and some readers
# (str.splitlines, JavaScript before ES2019, terminals) take them as line breaks or commands.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` safe to print as (part of) one line: every character that could act on the
    reader's terminal or start a new line (an ANSI escape, a newline followed by a forged
    ``::error`` workflow command) is shown as an escape, ``\\x1b``, ``\\x0a``, ``\\u2028``;
    lone surrogates (from broken input) as ``\\ud800``."""
    if text.isascii() and text.isprintable():  # two C checks: in ASCII, only controls are unsafe
        return text
    return _UNSAFE.sub(_visible, text)


def printable_keeping_newlines(text: str) -> str:
    """``printable``, except that CR and LF stay (for formats that encode them themselves)."""
    return _UNSAFE.sub(lambda m: m.group() if m.group() in "\r\n" else _visible(m), text)


def json_safe(json_text: str) -> str:
    """Serialized JSON whose strings escape, as ``\\uXXXX``, what JSON allows raw but a reader
    may act on or split lines at (DEL, C1 controls, U+2028/2029, bidi overrides), and lone surrogates: the same
    JSON value, encodable as UTF-8, with no line break anywhere but the layout's."""
    if json_text.isascii():  # known without a scan: DEL is the only one it can hold
        return json_text.replace("\x7f", "\\u007f")
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def display_path(path: str) -> str:
    """``path`` as it starts a line: ``./`` before one that begins with ``:`` (or blanks and
    ``:``), so that a file named ``::error::x.json`` cannot make the line a workflow command."""
    return f"./{path}" if path.lstrip().startswith(":") else path


class Reporter:
    """Writes a report to a stream. ``human`` reporters end with notes and a summary line."""

    human = False

    def __init__(self, color: bool = False, quiet: bool = False) -> None:
        self.color = color
        self.quiet = quiet  # human formats: the findings and nothing else

    def render(self, report: Report, out: TextIO) -> None:
        raise NotImplementedError

    def style(self, text: str, **styles: object) -> str:
        if not self.color:
            return text
        import click

        return click.style(text, **styles)  # type: ignore[arg-type]

    #: Whether unsafe fixes count as available (``--unsafe-fixes``): set from the report.
    unsafe_fixes = False

    def headline(self, d: Diagnostic) -> str:
        """``path:line:col: CODE [*] name message (turn ID)``: the turn when the finding is in
        one; ``[*]``: ``--fix`` fixes it (as in Ruff, a finding whose fix is unsafe is marked
        only with ``--unsafe-fixes``)."""
        where = printable(f"{display_path(d.path)}:{d.line or 1}:{d.column or 1}:")
        severity = "" if d.severity is Severity.ERROR else self.style(" [warning]", fg="yellow")
        code = self.style(d.code, fg="red" if d.severity is Severity.ERROR else "yellow", bold=True)
        if d.fix is not None and d.fix.applies(self.unsafe_fixes):
            code += " " + self.style("[*]", fg="cyan")
        turn = self.style(f" (turn {printable(d.turn_id)})", dim=True) if d.turn_id else ""
        return f"{self.style(where, bold=True)} {code} {printable(d.rule)}{severity} {printable(d.message)}{turn}"

    def summary(self, report: Report, out: TextIO) -> None:
        if self.quiet:
            return
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
        clean = f"; {report.clean_turns:,} of {_n(len(report.places), 'turn')} clean" if report.places else ""
        if report.fixed is not None:  # --fix: Ruff's "N fixed, M remaining" first
            out.write(f"{sum(report.fixed.values()):,} fixed, {len(report.diagnostics):,} remaining. ")
        if report.diagnostics:
            found = f"{_n(report.errors, 'error')}, {_n(report.warnings, 'warning')}"
            out.write(f"Found {found} ({counts}){clean}.\n")
            self.fixable(report, out)
        elif report.problems:  # nothing found, but not everything could be looked at
            out.write(
                f"No findings, but {_n(len(report.problems), 'path')} could not be checked ({counts}).\n"
            )
        elif not report.files:  # a run that looked at nothing passed nothing
            out.write(self.style("No files checked", fg="yellow") + f": no dataset file found ({counts}).\n")
        else:
            out.write(self.style("All checks passed", fg="green") + f" ({counts}).\n")

    def fixable(self, report: Report, out: TextIO) -> None:
        """Ruff's hint: how many findings ``--fix`` would fix, and how many more with ``--unsafe-fixes``."""
        safe, unsafe = report.fixable()
        shown = safe + (unsafe if report.unsafe_fixes else 0)
        hidden = 0 if report.unsafe_fixes else unsafe
        if not shown and not hidden:
            return
        option = "--fix --unsafe-fixes" if report.unsafe_fixes and unsafe else "--fix"
        line = f"[*] {shown:,} fixable with {option}" if shown else "No fixes available"
        if hidden:
            line += f" ({_n(hidden, 'hidden fix', 'hidden fixes')} can be enabled with --unsafe-fixes)"
        out.write(line + ".\n")


def _n(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else many or word + 's'}"
