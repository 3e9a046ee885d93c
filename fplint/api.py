"""The library entry points: lint paths, a parsed document, or one turn."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from fplint.check.engine import Engine
from fplint.check.report import Report
from fplint.check.run import finish, lint_files
from fplint.config import Config, load_config
from fplint.model import Diagnostic, Turn
from fplint.read.loader import load_value


def default_config() -> Config:
    """The shipped default ruleset, with no config file looked up."""
    return load_config(discover=False)


def lint_paths(paths: Sequence[str | os.PathLike[str]], config: Config | None = None) -> Report:
    """Lint files and directories; bad input becomes diagnostics, never an exception."""
    config = config or default_config()
    return lint_files([os.fspath(p) for p in paths], config, Engine.from_config(config))


def lint_document(document: Any, config: Config | None = None, path: str = "<memory>") -> Report:
    """Lint an already parsed document (a pairs file, conversations file, or single turn).

    There is no source text, so diagnostics have no line or column.
    """
    config = config or default_config()
    engine = Engine.from_config(config)
    loaded = load_value(document, path)
    result = engine.check_document(loaded)
    report = Report(files=1, turns=result.turns, rules=tuple(type(r) for r in engine.rules))
    report.diagnostics, report.notes = finish([result], engine, config, {path: loaded})
    return report


def lint_turn(turn: Mapping[str, Any], config: Config | None = None) -> list[Diagnostic]:
    """Lint one turn dict with the turn-scope rules (cross-turn rules need the whole dataset)."""
    config = config or default_config()
    return Engine.from_config(config).check_turn(Turn(dict(turn)))


__all__ = ["Path", "default_config", "lint_document", "lint_paths", "lint_turn"]
