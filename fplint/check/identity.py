"""A finding's stable identity: what stays the same when a file is reformatted or a turn moves."""

from __future__ import annotations

import re

from fplint.model import Diagnostic

_DIGITS = re.compile(r"\d+")


def inner_pointer(d: Diagnostic) -> str:
    """The diagnostic's pointer relative to its turn (``/emotional_context/...``), else absolute."""
    if d.turn_pointer is not None and (
        d.pointer == d.turn_pointer or d.pointer.startswith(d.turn_pointer + "/")
    ):
        return d.pointer[len(d.turn_pointer) :]
    return d.pointer


def subject(d: Diagnostic) -> str:
    """The turn a finding concerns (its id), or its file when it concerns no identified turn."""
    return d.turn_id if d.turn_id is not None else f"{d.path}#{d.turn_pointer or ''}"


def fingerprint(d: Diagnostic) -> str:
    """A hash of rule, subject, pointer inside the turn and message, with numbers blanked.

    Line numbers never enter it, and numbers inside messages ("first at line 100",
    "7 skills listed") are blanked, so reformatting a file or moving a turn keeps it.
    """
    message = _DIGITS.sub("#", d.message)
    key = "\x00".join([d.rule, subject(d), inner_pointer(d), message])
    import hashlib  # on demand: OpenSSL's start-up is paid only by runs that fingerprint

    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
