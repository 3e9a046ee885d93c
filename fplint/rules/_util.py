"""Small helpers rules share: safe navigation into turns that may hold any type."""

from __future__ import annotations

import re
import sys
from typing import Any, TypeGuard

from fplint.check.text import Alignment, align


def dig(value: Any, *keys: str) -> Any:
    """``value[k1][k2]...`` through objects only; ``None`` when any step is missing or not an object."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def as_dict(value: Any) -> dict[str, Any]:
    """The value when it is an object, else an empty one (the schema rule reports the type)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """The value when it is a list, else an empty one (the schema rule reports the type)."""
    return value if isinstance(value, list) else []


def is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def quote(text: str, limit: int = 80) -> str:
    """A short, one-line quotation of ``text`` for a message."""
    flat = " ".join(text.split())
    return "“" + (flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…") + "”"


def breakdown(value: Any) -> tuple[str, list[Any], Alignment] | None:
    """A turn's ``target_response``, the ``text`` of each breakdown entry (any value), and how
    they align; ``None`` when either is missing or of the wrong type (the schema's finding)."""
    response = dig(value, "target_response")
    entries = dig(value, "response_breakdown", "sentences")
    if not isinstance(response, str) or not isinstance(entries, list):
        return None
    texts = [dig(entry, "text") for entry in entries]
    return response, texts, align(response, texts)


class LazyPattern:
    """A regular expression compiled the first time it is used, not when its module is imported.

    Compiling a long pattern costs milliseconds (the arithmetic rule's forms together cost
    about 0.1 s), which every ``fplint check`` would pay at start-up even when no text asks
    for the pattern.
    """

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if this is its first use)."""
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(text, pos, endpos)
