"""``check --show-settings``: the resolved configuration, as a config file that means the same."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from fplint import __version__
from fplint.config import Config


def _value(value: Any) -> str:
    """A YAML flow value: JSON is YAML, and quotes every string whatever it holds."""
    return json.dumps(value, ensure_ascii=False)


def _path(path: Path | None) -> str | None:
    return None if path is None else os.fspath(path)


def show_settings(config: Config) -> str:
    """Every setting after ``extends``, the config file and the command line have been applied.

    The text is YAML that fplint reads back as a config (``--config``, with ``extends`` left at
    the default) giving the same rules, severities and options: what you see is what runs.
    Select and ignore are already folded into each rule's severity (``off``).
    """
    by_name = {c.name: c for c in config.classes}
    lines = [
        f"# fplint {__version__}: resolved settings",
        f"# config file: {config.source or 'none (the shipped default ruleset)'}",
        f"# root (globs and relative paths start here): {config.root}",
        f"standard: {_value(config.standard)}",
        f"fail-on: {_value(config.fail_on.value)}",
        f"include: {_value(list(config.include))}",
        f"exclude: {_value(list(config.exclude))}",
        f"dataset: {_value(list(config.dataset))}",
        f"plugins: {_value(list(config.plugins))}",
    ]
    for key, path in (("baseline", config.baseline), ("suppressions", config.suppressions)):
        if path is not None:
            lines.append(f"{key}: {_value(_path(path))}")
    if config.per_file_ignores:
        lines.append("per-file-ignores:")
        lines.extend(f"  {_value(glob)}: {_value(sorted(rules))}" for glob, rules in config.per_file_ignores)
    lines.append("rules:")
    for name, settings in config.rules.items():
        rule = by_name.get(name)
        label = f"  # {rule.code} {rule.scope.value}" if rule is not None else ""
        severity = settings.severity.value if settings.severity is not None else "off"
        shown = {"severity": severity, **settings.options}
        lines.append(f"  {name}: {_value(shown)}{label}")
    return "\n".join(lines) + "\n"
