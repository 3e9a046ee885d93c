"""Every turn under some paths, with where it lives: the reading side of ``fplint.load``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from fplint.model import Turn
from fplint.read.document import Document, Layout
from fplint.read.loader import load
from fplint.read.positions import JsonLocator, LineIndex, TextPositions, scan_value


@dataclass(frozen=True)
class LoadedTurn(Turn):
    """One turn as ``fplint.load`` yields it: a ``Turn`` (``value``, ``path``, ``pointer``,
    ``index``, ``id``, ``conversation_id``, ``turn_number``) plus where its text is.

    ``line``/``column`` are where the turn's value starts (1-based); ``end_line`` is its
    last line (a JSONL turn is one line; in YAML a turn runs to the line before the next
    one). They are ``None`` for a document that has no text. ``layout`` is the file's
    layout: ``pairs``, ``conversations``, ``turn`` or ``jsonl``.
    """

    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    layout: str = ""

    @property
    def lines(self) -> int:
        """How many lines of its file the turn takes (0 when there is no text)."""
        if self.line is None or self.end_line is None:
            return 0
        return self.end_line - self.line + 1


def load_turns(files: Iterable[str]) -> Iterator[LoadedTurn]:
    """Every turn of each file, files in the order given, turns in the order of their file."""
    for path in files:
        yield from document_turns(load(path))


def document_turns(document: Document) -> list[LoadedTurn]:
    """The turns of one loaded document, each placed in its text."""
    if not document.turns:
        return []
    layout = document.layout.value if document.layout else ""
    if not document.text:
        return [LoadedTurn(t.value, t.path, t.pointer, t.index, layout=layout) for t in document.turns]
    starts = [document.locate(t.pointer) for t in document.turns]
    ends = _ends(document, starts)
    return [
        LoadedTurn(t.value, t.path, t.pointer, t.index, line, column, end, layout)
        for t, (line, column), end in zip(document.turns, starts, ends, strict=True)
    ]


def _ends(document: Document, starts: list[tuple[int, int]]) -> list[int | None]:
    if document.layout is Layout.JSONL:
        return [line for line, _ in starts]
    if document.kind == "json":
        locate = document.locate
        locator = locate.json if isinstance(locate, TextPositions) else JsonLocator(document.text)
        return [_json_end(document.text, locator, t.pointer) for t in document.turns]
    # YAML: up to the line before the next turn; the last runs to the end of the file
    following = [line - 1 for line, _ in starts[1:]] + [document.line_count]
    return [max(end, line) for end, (line, _) in zip(following, starts, strict=True)]


def _json_end(text: str, locator: JsonLocator, pointer: str) -> int | None:
    """The line on which the JSON value at ``pointer`` ends (one locator for every turn of a file)."""
    try:
        start = locator.offset(pointer)
        _, end = scan_value(text, start)
    except (ValueError, IndexError, StopIteration, RecursionError):
        return None
    return LineIndex(text).position(max(start, end - 1))[0]
