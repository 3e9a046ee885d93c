"""Where fplint's documentation lives: the repository, and each rule's section of docs/rules.md."""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

from fplint import __version__

#: fplint's home: the repository (also ``[project.urls]`` in pyproject.toml; a test keeps them equal).
REPOSITORY = "https://github.com/fplint/fplint"


@cache
def _builtin() -> frozenset[str]:
    from fplint.rules import BUILTIN_RULES

    return frozenset(rule.name for rule in BUILTIN_RULES)


def rule_url(rule: str) -> str | None:
    """The rule's section of docs/rules.md at this version's tag (``## name`` is anchor ``#name``);
    ``None`` for a rule docs/rules.md does not document (a plugin's, internal-error)."""
    if rule not in _builtin():
        return None
    return f"{REPOSITORY}/blob/v{__version__}/docs/rules.md#{quote(rule, safe='')}"
