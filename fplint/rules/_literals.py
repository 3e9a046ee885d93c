"""Literals every match of a regular expression holds: an ``in`` test that rules a pattern out.

A case-insensitive ``re`` search walks the whole text, position by position; ``literal in
text.lower()`` is a C ``memchr``-driven scan, tens of times quicker. A rule whose patterns are
user options (placeholder, voice) asks first whether the text holds each pattern's literal,
and searches only when it does. The answer may be "maybe" for nothing, never "no" for a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

#: Characters a case-insensitive pattern matches to an ASCII letter although their ``lower()``
#: is not that letter (İ ı ſ K): where one is present, a lower-cased literal rules nothing out.
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
#: Their UTF-8 begins with one of these (as does little else in English text): a byte search
#: for each is a ``memchr``, far quicker than searching for the four characters themselves.
_FOLDS_TO_ASCII_LEADS = (b"\xc4", b"\xc5", b"\xe2\x84")
#: Escapes whose letter or digit is followed by more of the character's spelling (``\x5b``,
#: ``\u2026``, ``\101``, ``\N{...}``): what follows them is not literal text.
_SPELLED = frozenset("xuUN0123456789")
#: Inline flags that turn on verbose mode, where spaces and ``#`` comments are not literal.
_VERBOSE = re.compile(r"\(\?[aiLmsu-]*x")


def folds_to_ascii(text: str | bytes) -> bool:
    """Whether ``text`` holds one of ``FOLDS_TO_ASCII`` (bytes: may say yes for others too)."""
    if isinstance(text, bytes):
        return any(lead in text for lead in _FOLDS_TO_ASCII_LEADS)
    return any(c in text for c in FOLDS_TO_ASCII)


def required_literal(pattern: str) -> str:
    """The longest run of plain characters every match of ``pattern`` must contain, lower-cased
    (``""`` when there is none to rely on: a top-level ``|``, or only classes and groups)."""
    return max(required_runs(pattern), key=len, default="")


def required_runs(pattern: str) -> list[str]:
    """Every run of plain characters every match of ``pattern`` must contain, lower-cased.

    Empty when the pattern's text cannot be read literally: a top-level ``|``, verbose mode,
    or an escape that spells a character by its code (``\\x5b``)."""
    if _VERBOSE.search(pattern):
        return []
    runs: list[str] = []
    current = ""
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escaped = pattern[i + 1 : i + 2]
            if escaped in _SPELLED and escaped:
                return []
            i += 2
            if escaped and not escaped.isalnum():
                current += escaped
                continue
        elif char in "[(":
            i = _skip_group(pattern, i)
        elif char == "|":
            return []
        elif char in "*+?{":
            current = current[:-1]
            i = pattern.index("}", i) + 1 if char == "{" and "}" in pattern[i:] else i + 1
        elif char not in ".^$":
            current += char
            i += 1
            continue
        else:
            i += 1
        runs.append(current)
        current = ""
    runs.append(current)
    return [run.lower() for run in runs if run]


@lru_cache(maxsize=512)
def ascii_literal(pattern: str) -> str:
    """The longest ASCII run every match of ``pattern`` holds, lower-cased (``""``: none).

    ASCII only: a non-ASCII letter can match others than its ``lower()`` (σ, ς, Σ)."""
    return max((run for run in required_runs(pattern) if run.isascii()), key=len, default="")


def lowered(text: str) -> str | None:
    """``text.lower()`` for ``in`` tests, or ``None`` when no literal can rule a pattern out."""
    return None if folds_to_ascii(text) else text.lower()


def finditer(patterns: list[str], text: str, low: str | None, flags: int) -> Iterator[re.Match[str]]:
    """Every match of each pattern in ``text``, pattern after pattern, as ``re.finditer`` would
    give them, searching only the patterns whose literal ``low`` (``lowered(text)``) holds."""
    for pattern in patterns:
        literal = ascii_literal(pattern)
        if literal and low is not None and literal not in low:
            continue
        yield from _compiled(pattern, flags).finditer(text)


@lru_cache(maxsize=256)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _skip_group(pattern: str, i: int) -> int:
    """The index just past the class (``[...]``) or group (``(...)``) that starts at ``i``."""
    if pattern[i] == "[":
        i += 2 if pattern[i + 1 : i + 2] == "^" else 1
        if pattern[i : i + 1] == "]":  # a ``]`` first in a class is one of its characters
            i += 1
        while i < len(pattern):
            if pattern[i] == "]":
                return i + 1
            i += 2 if pattern[i] == "\\" else 1
        return i
    depth = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "[":
            i = _skip_group(pattern, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 2 if char == "\\" else 1
    return i
