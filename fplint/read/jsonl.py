"""A JSONL file read line by line: what is kept of each line is where it is, never its value.

Loading a JSONL file parses every line once, to find its problems (syntax, repeated keys,
NaN), and keeps three integers a line. A line's value is parsed again whenever it is asked
for, and dropped once used: a million-line file costs its text and a few megabytes, not a
million parsed turns, while everything else reads it as before (``document.value`` maps each
line's number to its value, ``document.turns`` lists its turns, ``document.locate`` places a
pointer).
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

from fplint.model import Turn
from fplint.read import parse_json
from fplint.read.pointer import join, split
from fplint.read.positions import JsonLocator, _skip


class Lines:
    """The lines of a JSONL text that parsed: their numbers (0-based) and character spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.numbers = array("q")  # sorted
        self.starts = array("q")
        self.ends = array("q")
        self._locator: tuple[int, JsonLocator] | None = None

    def add(self, number: int, start: int, end: int) -> None:
        self.numbers.append(number)
        self.starts.append(start)
        self.ends.append(end)

    def position(self, number: int) -> int | None:
        """Where line ``number`` is among the parsed lines, or ``None``."""
        at = bisect.bisect_left(self.numbers, number)
        return at if at < len(self.numbers) and self.numbers[at] == number else None

    def value(self, position: int) -> Any:
        """The value of the ``position``-th parsed line, parsed afresh."""
        return parse_json.value_of(self.text[self.starts[position] : self.ends[position]])

    def locate(self, pointer: str, inner: int | None = None) -> tuple[int, int]:
        """(line, column) of a pointer ``/N/...`` into line N (the file's start when there is none)."""
        tokens = split(pointer)
        number = int(tokens[0]) if tokens and tokens[0].isascii() and tokens[0].isdigit() else -1
        position = self.position(number) if number >= 0 else None
        if position is None:
            return (1, 1)
        start = self.starts[position]
        if len(tokens) == 1 and not inner:  # the line's value itself: where its first character is
            return number + 1, _skip(self.text, start) - start + 1
        if self._locator is None or self._locator[0] != start:  # findings come line by line
            self._locator = (start, JsonLocator(self.text, start))
        offset = self._locator[1].offset(join("", *tokens[1:]), inner)
        return number + 1, offset - start + 1


class Values(Mapping[str, Any]):
    """``document.value`` of a JSONL file: each parsed line's value by its number (``"0"``…),
    parsed when asked for."""

    def __init__(self, lines: Lines) -> None:
        self._lines = lines

    def __getitem__(self, key: str) -> Any:
        position = self._lines.position(int(key)) if key.isascii() and key.isdigit() else None
        if position is None:
            raise KeyError(key)
        return self._lines.value(position)

    def __iter__(self) -> Iterator[str]:
        return (str(n) for n in self._lines.numbers)

    def __len__(self) -> int:
        return len(self._lines.numbers)


class Turns(Sequence[Turn]):
    """``document.turns`` of a JSONL file: one turn a parsed line (the ``_meta`` line aside),
    each parsed when asked for."""

    def __init__(self, lines: Lines, path: str, skip: int) -> None:
        self._lines = lines
        self._path = path
        self._skip = skip  # 1 when the first parsed line is the file's {"_meta": ...}

    def __len__(self) -> int:
        return len(self._lines.numbers) - self._skip

    @overload
    def __getitem__(self, index: int) -> Turn: ...

    @overload
    def __getitem__(self, index: slice) -> list[Turn]: ...

    def __getitem__(self, index: int | slice) -> Turn | list[Turn]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        position = index + self._skip
        return Turn(self._lines.value(position), self._path, self.pointer(index), index)

    def __iter__(self) -> Iterator[Turn]:
        return (self[i] for i in range(len(self)))

    def pointer(self, index: int) -> str:
        """The pointer of turn ``index`` (``/N``, N its line's number), without parsing it."""
        return f"/{self._lines.numbers[index + self._skip]}"

    def pointers(self) -> Iterator[str]:
        return (self.pointer(i) for i in range(len(self)))
