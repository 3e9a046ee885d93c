"""fplint: lint emotionally-annotated LoRA training datasets against the v3.4 standard.

The public API::

    import fplint
    report = fplint.lint_paths(["data/"])          # a Report: diagnostics, counts, ok
    report = fplint.lint_paths(["data/"], discover=True)  # with the config and baseline the CLI uses
    for turn in fplint.load(["data/"]):              # every turn: path, pointer, line, value, ...
        print(turn.conversation_id, turn.turn_number, turn.line)
    report = fplint.lint_document(parsed_dict)      # one parsed document, no positions
    diagnostics = fplint.lint_turn(turn_dict)       # one turn, turn-scope rules
    config = fplint.load_config(Path(".fplint.yaml"))

Rules are classes: subclass ``FileRule``, ``TurnRule``, ``ConversationRule`` or
``DatasetRule`` and yield ``Finding``s. Everything not listed in ``__all__`` is private.
"""

from __future__ import annotations

__version__ = "0.2.0"

from typing import TYPE_CHECKING, Any

# The public names, by module. They are imported on first use, so that `fplint --version`
# or a one-file pre-commit run pays only for what it touches.
_EXPORTS = {
    "fplint.api": ("default_config", "lint_document", "lint_paths", "lint_turn", "load"),
    "fplint.read.turns": ("LoadedTurn",),
    "fplint.config": ("Config", "ConfigError", "RuleSettings", "load_config"),
    "fplint.model": ("Diagnostic", "Finding", "Scope", "Severity", "Turn", "TurnRef"),
    "fplint.check.registry": ("PluginError",),
    "fplint.check.report": ("Report", "TurnPlace", "TurnVerdict"),
    "fplint.rule": (
        "Collected",
        "Conversation",
        "ConversationRule",
        "Dataset",
        "DatasetRule",
        "FileRule",
        "Option",
        "Rule",
        "TurnRule",
    ),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'fplint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from fplint.api import default_config, lint_document, lint_paths, lint_turn, load
    from fplint.check.registry import PluginError
    from fplint.check.report import Report, TurnPlace, TurnVerdict
    from fplint.config import Config, ConfigError, RuleSettings, load_config
    from fplint.model import Diagnostic, Finding, Scope, Severity, Turn, TurnRef
    from fplint.read.turns import LoadedTurn
    from fplint.rule import (
        Collected,
        Conversation,
        ConversationRule,
        Dataset,
        DatasetRule,
        FileRule,
        Option,
        Rule,
        TurnRule,
    )

__all__ = [
    "Collected",
    "Config",
    "ConfigError",
    "Conversation",
    "ConversationRule",
    "Dataset",
    "DatasetRule",
    "Diagnostic",
    "FileRule",
    "Finding",
    "LoadedTurn",
    "Option",
    "PluginError",
    "Report",
    "Rule",
    "RuleSettings",
    "Scope",
    "Severity",
    "Turn",
    "TurnPlace",
    "TurnRef",
    "TurnRule",
    "TurnVerdict",
    "__version__",
    "default_config",
    "lint_document",
    "lint_paths",
    "lint_turn",
    "load",
    "load_config",
]
