"""full: each diagnostic with its source line and a caret under the column."""

from __future__ import annotations

import os
import stat
from typing import TextIO

from fplint.check.report import Report
from fplint.model import Diagnostic
from fplint.report.base import Reporter, printable

_WIDTH = 100


class FullReporter(Reporter):
    """The headline, then the source line (a window of it when long) and a caret."""

    human = True

    def __init__(self, color: bool = False, quiet: bool = False) -> None:
        super().__init__(color, quiet)
        self._lines: dict[str, list[str]] = {}

    def render(self, report: Report, out: TextIO) -> None:
        for diagnostic in report.diagnostics:
            out.write(self.headline(diagnostic) + "\n")
            out.write(self.excerpt(diagnostic))
        self.summary(report, out)

    def excerpt(self, d: Diagnostic) -> str:
        lines = self._source(d.path)
        if d.line is None or not 0 < d.line <= len(lines):
            return "\n"
        text = printable(lines[d.line - 1].replace("\t", " "))
        column = max((d.column or 1) - 1, 0)
        start = max(0, min(column - _WIDTH // 3, len(text) - _WIDTH)) if len(text) > _WIDTH else 0
        shown = text[start : start + _WIDTH]
        caret_at = column - start
        if start:
            shown, caret_at = "…" + shown, caret_at + 1
        if start + _WIDTH < len(text):
            shown += "…"
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
            self._lines[path] = _read_regular(path).decode("utf-8", errors="replace").splitlines()
        return self._lines[path]


def _read_regular(path: str) -> bytes:
    """A regular file's bytes, or nothing: a FIFO or a device must not block the report."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):  # gone, unreadable, or a name no file system can hold
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    except OSError:
        return b""
    finally:
        os.close(fd)
