"""From a rule's ``Replace`` to byte ``Edit``s of the source, written in the file's own style.

The value at a pointer is found in the text (its exact span, never an ancestor's), and the
new value is written the way the file writes values: its indentation, its separators, its
line endings, ASCII escapes when the file uses them. Nothing outside the span changes.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from typing import Any

from fplint.fix import yaml_spans
from fplint.fix.edit import Edit, Fix, Source
from fplint.read.document import Document
from fplint.read.pointer import resolve as follow
from fplint.read.pointer import split
from fplint.read.positions import JsonLocator, TextPositions

Fetch = Callable[[str], Document]


class Unresolved(Exception):
    """A replacement that cannot be placed: the diagnostic then carries no fix."""


def resolve(fix: Fix, document: Document | None, base: str, fetch: Fetch | None = None) -> Fix | None:
    """``fix`` with every ``Replace`` made byte edits of ``document`` (``base``: the pointer
    its replacements are relative to); ``None`` when that cannot be done exactly."""
    if fix.resolved:
        return fix
    if document is None or not document.text:
        return None
    loaded: dict[str, Document] = {document.path: document}

    def get(path: str) -> Document:  # each file once, the document at hand not at all
        if path not in loaded:
            if fetch is None:
                raise Unresolved(path)
            loaded[path] = fetch(path)
        return loaded[path]

    try:
        text = Text.of(document)
        edits = [
            text.replacement(base + change.pointer, _sources(change.value, get)) for change in fix.replace
        ]
    except Unresolved:
        return None
    return Fix(fix.applicability, fix.message, (*fix.edits, *edits), (), fix.files)


def _sources(value: Any, fetch: Fetch) -> Any:
    """``value`` with every ``Source`` replaced by the value it names."""
    if isinstance(value, Source):
        try:
            return follow(fetch(value.path).value, value.pointer)
        except (LookupError, OSError) as exc:
            raise Unresolved(value.path) from exc
    if isinstance(value, dict):
        return {k: _sources(v, fetch) for k, v in value.items()}
    if isinstance(value, list):
        return [_sources(v, fetch) for v in value]
    return value


class Text:
    """One document's text: spans of values, character-to-byte offsets, its writing style."""

    _last: tuple[Document, Text] | None = None  # stamping goes document by document

    @classmethod
    def of(cls, document: Document) -> Text:
        """The ``Text`` of ``document``: the last one made, when it is the same document."""
        if cls._last is None or cls._last[0] is not document:
            cls._last = (document, cls(document))
        return cls._last[1]

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self._ascii = self.text.isascii()
        self._locators: dict[int, JsonLocator] = {}
        self._line_starts: list[int] | None = None
        self._yaml: yaml_spans.Spans | None = None
        self._bytes: list[tuple[int, int]] = [(0, 0)]  # (character offset, byte offset), sorted
        self._style: Style | None = None

    @property
    def style(self) -> Style:
        if self._style is None:
            self._style = Style(self.text)
        return self._style

    # -- where a value is ----------------------------------------------------------------

    def span(self, pointer: str) -> tuple[int, int]:
        """Character offsets of the value at ``pointer``."""
        kind = self.document.kind
        if kind == "yaml":
            if self._yaml is None:
                self._yaml = yaml_spans.Spans(self.text)
            found: tuple[int, int] | None = self._yaml.span(pointer)
        elif kind == "jsonl":
            tokens = split(pointer)
            if not tokens or not tokens[0].isdigit():
                raise Unresolved(pointer)
            start = self._line_start(int(tokens[0]))
            rest = "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens[1:])
            found = self._locator(start).span(rest)
        elif self.document.piece is not None:  # read around a syntax error: inside a readable value
            inside = self.document.piece(pointer)
            if inside is None:
                raise Unresolved(pointer)
            found = self._locator(inside[0]).span(inside[1])
        else:
            found = self._locator(0).span(pointer)
        if found is None:
            raise Unresolved(pointer)
        return found

    def key_offsets(self, pointer: str, key: str) -> list[int]:
        """Character offsets of every occurrence of ``key`` in the object at ``pointer`` (JSON, JSONL)."""
        if self.document.kind == "jsonl":
            tokens = split(pointer)
            if not tokens or not tokens[0].isdigit():
                return []
            rest = "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens[1:])
            try:
                return self._locator(self._line_start(int(tokens[0]))).key_offsets(rest, key)
            except Unresolved:
                return []
        if self.document.piece is not None:  # read around a syntax error: inside a readable value
            inside = self.document.piece(pointer)
            return [] if inside is None else self._locator(inside[0]).key_offsets(inside[1], key)
        return self._locator(0).key_offsets(pointer, key)

    def _locator(self, start: int) -> JsonLocator:
        if start not in self._locators:
            positions = self.document.locate
            if start == 0 and isinstance(positions, TextPositions) and positions.text is self.text:
                self._locators[0] = positions.json  # the index the findings were placed with
            else:
                self._locators[start] = JsonLocator(self.text, start)
        return self._locators[start]

    def _line_start(self, number: int) -> int:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        if number >= len(self._line_starts):
            raise Unresolved(f"line {number + 1}")
        return self._line_starts[number]

    def byte(self, offset: int) -> int:
        """The byte offset (in the file as read, byte-order mark included) of a character offset."""
        extra = 3 if self.document.bom else 0
        if self._ascii:
            return offset + extra
        # counted from the nearest offset already converted: linear over a file's edits
        at = bisect.bisect_right(self._bytes, (offset, float("inf"))) - 1
        known, counted = self._bytes[at]
        result = counted + len(self.text[known:offset].encode("utf-8", "surrogatepass"))
        bisect.insort(self._bytes, (offset, result))
        return result + extra

    # -- the new value, written as the file writes ---------------------------------------

    def replacement(self, pointer: str, value: Any) -> Edit:
        start, end = self.span(pointer)
        try:
            if self.document.kind == "yaml":
                content = yaml_spans.render(value, self.text, start, end)
            else:
                one_line = self.document.kind == "jsonl" or "\n" not in self.text.strip()
                content = self.style.render(value, self.text, start, end, one_line)
        except (TypeError, ValueError) as exc:  # a value JSON cannot hold (NaN, an object)
            raise Unresolved(pointer) from exc
        return Edit(self.byte(start), self.byte(end), content)


_INDENT = re.compile(r"\n([ \t]+)\S")


class Style:
    """How a JSON text writes values: separators, escapes, line ending, indentation unit."""

    def __init__(self, text: str) -> None:
        self.ascii = text.isascii() and "\\u" in text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        head = text[:65536]
        self.colon = ": " if 2 * head.count('": ') >= head.count('":') else ":"
        self.comma = ", " if head.count(', "') >= head.count(',"') else ","
        first = _INDENT.search(head)
        self.unit = first.group(1) if first else "  "

    def scalar(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=self.ascii, allow_nan=False)

    def render(self, value: Any, text: str, start: int, end: int, one_line: bool = False) -> str:
        """``value`` written to take the place of ``text[start:end]``; ``one_line``: the
        document is one line (JSONL, minified), and so stays."""
        if not isinstance(value, (dict, list)) or not value:
            return self.compact(value)
        old = text[start:end]
        line_start = text.rfind("\n", 0, start) + 1
        indent = re.match(r"[ \t]*", text[line_start:start])
        base = indent.group() if indent else ""
        if one_line:
            return self.compact(value)
        unit = self.unit
        inner = _INDENT.search(old)
        if inner and inner.group(1).startswith(base) and len(inner.group(1)) > len(base):
            unit = inner.group(1)[len(base) :]
        # items that sat on one line each stay on one line each
        compact_items = isinstance(value, list) and _items_on_one_line(old)
        return self.pretty(value, base, unit, compact_items)

    def compact(self, value: Any) -> str:
        if isinstance(value, dict):
            return (
                "{"
                + self.comma.join(f"{self.scalar(k)}{self.colon}{self.compact(v)}" for k, v in value.items())
                + "}"
            )
        if isinstance(value, list):
            return "[" + self.comma.join(self.compact(v) for v in value) + "]"
        return self.scalar(value)

    def pretty(self, value: Any, base: str, unit: str, compact_items: bool = False) -> str:
        if not isinstance(value, (dict, list)) or not value:
            return self.compact(value)
        inner = base + unit
        if isinstance(value, dict):
            parts = [
                f"{inner}{self.scalar(k)}{self.colon}{self.pretty(v, inner, unit)}" for k, v in value.items()
            ]
            opening, closing = "{", "}"
        else:
            parts = [
                inner + (self.compact(v) if compact_items else self.pretty(v, inner, unit)) for v in value
            ]
            opening, closing = "[", "]"
        return opening + self.newline + ("," + self.newline).join(parts) + self.newline + base + closing


def _items_on_one_line(old: str) -> bool:
    """An array's text whose first item is an object or array written on one line."""
    match = re.match(r"\[\s*([\[{])", old)
    if not match:
        return False
    try:
        _, end = json.JSONDecoder().raw_decode(old, match.start(1))
    except ValueError:
        return False
    return "\n" not in old[match.start(1) : end]
