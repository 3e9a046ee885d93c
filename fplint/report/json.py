"""json: the machine-readable shape of SPEC §5, exactly, written one diagnostic at a time."""

from __future__ import annotations

import json
from typing import Any, TextIO

from fplint import __version__
from fplint.check.report import Report
from fplint.model import Diagnostic
from fplint.report.base import Reporter, json_safe

_value = json.JSONEncoder(ensure_ascii=False).encode  # C-accelerated for scalars

try:  # the fast extra: a diagnostic's JSON in one C call
    import orjson as _orjson
except ImportError:  # pragma: no cover - exercised by the no-speed-ups test run
    _orjson = None  # type: ignore[assignment]


def head(report: Report) -> dict[str, Any]:
    return {
        "fplint_version": __version__,
        "summary": {
            "files": report.files,
            "turns": report.turns,
            "errors": report.errors,
            "warnings": report.warnings,
            "clean_turns": report.clean_turns,
        },
    }


def item(d: Diagnostic) -> str:
    """One diagnostic as ``json.dumps(d.as_dict(), indent=2)`` would write it, nested once."""
    if _orjson is not None:
        try:
            text: str = _orjson.dumps(d.as_dict(), option=_orjson.OPT_INDENT_2).decode("utf-8")
        except TypeError:  # a lone surrogate from broken input: the standard library writes it
            pass
        else:  # the same text (newlines inside strings are escaped, so these are the layout's)
            return json_safe("    " + text.replace("\n", "\n    "))
    fields = ",\n".join(f"      {_value(key)}: {_nested(value)}" for key, value in d.as_dict().items())
    return json_safe("    {\n" + fields + "\n    }")


def _entry(data: dict[str, Any]) -> str:
    """A flat entry as ``json.dumps(data, indent=2)`` writes it, nested once (not yet made safe)."""
    if _orjson is not None:
        try:
            text: str = _orjson.dumps(data, option=_orjson.OPT_INDENT_2).decode("utf-8")
        except TypeError:  # a lone surrogate from broken input: the standard library writes it
            pass
        else:
            return text.replace("\n", "\n    ")
    return json.dumps(data, indent=2, ensure_ascii=False).replace("\n", "\n    ")


def _nested(value: Any) -> str:
    """A value of a diagnostic, indented as ``json.dumps(indent=2)`` writes it at that depth."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n      ")
    return _value(value)


class JsonReporter(Reporter):
    """``{"fplint_version", "summary": {...}, "diagnostics": [...], "turns": [...]}``.

    Streamed: however many diagnostics a run has, none is held twice in memory.
    """

    def render(self, report: Report, out: TextIO) -> None:
        opening = json.dumps(head(report), indent=2, ensure_ascii=False)
        out.write(json_safe(opening[: opening.rindex("}")].rstrip()) + ',\n  "diagnostics": [')
        for index, d in enumerate(report.diagnostics):
            out.write(("," if index else "") + "\n" + item(d))
        out.write("\n  ],\n" if len(report.diagnostics) else "],\n")
        out.write('  "turns": [')
        for index, verdict in enumerate(report.by_turn(diagnostics=False)):
            out.write(("," if index else "") + "\n    " + json_safe(_entry(verdict.as_dict())))
        out.write("\n  ]\n}\n" if report.places else "]\n}\n")
