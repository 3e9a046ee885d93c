"""Helpers that make each rule test case one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fplint.check.engine import Engine
from fplint.check.report import Report
from fplint.check.run import lint_files
from fplint.config import Config, load_config
from fplint.model import Diagnostic, Finding, Turn
from fplint.read.document import Document
from fplint.read.loader import load_bytes
from fplint.rule import ConversationRule, DatasetRule, FileRule, Rule, TurnRule


def run_rule(rule: type[Rule], subject: Any, **options: Any) -> list[Finding]:
    """What one rule finds in a turn dict, a ``Document``, or (cross-turn rules) a list of turns."""
    instance = rule(**options)
    if isinstance(instance, TurnRule):
        return list(instance.check(Turn(subject)))
    if isinstance(instance, FileRule):
        return list(instance.check(subject))
    assert isinstance(instance, (ConversationRule, DatasetRule))
    engine = Engine([instance], {})
    turns = [Turn(t, "data.json", f"/training_pairs/{i}", i) for i, t in enumerate(subject)]
    found, _ = engine.cross_check([engine.summarize(t) for t in turns], engine.partials(turns), 1)
    return [f for _, f in found]


def messages(rule: type[Rule], subject: Any, **options: Any) -> list[str]:
    return [f.message for f in run_rule(rule, subject, **options)]


def document(text: str | bytes, name: str = "data.json") -> Document:
    data = text.encode("utf-8") if isinstance(text, str) else text
    kind = {"jsonl": "jsonl", "yaml": "yaml", "yml": "yaml"}.get(name.rsplit(".", 1)[-1], "json")
    return load_bytes(data, name, kind)


def config(**overrides: Any) -> Config:
    return load_config(overrides=overrides, discover=False)


def lint(paths: list[Path | str], cfg: Config | None = None) -> Report:
    cfg = cfg or config()
    return lint_files([str(p) for p in paths], cfg, Engine.from_config(cfg, debug=True))


def rules_fired(report: Report) -> set[str]:
    return {d.rule for d in report.diagnostics}


def at(diagnostics: list[Diagnostic], rule: str) -> list[tuple[int | None, int | None]]:
    return [(d.line, d.column) for d in diagnostics if d.rule == rule]


def fix_turn(rule: type[Rule], turn: dict[str, Any], unsafe: bool = True, **options: Any) -> tuple[Any, list[str]]:
    """A turn after one rule's fixes, applied to the text of a pairs file holding it, and the
    fixes' messages."""
    from fplint.fix.apply import apply

    data = json.dumps({"training_pairs": [turn]}, indent=2, ensure_ascii=False).encode("utf-8")
    result = Engine([rule(**options)], {}).check_document(load_bytes(data, "data.json"))
    fixes = [d.fix for d in result.diagnostics if d.fix is not None and d.fix.applies(unsafe)]
    return json.loads(apply(data, fixes).data)["training_pairs"][0], [f.message for f in fixes]


def fix_file(rule: type[Rule], text: str | bytes, name: str = "data.json", unsafe: bool = True, **options: Any) -> tuple[bytes, list[Any]]:
    """A file's bytes after one file rule's fixes, and the fixes offered."""
    from fplint.fix.apply import apply

    data = text.encode("utf-8") if isinstance(text, str) else text
    result = Engine([rule(**options)], {}).check_document(document(data, name))
    fixes = [d.fix for d in result.diagnostics if d.fix is not None and d.fix.applies(unsafe)]
    return apply(data, fixes).data, fixes
