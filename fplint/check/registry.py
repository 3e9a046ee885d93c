"""Which rules exist: the built-ins, installed ``fplint.rules`` entry points, configured plugins."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any

from fplint.check.interrupt import RULE_ERRORS, pass_on_user_interrupt
from fplint.rule import ConversationRule, DatasetRule, FileRule, Rule, TurnRule

ENTRY_POINT_GROUP = "fplint.rules"
_SCOPE_BASES = (FileRule, TurnRule, ConversationRule, DatasetRule)


class PluginError(Exception):
    """A plugin that cannot be loaded or that defines a broken rule, named."""


def builtin_rules() -> tuple[type[Rule], ...]:
    from fplint.rules import BUILTIN_RULES

    return BUILTIN_RULES


def all_rules(plugins: Sequence[str] = ()) -> tuple[type[Rule], ...]:
    """Built-ins first, then entry points sorted by name, then configured plugin modules."""
    found: list[type[Rule]] = list(builtin_rules())
    for name, value in installed_plugins():
        try:
            loaded = _load(value)
        except RULE_ERRORS as exc:  # an exit at import is no pass
            pass_on_user_interrupt(exc)
            raise PluginError(
                f"plugin {name!r} ({value}) failed to load: {exc.__class__.__name__}: {exc}"
            ) from exc
        found.extend(_rules_in(loaded, f"plugin {name!r} ({value})"))
    for module_name in plugins:
        try:
            module = importlib.import_module(module_name)
        except RULE_ERRORS as exc:
            pass_on_user_interrupt(exc)
            raise PluginError(
                f"plugin module {module_name!r} failed to import: {exc.__class__.__name__}: {exc}"
            ) from exc
        found.extend(_rules_in(module, f"plugin module {module_name!r}"))
    return _unique(found)


def installed_plugins() -> list[tuple[str, str]]:
    """The ``fplint.rules`` entry points installed, as sorted (name, "module:attribute") pairs.

    Scanning every installed distribution's metadata costs more than the rest of a one-file
    run; the result is remembered for the exact set of import directories and their
    modification times (installing or removing a package changes its directory's).
    """
    from fplint.check.cache import remembered

    stamps = []
    for entry in sys.path:
        try:
            stamps.append(f"{entry}:{os.stat(entry or '.').st_mtime_ns}")
        except OSError:
            stamps.append(entry)
    return [(name, value) for name, value in remembered("entry-points", "\n".join(stamps), _scan)]


def _scan() -> list[list[str]]:
    from importlib.metadata import entry_points

    return sorted([ep.name, ep.value] for ep in entry_points(group=ENTRY_POINT_GROUP))


def _load(value: str) -> Any:
    """What an entry point's ``module:attribute.path`` names (as ``EntryPoint.load`` does)."""
    module_name, _, attribute = value.partition(":")
    loaded: Any = importlib.import_module(module_name.strip())
    for part in filter(None, attribute.strip().split(".")):
        loaded = getattr(loaded, part)
    return loaded


def _rules_in(obj: Any, label: str) -> list[type[Rule]]:
    """The rule classes an entry point or module offers: a class, a sequence, or a module."""
    if isinstance(obj, ModuleType):
        candidates: Iterable[Any] = [
            v for _, v in sorted(vars(obj).items()) if isinstance(v, type) and v.__module__ == obj.__name__
        ]
        candidates = [
            c for c in candidates if issubclass(c, Rule) and c not in _SCOPE_BASES and hasattr(c, "name")
        ]
    elif isinstance(obj, type):
        candidates = [obj]
    elif isinstance(obj, (list, tuple)):
        candidates = list(obj)
    else:
        raise PluginError(f"{label} is neither a rule class, a list of them, nor a module")
    rules = []
    for candidate in candidates:
        problem = _problem(candidate)
        if problem:
            raise PluginError(f"{label}: {problem}")
        rules.append(candidate)
    if not rules:
        raise PluginError(f"{label} defines no rules")
    return rules


def _problem(rule: Any) -> str | None:
    if not (isinstance(rule, type) and issubclass(rule, _SCOPE_BASES)):
        return f"{rule!r} is not a subclass of FileRule, TurnRule, ConversationRule or DatasetRule"
    for attribute in ("name", "code"):
        if not isinstance(getattr(rule, attribute, None), str) or not getattr(rule, attribute):
            return f"{rule.__name__} has no {attribute}"
    if not rule.__doc__:
        return f"{rule.__name__} has no docstring (its documentation)"
    return None


def _unique(rules: list[type[Rule]]) -> tuple[type[Rule], ...]:
    names: dict[str, type[Rule]] = {}
    codes: dict[str, type[Rule]] = {}
    for rule in rules:
        for seen, key in ((names, rule.name), (codes, rule.code)):
            other = seen.get(key)
            if other is not None and other is not rule:
                raise PluginError(
                    f"rule {rule.__module__}.{rule.__name__} reuses {key!r}, already taken by {other.__module__}.{other.__name__}"
                )
            seen[key] = rule
    return tuple(names.values())
