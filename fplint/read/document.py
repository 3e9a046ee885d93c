"""A loaded file: its text, parsed value, parse problems, layout and turns, and a locator."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from fplint.model import Turn
from fplint.read.positions import LineIndex

#: The longest integer fplint reads from data (digits, in any base), JSON and YAML alike: a
#: longer one is a finding. Python will not print one past 4,300 digits, and printing one costs
#: the square of its length (the schema validator prints each it meets): 1,000 digits keep a
#: file of them as cheap to check, byte for byte, as any other; no dataset needs more.
MAX_INT_DIGITS = 1000


class Layout(enum.StrEnum):
    """The document shapes of SPEC §2."""

    PAIRS = "pairs"
    CONVERSATIONS = "conversations"
    TURN = "turn"
    JSONL = "jsonl"


class Problem(enum.StrEnum):
    """Why a file, or part of it, could not be read as data."""

    SYNTAX = "syntax"  # not parseable: reported by invalid-json
    IO = "io"  # not readable at all: reported by unreadable-file


@dataclass(frozen=True)
class ParseError:
    """A parse failure travelling as data: what, and where (1-based)."""

    message: str
    line: int
    column: int
    problem: Problem = Problem.SYNTAX


@dataclass(frozen=True)
class DuplicateKey:
    """An object that repeats a key: the object's pointer and where each repeat starts."""

    pointer: str
    key: str
    first: tuple[int, int]
    repeat: tuple[int, int]


class Locator(Protocol):
    """Maps a JSON pointer (and an optional offset inside a string) to (line, column)."""

    def __call__(self, pointer: str, inner: int | None = None) -> tuple[int, int]: ...


def _nowhere(pointer: str, inner: int | None = None) -> tuple[int, int]:
    return (1, 1)


@dataclass(frozen=True)
class UnreadTurn:
    """A turn a syntax error left unread: where it is, and what could be made out of it (its
    identity, read from its text, else from its neighbours), so that cross-turn rules know
    it exists."""

    pointer: str
    id: str | None
    conversation_id: str | None
    turn_number: int | None


@dataclass
class Document:
    """Everything fplint knows about one file after loading it."""

    path: str
    kind: str
    text: str = ""
    value: Any = None
    errors: list[ParseError] = field(default_factory=list)
    duplicates: list[DuplicateKey] = field(default_factory=list)
    layout: Layout | None = None
    layout_problem: tuple[str, str] | None = None  # (pointer, message) when no layout fits
    turns: Sequence[Turn] = field(default_factory=list)  # a JSONL file's are read when asked for
    locate: Locator = _nowhere
    bom: bool = False  # the file starts with a UTF-8 byte-order mark (not part of ``text``)
    unread: list[str] = field(default_factory=list)  # pointers a syntax error left unread (the rest was read)
    unread_turns: list[UnreadTurn] = field(default_factory=list)  # the turns among them
    #: The format version it declares: (pointer, value) of each ``version``, ``format_version``
    #: and ``format_spec`` read (``fplint.read.declared``).
    declared: list[tuple[str, str]] = field(default_factory=list)
    #: Read around a syntax error: the start of the readable value a pointer is in, and the
    #: pointer inside it (``None`` outside every readable value); ``None`` for a whole file.
    piece: Callable[[str], tuple[int, str] | None] | None = None

    @property
    def line_count(self) -> int:
        if not self.text:
            return 0
        return self.text.count("\n") + (0 if self.text.endswith("\n") else 1)

    @property
    def readable(self) -> bool:
        """True when the whole file parsed (a JSONL file may have some good lines anyway)."""
        return not self.errors


def offset_locator(text: str, offsets: dict[str, int]) -> Locator:
    """A locator over a precomputed pointer → offset table (falls back to the nearest parent)."""
    lines = LineIndex(text)

    def locate(pointer: str, inner: int | None = None) -> tuple[int, int]:
        while pointer not in offsets and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return lines.position(offsets.get(pointer, 0))

    return locate
