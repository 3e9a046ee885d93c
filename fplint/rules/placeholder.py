"""placeholder: no placeholder text and no empty strings in a turn."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fplint.model import Finding, Turn
from fplint.pointer import join
from fplint.rule import Option, TurnRule
from fplint.rules._util import quote

_DEFAULT_PATTERNS = [
    r"\bTODO\b",
    r"\bTBD\b",
    r"\bFIXME\b",
    r"\bXXX\b",
    r"\blorem ipsum\b",
    r"\[\s*(?:\.\.\.|…)\s*\]",
    r"\bcopy (?:it |this )?from\b",
    r"[<\[{]\s*placeholder\s*[>\]}]",
    r"\binsert (?:\w+ ){0,3}here\b",
]
_DEFAULT_BARE = ["...", "…", "n/a", "na", "tbc", "-", "--", "---"]
#: Empty annotation fields of an analysed sentence are sentence-fields' finding.
_SENTENCE_FIELD = re.compile(
    r"^/response_breakdown/sentences/\d+/(?:function|emotional_purpose|technique|teaches_model)$"
)
_ANCHORS = re.compile(r"(?<!\\)(?:\\[AZzb]|\^|\$)")


class Placeholder(TurnRule):
    """No string in the turn is a placeholder (TODO, TBD, FIXME, lorem ipsum, ``[...]``,
    "copy from ...", "insert ... here"), only a bare ``...``, ``N/A`` or ``TBC``, or empty.

    Checked everywhere in the turn, keys included: ``patterns`` are case-insensitive
    regular expressions searched in every string; ``bare-values`` are whole values
    (case-insensitive, spaces aside). The empty annotation fields of an analysed sentence
    are left to ``sentence-fields``.

    Why: the checklist's first item is "all required fields populated (no TODOs or
    placeholders)". A placeholder that reaches training is text the model learns to
    produce.

    Fails::

        "reviewer_notes": "TODO: review after the next pass"

    Passes::

        "reviewer_notes": "Validates before educating. The close restores his agency."
    """

    name = "placeholder"
    code = "FP901"
    options = {
        "patterns": Option(
            list,
            _DEFAULT_PATTERNS,
            "case-insensitive regular expressions that mark a placeholder",
            regex=True,
        ),
        "bare-values": Option(list, _DEFAULT_BARE, "whole values that are placeholders (case-insensitive)"),
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._patterns = [(required_literal(p), re.compile(p, re.IGNORECASE)) for p in self.opts["patterns"]]
        self._bare = {v.strip().lower() for v in self.opts["bare-values"]}

    def check(self, turn: Turn) -> Iterator[Finding]:
        texts = _texts(turn.value)
        if not self._suspects(texts):
            return  # the usual case, decided without building a single pointer
        for pointer, text, is_key in _strings(turn.value):
            if is_key:
                if text and self._match(text):
                    yield Finding(pointer, f"key {quote(text, 40)} is a placeholder: name the field")
            elif not text.strip():
                if not _SENTENCE_FIELD.match(pointer):
                    yield Finding(pointer, f"{_name(pointer)} is empty: write it, or remove the field")
            elif text.strip().lower() in self._bare:
                yield Finding(
                    pointer, f"{_name(pointer)} is only {quote(text.strip(), 20)}: write the real content"
                )
            elif match := self._match(text):
                yield Finding(
                    pointer,
                    f"{_name(pointer)} holds placeholder text {quote(match.group().strip() or text, 40)}: "
                    "write the real content",
                    offset=match.start(),
                )

    def _suspects(self, texts: list[str]) -> bool:
        """Whether any string could be a finding: one pass over the turn's text, in C."""
        blob = "\x00".join(texts)
        lowered = blob.lower()
        for literal, pattern in self._patterns:
            if literal in lowered and (_ANCHORS.search(pattern.pattern) or pattern.search(blob)):
                return True
        return any(not t.strip() or t.strip().lower() in self._bare for t in texts)

    def _match(self, text: str) -> re.Match[str] | None:
        found = [m for m in (p.search(text) for _, p in self._patterns) if m]
        return min(found, key=lambda m: m.start()) if found else None


def _name(pointer: str) -> str:
    return pointer.rsplit("/", 1)[-1]


def _texts(value: Any) -> list[str]:
    """Every string of a value, keys included, in no particular order."""
    found: list[str] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            found.extend(k for k in node if k)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _strings(value: Any) -> Iterator[tuple[str, str, bool]]:
    """Every string of a value, keys included, as (pointer, text, is_key), in document order."""
    stack: list[tuple[str, Any, bool]] = [("", value, False)]
    while stack:
        pointer, node, is_key = stack.pop()
        if is_key:
            yield pointer, node, True
        elif isinstance(node, dict):
            for key, child in reversed(node.items()):
                stack.append((join(pointer, key), child, False))
                stack.append((join(pointer, key), key, True))
        elif isinstance(node, list):
            stack.extend((join(pointer, i), child, False) for i, child in reversed(list(enumerate(node))))
        elif isinstance(node, str):
            yield pointer, node, False


def required_literal(pattern: str) -> str:
    """The longest run of plain characters every match of ``pattern`` must contain, lower-cased
    (``""`` when there is none to rely on: a top-level ``|``, or only classes and groups)."""
    runs: list[str] = []
    current = ""
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escaped = pattern[i + 1 : i + 2]
            i += 2
            if escaped and not escaped.isalnum():
                current += escaped
                continue
        elif char in "[(":
            i = _skip_group(pattern, i)
        elif char == "|":
            return ""
        elif char in "*+?{":
            current = current[:-1]
            i = pattern.index("}", i) + 1 if char == "{" and "}" in pattern[i:] else i + 1
        elif char not in ".^$":
            current += char
            i += 1
            continue
        else:
            i += 1
        runs.append(current)
        current = ""
    runs.append(current)
    return max(runs, key=len).lower()


def _skip_group(pattern: str, i: int) -> int:
    """The index just past the class or group that starts at ``i``."""
    opening = pattern[i]
    closing = "]" if opening == "[" else ")"
    depth = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == opening and (opening == "(" or depth == 0):
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i
