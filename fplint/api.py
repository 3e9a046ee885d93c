"""The library entry points: lint paths, a parsed document, or one turn."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from fplint.check.engine import Engine
from fplint.check.report import Report, TurnPlace
from fplint.check.run import checked_files, finish, lint_files
from fplint.config import Config, load_config
from fplint.model import Diagnostic, Turn
from fplint.read.loader import load_value
from fplint.read.turns import LoadedTurn, load_turns


def default_config() -> Config:
    """The shipped default ruleset, with no config file looked up."""
    return load_config(discover=False)


def lint_paths(
    paths: Sequence[str | os.PathLike[str]], config: Config | None = None, *, discover: bool = False
) -> Report:
    """Lint files and directories; bad input becomes diagnostics, never an exception.

    ``discover=True`` does what ``fplint check`` does: without a ``config``, the nearest
    ``.fplint.yaml`` or ``pyproject.toml`` ``[tool.fplint]`` (walking up from the working
    directory) is used, and the config's ``baseline`` filters the findings, so the library
    and the CLI report the same. Otherwise the default ruleset runs, with no baseline.
    """
    config = config or load_config(discover=discover)
    known = None
    if discover and config.baseline is not None:
        from fplint.check import baseline

        known = baseline.load(config.baseline, config.max_file_size)
    return lint_files([os.fspath(p) for p in paths], config, Engine.from_config(config), baseline=known)


def load(
    paths: Sequence[str | os.PathLike[str]], config: Config | None = None, *, discover: bool = False
) -> Iterator[LoadedTurn]:
    """Every turn under ``paths``, whatever the layout or format, in reading order.

    Each ``LoadedTurn`` carries its file (``path``), ``pointer``, ``line``, ``conversation_id``,
    ``turn_number``, ``id`` and parsed ``value``. Files are found as ``lint_paths`` finds them
    (the config's ``include``/``exclude``; ``discover=True`` looks the config up as the CLI
    does). A file that cannot be parsed yields no turns (``lint_paths`` says why); a path
    that does not exist raises ``FileNotFoundError`` before anything is read.
    """
    config = config or load_config(discover=discover)
    files, missing = checked_files([os.fspath(p) for p in paths], config)
    if missing:
        raise FileNotFoundError(f"no such file or directory: {', '.join(missing)}")
    return load_turns(files)


def lint_document(document: Any, config: Config | None = None, path: str = "<memory>") -> Report:
    """Lint an already parsed document (a pairs file, conversations file, or single turn).

    There is no source text, so diagnostics have no line or column.
    """
    config = config or default_config()
    engine = Engine.from_config(config)
    loaded = load_value(document, path)
    result = engine.check_document(loaded)
    report = Report(files=1, turns=result.turns, rules=tuple(type(r) for r in engine.rules))
    report.places = [TurnPlace(path, *place) for place in result.places]
    report.diagnostics, report.notes = finish([result], engine, config, {path: loaded})
    return report


def lint_turn(turn: Mapping[str, Any], config: Config | None = None) -> list[Diagnostic]:
    """Lint one turn dict with the turn-scope rules (cross-turn rules need the whole dataset)."""
    config = config or default_config()
    return Engine.from_config(config).check_turn(Turn(dict(turn)))


__all__ = ["LoadedTurn", "Path", "default_config", "lint_document", "lint_paths", "lint_turn", "load"]
