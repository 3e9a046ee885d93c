"""Text-level repairs for JSON the parser refused, and the span of an object member.

Only causes whose repair is certain: a comma before a closing bracket (remove it), and a
bare word in a list of strings (quote it). The scan is one pass over the text, strings and
escapes respected, whatever the input (no recursion: nesting depth costs nothing).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from fplint.read.positions import scan_value, scanstring

_LITERAL = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null")
_STRUCTURE = set(',[]{}"')


@dataclass
class Repairs:
    """Where the repairs go: character offsets in the text scanned."""

    commas: list[int] = field(default_factory=list)  # a comma before ] or }
    words: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, the word)
    closers: set[int] = field(default_factory=set)  # the bracket after each trailing comma

    def __bool__(self) -> bool:
        return bool(self.commas or self.words)

    def at(self, offset: int) -> bool:
        """Whether a parser stopping at ``offset`` stopped at one of these causes."""
        return offset in self.closers or any(start == offset for start, _, _ in self.words)


@dataclass
class _Array:
    strings: int = 0
    other: int = 0
    words: list[tuple[int, int, str]] = field(default_factory=list)


def scan(text: str, start: int = 0, end: int | None = None) -> Repairs:
    """The trailing commas and the bare words in lists of strings of ``text[start:end]``."""
    end = len(text) if end is None else end
    found = Repairs()
    stack: list[_Array | None] = []  # None: an object
    i = start
    item_start: int | None = None  # where a bare item of the innermost array began
    while i < end:
        char = text[i]
        if char == '"':
            close = _string_end(text, i, end)
            if stack and isinstance(stack[-1], _Array) and item_start is None:
                stack[-1].strings += 1
            i = close
            continue
        if char in "[{":
            _bare(text, item_start, i, stack)
            item_start = None
            if stack and isinstance(stack[-1], _Array):
                stack[-1].other += 1
            stack.append(_Array() if char == "[" else None)
        elif char in "]}":
            _bare(text, item_start, i, stack)
            item_start = None
            if stack:
                top = stack.pop()
                if isinstance(top, _Array) and top.words and top.strings and not top.other:
                    found.words.extend(top.words)
        elif char == ",":
            _bare(text, item_start, i, stack)
            item_start = None
            after = _skip_space(text, i + 1, end)
            if after < end and text[after] in "]}":
                found.commas.append(i)
                found.closers.add(after)
        elif char == ":":
            item_start = None
        elif not char.isspace() and item_start is None and stack and isinstance(stack[-1], _Array):
            item_start = i
        i += 1
    return found


def _bare(text: str, start: int | None, end: int, stack: list[_Array | None]) -> None:
    """An item of the innermost array that is no string, list or object: a literal or a word."""
    if start is None or not stack or not isinstance(stack[-1], _Array):
        return
    word = text[start:end].rstrip()
    if _LITERAL.fullmatch(word):
        stack[-1].other += 1
    elif word and not (_STRUCTURE & set(word)) and "\\" not in word:
        stack[-1].words.append((start, start + len(word), word))
    else:
        stack[-1].other += 1


def _string_end(text: str, quote: int, end: int) -> int:
    """The offset after the string starting at ``quote`` (or the end, if it never closes)."""
    i = quote + 1
    while i < end:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == '"' or char == "\n":
            return i + 1
        i += 1
    return end


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i] in " \t\r\n":
        i += 1
    return i


def quoted(word: str) -> str:
    return json.dumps(word, ensure_ascii=False)


def member_span(text: str, key_at: int) -> tuple[int, int] | None:
    """From an object member's key to the start of the member after it (its comma and the
    space before the next key included): what to delete to drop the member. ``None`` when
    the member is the last of its object, or the text there is not valid JSON."""
    try:
        _, i = scanstring(text, key_at + 1)
        i = _skip_space(text, i, len(text))
        if text[i : i + 1] != ":":
            return None
        _, i = scan_value(text, _skip_space(text, i + 1, len(text)))
    except (ValueError, StopIteration, RecursionError):
        return None
    i = _skip_space(text, i, len(text))
    if text[i : i + 1] != ",":
        return None
    return key_at, _skip_space(text, i + 1, len(text))
