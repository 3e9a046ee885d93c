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

    A look-up counts newlines (in C) from the nearest offset already placed, before it or after
    it, so offsets asked in order, or nearly (a turn's fields in another order than the file's),
    cost about one pass over the text in all. Once the look-ups' work (characters counted, and
    places kept moved to make room) passes twice the text's length, a full index of its line
    starts is built instead. Either way the work stays linear in the text and the look-ups.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        #: (offset, newlines before it, where its line starts), sorted
        self._known: list[tuple[int, int, int]] = [(0, 0, 0)]
        self._work = 0

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None and self._work > 2 * len(self._text):
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        if self._starts is not None:
            line = bisect.bisect_right(self._starts, offset) - 1
            return line + 1, offset - self._starts[line] + 1
        text, known = self._text, self._known
        at = bisect.bisect_right(known, (offset, float("inf")))
        before, lines_before, line_start = known[at - 1]
        after = known[at] if at < len(known) else None
        if after is not None and after[0] - offset < offset - before:  # count back from after
            lines = after[1] - text.count("\n", offset, after[0])
            work = after[0] - offset
            if lines == after[1]:
                line_start = after[2]
            elif lines != lines_before:  # the last newline before the offset, maybe far back
                line_start = text.rfind("\n", before, offset) + 1
                work += offset - line_start
        else:
            lines = lines_before + text.count("\n", before, offset)
            work = offset - before
            if lines != lines_before:  # no further back than what was counted
                line_start = text.rfind("\n", before, offset) + 1
        known.insert(at, (offset, lines, line_start))
        self._work += work + len(known) - at - 1
        return lines + 1, offset - line_start + 1


#: A member's key without escapes, its colon and the spaces around them, from after the ``{``
#: or ``,`` before it: one match where the general way takes four steps.
_PLAIN_KEY = re.compile(r'[ \t\n\r]*"([^"\\]*)"[ \t\n\r]*:[ \t\n\r]*')
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
#: How many objects read in part, one within another, are read on (three Python frames each)
#: before the rest is skipped by the C scanner: deep data must not exhaust the recursion limit.
_READ_ON_DEPTH = 32


class _Read:
    """What is known of one container: its members (or items) read so far, and where reading
    goes on: at the next member, or (``pending``) at the value of the last one found, not yet
    skipped; ``-1`` once the container is read to its end. ``end``: the offset just past an
    object's closing brace, once it is read to it (``-1`` before)."""

    __slots__ = ("end", "found", "next", "pending")

    def __init__(self, found: Any, next_at: int) -> None:
        self.found = found
        self.next = next_at
        self.pending = False
        self.end = -1


class JsonLocator:
    """Find where the value at a JSON pointer starts in a (valid) JSON text.

    One index per text, built as pointers ask: a container is read member by member only as
    far as the member asked for (its siblings skipped by the C scanner of ``json``), and what
    was read is kept for the next pointer. ``unique``: no object of the text repeats a key
    (the parser said so), so the first member of a name is the one; otherwise an object is read
    to its end, and the last of a repeated key is the one (the one parsers keep).
    """

    def __init__(self, text: str, start: int = 0, unique: bool = False) -> None:
        self._text = text
        self._root = _skip(text, start)
        self._unique = unique
        self._objects: dict[int, _Read] = {}
        self._arrays: dict[int, _Read] = {}
        self._reading = 0

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
        text = self._text
        objects = self._objects
        for token in split(pointer):
            char = text[at : at + 1]
            if char == "{":
                members = objects.get(at)
                if members is not None and self._unique:  # the usual case: a member already read
                    seen = members.found.get(token)
                    if seen is not None:
                        at = seen[0][1]
                        continue
                found = self._member(at, token)
            elif char == "[" and token.isascii() and token.isdigit():
                found = self._item(at, int(token))
            else:
                return at, False
            if found < 0:
                return at, False
            at = found
        return at, True

    def key_offsets(self, pointer: str, key: str) -> list[int]:
        """Offsets of every occurrence of ``key`` in the object at ``pointer``."""
        at = self.offset(pointer)
        if self._text[at : at + 1] != "{":
            return []
        members = self._members(at)
        if members.next >= 0:
            self._read_members(members, None)
        return [key_at for key_at, _ in members.found.get(key, [])]

    def _members(self, at: int) -> _Read:
        members = self._objects.get(at)
        if members is None:
            members = self._objects[at] = _Read({}, at + 1)
        return members

    def _member(self, at: int, key: str) -> int:
        """Offset of the value of ``key`` in the object at ``at``; -1 when it has none."""
        members = self._members(at)
        found: list[tuple[int, int]] | None = members.found.get(key)
        if members.next >= 0 and (found is None or not self._unique):
            self._read_members(members, key if self._unique else None)
            found = members.found.get(key)
        return found[-1][1] if found else -1

    def _read_members(self, members: _Read, until: str | None) -> None:
        """Read on in an object: to its end, or (``until``) to the first member of that name,
        whose value is left unread (it may be the rest of the file)."""
        text = self._text
        found: dict[str, list[tuple[int, int]]] = members.found
        i = members.next
        if members.pending:
            i = self._after(members, i)
        while i >= 0:
            plain = _PLAIN_KEY.match(text, i)
            if plain is not None:
                key = plain.group(1)
                key_at = plain.start(1) - 1
                i = plain.end()
            else:
                i = _skip(text, i)
                if text[i : i + 1] != '"':
                    if text[i : i + 1] == "}":  # an empty object
                        members.end = i + 1
                    break
                key_at = i
                key, i = scanstring(text, i + 1)
                i = _skip(text, i)
                i = _skip(text, i + 1)  # past ':'
            seen = found.get(key)
            if seen is None:
                found[key] = [(key_at, i)]
            else:
                seen.append((key_at, i))
            if key == until:
                members.next, members.pending = i, True
                return
            i = self._after(members, i)
        members.next, members.pending = -1, False

    def _after(self, members: _Read, at: int) -> int:
        """Where the member after the value at ``at`` starts; -1 after the last one, whose
        object's end is then kept in ``members``."""
        end = self._end(at)
        comma = _COMMA.match(self._text, end)
        if comma is not None:
            return comma.end()
        close = _skip(self._text, end)
        if self._text[close : close + 1] == "}":
            members.end = close + 1
        return -1

    def _item(self, at: int, index: int) -> int:
        """Offset of item ``index`` of the array at ``at``; -1 when it is shorter."""
        items = self._arrays.get(at)
        if items is None:
            items = self._arrays[at] = _Read([], at + 1)
        found: list[int] = items.found
        if index < len(found):
            return found[index]
        i = items.next
        if items.pending:
            i = self._past(i)
        elif i >= 0:  # at the start: the first item, or the closing bracket
            i = _skip(self._text, i)
            if self._text[i : i + 1] == "]":
                i = -1
        while 0 <= i < len(self._text):
            found.append(i)
            if index < len(found):
                items.next, items.pending = i, True
                return i
            i = self._past(i)
        items.next, items.pending = -1, False
        return -1

    def _past(self, at: int) -> int:
        """Where the item after the value at ``at`` starts; -1 after the last one."""
        comma = _COMMA.match(self._text, self._end(at))
        return comma.end() if comma is not None else -1

    def _end(self, at: int) -> int:
        """The offset just past the value at ``at``. An object already read in part is read on
        from where it stopped (its members' values skipped one by one) rather than decoded
        again from its start: a turn whose fields were placed is not decoded twice."""
        members = self._objects.get(at)
        if members is not None:
            if members.end < 0 and members.next >= 0 and self._reading < _READ_ON_DEPTH:
                self._reading += 1  # reading on nests (an object read in part within another)
                try:
                    self._read_members(members, None)
                finally:
                    self._reading -= 1
            if members.end >= 0:
                return members.end
        _, end = scan_value(self._text, at)
        return end


class TextPositions:
    """(line, column) of JSON pointers in one JSON text: its ``JsonLocator`` and ``LineIndex``,
    made at the first look-up (a file without findings pays nothing), kept for every later
    one, and shared with whoever else needs places in the same text (the fix resolver)."""

    __slots__ = ("_json", "_lines", "_unique", "text")

    def __init__(self, text: str, unique: bool = False) -> None:
        self.text = text
        self._unique = unique
        self._json: JsonLocator | None = None
        self._lines: LineIndex | None = None

    @property
    def json(self) -> JsonLocator:
        if self._json is None:
            self._json = JsonLocator(self.text, unique=self._unique)
        return self._json

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def __call__(self, pointer: str, inner: int | None = None) -> tuple[int, int]:
        return self.lines.position(self.json.offset(pointer, inner))


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
