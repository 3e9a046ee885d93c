"""A finding's stable identity: what stays the same when a file is reformatted or a turn moves."""

from __future__ import annotations

import re
from pathlib import Path

from fplint.model import Diagnostic

_DIGITS = re.compile(r"\d+")


def inner_pointer(d: Diagnostic) -> str:
    """The diagnostic's pointer relative to its turn (``/emotional_context/...``), else absolute."""
    if d.turn_pointer is not None and (
        d.pointer == d.turn_pointer or d.pointer.startswith(d.turn_pointer + "/")
    ):
        return d.pointer[len(d.turn_pointer) :]
    return d.pointer


def file_key(path: str, root: Path | None) -> str:
    """One spelling of a file for every way of naming it: relative to ``root`` (the project's
    folder), forward slashes; ``data/x.json``, ``./data/x.json`` and ``/abs/data/x.json`` agree."""
    if root is None:
        return path
    from fplint.config import relative

    return relative(path, root)


def subject(d: Diagnostic, root: Path | None = None) -> str:
    """The turn a finding concerns (its id), or its file when it concerns no identified turn."""
    return d.turn_id if d.turn_id is not None else f"{file_key(d.path, root)}#{d.turn_pointer or ''}"


def fingerprint(d: Diagnostic, root: Path | None = None) -> str:
    """A hash of rule, subject, pointer inside the turn and message, with numbers blanked.

    Line numbers never enter it, and numbers inside messages ("first at line 100",
    "7 skills listed") are blanked, so reformatting a file or moving a turn keeps it. With
    ``root``, a file is named relative to it, so every spelling of its path agrees.
    """
    return key(d.rule, subject(d, root), inner_pointer(d), d.message)


def key(rule: str, subject: str, pointer: str, message: str) -> str:
    """The fingerprint of a finding's parts (see ``fingerprint``)."""
    text = "\x00".join([rule, subject, pointer, _DIGITS.sub("#", message)])
    import hashlib  # on demand: OpenSSL's start-up is paid only by runs that fingerprint

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
