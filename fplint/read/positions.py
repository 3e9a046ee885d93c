"""Line and column for a JSON pointer, computed from the source text only when asked.

A clean file never pays for this: the locator indexes a container the first time a
pointer goes through it, skipping sibling values with the C scanner of ``json``.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from typing import Any

from fplint.read.pointer import split

_WS = re.compile(r"[ \t\n\r]*")
_PLAIN = re.compile(r'[^"\\]*')
#: The C scanners behind ``json``: a string from its opening quote, a value from its start.
scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
scan_value: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _skip(text: str, i: int) -> int:
    """Offset of the first non-whitespace character at or after ``i``."""
    match = _WS.match(text, i)
    return match.end() if match else i


class LineIndex:
    """Map character offsets of a text to 1-based (line, column).

    The first few look-ups count newlines from the nearest offset already placed (in C);
    a text asked about many times gets a full index of its line starts instead.
    """

    _COUNT_LIMIT = 32

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._known: list[tuple[int, int]] = [(0, 0)]  # (offset, newlines before it), sorted
        self._asked = 0

    def position(self, offset: int) -> tuple[int, int]:
        self._asked += 1
        if self._starts is None and self._asked > self._COUNT_LIMIT:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        if self._starts is not None:
            line = bisect.bisect_right(self._starts, offset) - 1
            return line + 1, offset - self._starts[line] + 1
        nearest = bisect.bisect_right(self._known, (offset, float("inf"))) - 1
        base, lines = self._known[nearest]
        lines += self._text.count("\n", base, offset)
        bisect.insort(self._known, (offset, lines))
        line_start = self._text.rfind("\n", 0, offset) + 1
        return lines + 1, offset - line_start + 1


class JsonLocator:
    """Find where the value at a JSON pointer starts in a (valid) JSON text."""

    def __init__(self, text: str, start: int = 0) -> None:
        self._text = text
        self._root = _skip(text, start)
        self._objects: dict[int, dict[str, list[tuple[int, int]]]] = {}
        self._arrays: dict[int, list[int]] = {}

    def offset(self, pointer: str, inner: int | None = None) -> int:
        """Offset of the value at ``pointer`` (or of its deepest existing ancestor).

        ``inner`` is a character offset inside a string value; the result then points at
        that character in the source, escapes taken into account.
        """
        at, _ = self._walk(pointer)
        if inner and self._text[at : at + 1] == '"':
            return _string_offset(self._text, at, inner)
        return at

    def span(self, pointer: str) -> tuple[int, int] | None:
        """Offsets where the value at ``pointer`` starts and ends, or ``None`` when the
        pointer leads nowhere (a fix must change exactly that value, not an ancestor)."""
        try:
            at, found = self._walk(pointer)
            if not found:
                return None
            _, end = scan_value(self._text, at)
        except (ValueError, StopIteration, RecursionError):  # not valid JSON there
            return None
        return at, end

    def _walk(self, pointer: str) -> tuple[int, bool]:
        """Offset of the value at ``pointer``, or of its deepest existing ancestor; and
        whether the whole pointer was followed."""
        at = self._root
        for token in split(pointer):
            char = self._text[at : at + 1]
            if char == "{":
                members = self._members(at).get(token)
                if not members:
                    return at, False
                at = members[-1][1]  # the last of a repeated key: the one parsers keep
            elif char == "[" and token.isascii() and token.isdigit():
                items = self._items(at)
                if int(token) >= len(items):
                    return at, False
                at = items[int(token)]
            else:
                return at, False
        return at, True

    def key_offsets(self, pointer: str, key: str) -> list[int]:
        """Offsets of every occurrence of ``key`` in the object at ``pointer``."""
        at = self.offset(pointer)
        if self._text[at : at + 1] != "{":
            return []
        return [key_at for key_at, _ in self._members(at).get(key, [])]

    def _members(self, at: int) -> dict[str, list[tuple[int, int]]]:
        members = self._objects.get(at)
        if members is None:
            members = self._objects[at] = {}
            text = self._text
            i = _skip(text, at + 1)
            while text[i : i + 1] == '"':
                key_at = i
                key, i = scanstring(text, i + 1)
                i = _skip(text, i)
                i = _skip(text, i + 1)  # past ':'
                members.setdefault(key, []).append((key_at, i))
                _, i = scan_value(text, i)
                i = _skip(text, i)
                if text[i : i + 1] != ",":
                    break
                i = _skip(text, i + 1)
        return members

    def _items(self, at: int) -> list[int]:
        items = self._arrays.get(at)
        if items is None:
            items = self._arrays[at] = []
            text = self._text
            i = _skip(text, at + 1)
            if text[i : i + 1] == "]":
                return items
            while i < len(text):
                items.append(i)
                _, i = scan_value(text, i)
                i = _skip(text, i)
                if text[i : i + 1] != ",":
                    break
                i = _skip(text, i + 1)
        return items


def _string_offset(text: str, quote: int, inner: int) -> int:
    """Source offset of decoded character ``inner`` of the JSON string starting at ``quote``."""
    i, remaining = quote + 1, inner
    while True:
        run_end = _skip_plain(text, i)
        if run_end - i >= remaining:
            return i + remaining
        remaining -= run_end - i
        i = run_end
        if text[i : i + 1] != "\\":
            return i  # the closing quote: the offset ran past the string
        if text[i + 1 : i + 2] == "u":
            high = 0xD800 <= int(text[i + 2 : i + 6], 16) <= 0xDBFF
            i += 6
            if high and text[i : i + 2] == "\\u" and 0xDC00 <= int(text[i + 2 : i + 6], 16) <= 0xDFFF:
                i += 6
        else:
            i += 2
        remaining -= 1
        if remaining == 0:
            return i


def _skip_plain(text: str, i: int) -> int:
    """Offset of the first quote or backslash at or after ``i``."""
    match = _PLAIN.match(text, i)
    return match.end() if match else i
