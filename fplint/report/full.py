"""full: each diagnostic with its source line and a caret under the column."""

from __future__ import annotations

import itertools
from typing import TextIO

from fplint.check.report import Report, TurnPlace
from fplint.check.spool import charged
from fplint.model import Diagnostic, Scope
from fplint.read import files
from fplint.report.base import Reporter, printable

_WIDTH = 100


class FullReporter(Reporter):
    """The headline, then the source line (a window of it when long) and a caret."""

    human = True

    def __init__(self, color: bool = False, quiet: bool = False) -> None:
        super().__init__(color, quiet)
        self._lines: dict[str, list[str]] = {}

    def render(self, report: Report, out: TextIO) -> None:
        self.unsafe_fixes = report.unsafe_fixes
        places = {(p.path, p.pointer): p for p in report.places}
        counts = report.turn_counts()
        for _, diagnostics in itertools.groupby(report.diagnostics, key=lambda d: d.path):
            # one file at a time: what is outside any turn, then each turn's, then the dataset's
            groups: dict[tuple[int, str], list[Diagnostic]] = {}
            for d in diagnostics:
                turn = charged(d)
                key = (1, turn[1]) if turn else (2, "") if d.scope is Scope.DATASET else (0, "")
                groups.setdefault(key, []).append(d)
            for key in sorted(groups, key=lambda k: k[0]):
                first = groups[key][0]
                place = places.get((first.path, key[1])) if key[0] == 1 else None
                out.write(self.header(first, place, counts) + "\n\n")
                for d in groups[key]:
                    out.write(self.headline(d) + "\n")
                    out.write(self.excerpt(d))
        self.summary(report, out)

    def header(self, d: Diagnostic, place: TurnPlace | None, counts: dict[tuple[str, str], list[int]]) -> str:
        """The line above each turn's findings: turn id, file and line, and its counts."""
        if place is None:
            what = "about the whole dataset" if d.scope is Scope.DATASET else "outside any turn"
            return self.style(f"── {printable(d.path)}: {what}", bold=True)
        errors, warnings = counts.get((place.path, place.pointer), [0, 0])
        name = place.turn_id if place.turn_id is not None else place.pointer or "the turn"
        where = f"{place.path}:{place.line}" if place.line else place.path
        tally = ", ".join(
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in ((errors, "error"), (warnings, "warning"))
            if n
        )
        return self.style(f"── turn {printable(name)} ({printable(where)}): {tally}", bold=True)

    def excerpt(self, d: Diagnostic) -> str:
        lines = self._source(d.path)
        if d.line is None or not 0 < d.line <= len(lines):
            return "\n"
        text = printable(lines[d.line - 1].replace("\t", " "))
        shown, caret_at = window(text, max((d.column or 1) - 1, 0), _WIDTH)
        number = str(d.line)
        gutter = " " * len(number)
        bar = self.style("|", fg="blue")
        return (
            f"{gutter} {bar}\n"
            f"{self.style(number, fg='blue')} {bar} {shown}\n"
            f"{gutter} {bar} {' ' * caret_at}{self.style('^', fg='red', bold=True)}\n\n"
        )

    def _source(self, path: str) -> list[str]:
        if path not in self._lines:
            self._lines[path] = read_regular(path).decode("utf-8", errors="replace").splitlines()
        return self._lines[path]


def window(text: str, column: int, width: int) -> tuple[str, int]:
    """At most ``width`` characters of a line around ``column`` (0-based; ``…`` marks what is
    cut), and where that column is in what is shown."""
    start = max(0, min(column - width // 3, len(text) - width)) if len(text) > width else 0
    shown, caret = text[start : start + width], column - start
    if start:
        shown, caret = "…" + shown, caret + 1
    if start + width < len(text):
        shown += "…"
    return shown, caret


def read_regular(path: str) -> bytes:
    """A regular file's bytes, or nothing: a FIFO or a device must not block the report,
    nor a huge file fill memory."""
    try:
        return files.read_bytes(path)
    except (
        OSError,
        ValueError,
        files.Refused,
    ):  # gone, not regular, too large, or a name no file system can hold
        return b""
