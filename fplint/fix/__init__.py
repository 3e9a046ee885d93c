"""Fixes: the edit model rules attach to findings, the applier, and the fix loop.

``fplint.fix.edit`` holds the data (``Fix``, ``Edit``, ``Replace``, ``Source``, ``NewFile``),
``resolve`` turns a rule's replacements into byte edits, ``apply`` applies a file's fixes,
and ``loop`` runs check → apply → check until nothing more applies.
"""

from __future__ import annotations

from fplint.fix.edit import Applicability, Edit, Fix, NewFile, Replace, Source

__all__ = ["Applicability", "Edit", "Fix", "NewFile", "Replace", "Source"]
