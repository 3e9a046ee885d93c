"""The format version a file declares, where it declares it (the envelope, its
``dataset_metadata`` or ``_meta``, a JSONL file's ``_meta`` line).

Read: ``version``, ``format_version`` and ``format_spec``. In ``dataset_metadata``, a
``version`` alone is the dataset's own release (the published v3.4 files say ``1.0.0`` there,
beside ``dataset_name``): it is read as the format's only beside a ``format_version`` or
``format_spec``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fplint.read.document import Document, Layout
from fplint.read.pointer import join

KEYS = ("version", "format_version", "format_spec")
_FORMAT_KEYS = ("format_version", "format_spec")


def declared(document: Document) -> list[tuple[str, str]]:
    """(pointer, value) of each format declaration in ``document``, in reading order."""
    value = document.value
    if document.layout is Layout.JSONL and isinstance(value, Mapping):
        first = next(iter(value), None)  # the first line that parsed: a ``_meta`` line or a turn
        line = value.get(first) if first is not None else None
        if isinstance(line, dict) and isinstance(line.get("_meta"), dict):
            return _read(line["_meta"], join("", str(first), "_meta"), alone=True)
        return []
    if document.layout not in (Layout.PAIRS, Layout.CONVERSATIONS) or not isinstance(value, dict):
        return []
    found = _read(value, "", alone=True)
    for key, alone in (("dataset_metadata", False), ("_meta", True)):
        if isinstance(value.get(key), dict):
            found += _read(value[key], join("", key), alone)
    return found


def _read(container: dict[str, Any], base: str, alone: bool) -> list[tuple[str, str]]:
    """The declarations of one object; ``alone``: a ``version`` counts without a format key."""
    if not alone and not any(_text(container.get(k)) for k in _FORMAT_KEYS):
        return []
    found = []
    for key in KEYS:
        text = _text(container.get(key))
        if text:
            found.append((join(base, key), text))
    return found


def _text(value: Any) -> str:
    """A declared value as text: a string, or a number (``4``, ``3.4``); else nothing."""
    if isinstance(value, str):
        return value.strip()[:200]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 10**9:
        return str(value)
    return ""
