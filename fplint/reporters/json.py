"""json: the machine-readable shape of SPEC §5, exactly."""

from __future__ import annotations

import json
from typing import Any, TextIO

from fplint import __version__
from fplint.report import Report
from fplint.reporters.base import Reporter, escape_surrogates


def as_data(report: Report) -> dict[str, Any]:
    return {
        "fplint_version": __version__,
        "summary": {
            "files": report.files,
            "turns": report.turns,
            "errors": report.errors,
            "warnings": report.warnings,
        },
        "diagnostics": [d.as_dict() for d in report.diagnostics],
    }


class JsonReporter(Reporter):
    """``{"fplint_version", "summary": {...}, "diagnostics": [...]}``."""

    def render(self, report: Report, out: TextIO) -> None:
        out.write(escape_surrogates(json.dumps(as_data(report), indent=2, ensure_ascii=False)) + "\n")
