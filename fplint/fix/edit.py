"""Fixes as data: what a rule proposes to change, and how sure it is.

A rule attaches a ``Fix`` to a ``Finding``. It may say what to change in two ways:

- ``Replace(pointer, value)``: the value at a JSON pointer becomes ``value`` (the pointer is
  relative like the finding's own). Turn and conversation rules see values, not text, so
  this is their way; the engine turns it into byte edits of the source, written in the
  file's own style (``fplint.fix.resolve``). Inside ``value``, a ``Source`` stands for a
  value copied from another turn, perhaps in another file.
- ``Edit(start, end, content)``: the bytes ``start:end`` of the file become ``content``.
  File rules, which see the text, may give these directly.

A whole-file fix (a split) deletes every byte of the file (one edit) and lists the
``NewFile``s that take its place: the applier removes the file and creates them.

What reaches a ``Diagnostic`` has only ``Edit``s (or new files): byte ranges of the file as
it was read, which the applier (``fplint.fix.apply``) writes, and which the JSON and SARIF
outputs publish (SPEC §13).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, NamedTuple

from fplint.pickling import by_fields


class Applicability(enum.StrEnum):
    """``safe``: the fix keeps the data's meaning (``--fix``); ``unsafe``: it may change or
    drop authored content, so it is applied only with ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class Edit(NamedTuple):
    """Replace the bytes ``start:end`` of the file (as read) with ``content``."""

    start: int
    end: int
    content: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "content": self.content}


class Replace(NamedTuple):
    """Set the value at ``pointer`` (relative like the finding's pointer) to ``value``."""

    pointer: str
    value: Any


class Source(NamedTuple):
    """Inside a ``Replace`` value: the value at ``pointer`` of the file at ``path``."""

    path: str
    pointer: str


class NewFile(NamedTuple):
    """A file a whole-file fix creates (it must not exist yet), and its text."""

    path: str
    content: str

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "content": self.content}


@by_fields
@dataclass(frozen=True, slots=True)
class Fix:
    """A change that makes a finding go away: its edits, what it does, and how safe it is.

    Every edit of a fix is applied, or none is. ``files``: the file is replaced by these
    new files, as when a file over the line cap is split; its one edit then deletes every
    byte, and the applier removes the file instead of leaving it empty.
    """

    applicability: Applicability
    message: str
    edits: tuple[Edit, ...] = ()
    replace: tuple[Replace, ...] = ()
    files: tuple[NewFile, ...] = ()

    @classmethod
    def safe(cls, message: str, *changes: Edit | Replace) -> Fix:
        """A safe fix made of edits and replacements."""
        return cls._of(Applicability.SAFE, message, changes)

    @classmethod
    def unsafe(cls, message: str, *changes: Edit | Replace) -> Fix:
        """An unsafe fix made of edits and replacements."""
        return cls._of(Applicability.UNSAFE, message, changes)

    @classmethod
    def _of(cls, applicability: Applicability, message: str, changes: tuple[Edit | Replace, ...]) -> Fix:
        edits = tuple(c for c in changes if isinstance(c, Edit))
        replace = tuple(c for c in changes if isinstance(c, Replace))
        return cls(applicability, message, edits, replace)

    @property
    def resolved(self) -> bool:
        """True when only byte edits (or new files) are left: ready to apply or publish."""
        return not self.replace

    @property
    def whole_file(self) -> bool:
        return bool(self.files)

    def applies(self, unsafe: bool) -> bool:
        """Whether this fix is applied in a run with (or without) ``--unsafe-fixes``."""
        return self.applicability is Applicability.SAFE or unsafe

    def as_dict(self) -> dict[str, Any]:
        """The public JSON shape (SPEC §13); a split adds ``files``, the files that replace this one."""
        data: dict[str, Any] = {
            "applicability": self.applicability.value,
            "message": self.message,
            "edits": [e.as_dict() for e in sorted(self.edits)],
        }
        if self.files:
            data["files"] = [f.as_dict() for f in self.files]
        return data
