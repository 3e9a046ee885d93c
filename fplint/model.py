"""The value types every other module speaks: severities, scopes, findings, turns, diagnostics."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, NamedTuple

from fplint.fix.edit import Fix
from fplint.pickling import by_fields


class Severity(enum.StrEnum):
    """How much a diagnostic matters; errors fail a run, warnings only with ``--fail-on warning``."""

    ERROR = "error"
    WARNING = "warning"


class Scope(enum.StrEnum):
    """What a rule looks at: one file, one turn, one conversation, or the whole dataset."""

    FILE = "file"
    TURN = "turn"
    CONVERSATION = "conversation"
    DATASET = "dataset"


class TurnRef(NamedTuple):
    """A compact, picklable reference to a turn somewhere in the dataset."""

    path: str
    pointer: str
    turn_id: str | None


class Finding(NamedTuple):
    """What a rule yields: where (a JSON pointer) and what to say.

    ``pointer`` is relative to the turn for turn rules and to ``ref`` for conversation and
    dataset rules; file rules give an absolute pointer. ``offset`` is a character offset
    inside the string value at ``pointer`` (to point at one sentence of a long response).
    ``line``/``column`` are only for findings that have no pointer (a syntax error).
    ``fix``: a change that makes the finding go away (``fplint.fix``), when one is certain.
    """

    pointer: str
    message: str
    offset: int | None = None
    ref: TurnRef | None = None
    line: int | None = None
    column: int | None = None
    related: tuple[TurnRef, ...] = ()  # other turns the finding is about (a duplicate's first copy)
    fix: Fix | None = None


@by_fields
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding stamped by the engine with its rule, code, severity and exact location."""

    path: str
    line: int | None
    column: int | None
    pointer: str
    turn_id: str | None
    rule: str
    code: str
    severity: Severity
    message: str
    scope: Scope = Scope.TURN
    turn_pointer: str | None = None
    related: tuple[str, ...] = ()  # paths of other files the finding concerns
    fix: Fix | None = None  # byte edits of the file as read (``Fix.resolved``)

    def as_dict(self) -> dict[str, Any]:
        """The public JSON shape of one diagnostic (SPEC §5, with §13's ``scope`` and
        ``turn_pointer``, and ``fix`` when it has one)."""
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "turn_id": self.turn_id,
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "scope": self.scope.value,
            "turn_pointer": self.turn_pointer,
        }
        if self.fix is not None:
            data["fix"] = self.fix.as_dict()
        return data

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.column or 0, self.code, self.message)


@dataclass(frozen=True)
class Turn:
    """One training turn as a rule sees it: the parsed value and where it lives."""

    value: Any
    path: str = "<turn>"
    pointer: str = ""
    index: int = 0

    @property
    def ref(self) -> TurnRef:
        return TurnRef(self.path, self.pointer, self.id)

    @property
    def id(self) -> str | None:
        value = self.value.get("id") if isinstance(self.value, dict) else None
        return value if isinstance(value, str) else None

    @property
    def conversation_id(self) -> str | None:
        value = self.value.get("conversation_id") if isinstance(self.value, dict) else None
        return value if isinstance(value, str) else None

    @property
    def turn_number(self) -> int | None:
        value = self.value.get("turn_number") if isinstance(self.value, dict) else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None
