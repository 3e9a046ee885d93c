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
    r"\A\s*(?:\.\.\.|…|n/?a|tbc|-+)\s*\Z",
]
#: Empty annotation fields of an analysed sentence are sentence-fields' finding.
_SENTENCE_FIELD = re.compile(
    r"^/response_breakdown/sentences/\d+/(?:function|emotional_purpose|technique|teaches_model)$"
)


class Placeholder(TurnRule):
    """No string in the turn is a placeholder (TODO, TBD, FIXME, lorem ipsum, ``[...]``,
    "copy from ...", "insert ... here", a bare ``...`` or ``N/A``) or empty.

    Checked everywhere in the turn, keys included; ``patterns`` are case-insensitive
    regular expressions. The empty annotation fields of an analysed sentence are left to
    ``sentence-fields``.

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
            list, _DEFAULT_PATTERNS, "case-insensitive regular expressions that mark a placeholder"
        )
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._pattern = re.compile(
            "|".join(f"(?:{p})" for p in self.opts["patterns"]), re.IGNORECASE
        )

    def check(self, turn: Turn) -> Iterator[Finding]:
        stack: list[tuple[str, Any]] = [("", turn.value)]
        while stack:
            pointer, value = stack.pop()
            if isinstance(value, dict):
                for key, child in reversed(value.items()):
                    child_pointer = join(pointer, key)
                    if self._pattern.search(key):
                        yield Finding(child_pointer, f"key {quote(key, 40)} is a placeholder: name the field")
                    stack.append((child_pointer, child))
            elif isinstance(value, list):
                stack.extend((join(pointer, i), child) for i, child in reversed(list(enumerate(value))))
            elif isinstance(value, str):
                if not value.strip():
                    if not _SENTENCE_FIELD.match(pointer):
                        yield Finding(
                            pointer, f"{pointer.rsplit('/', 1)[-1]} is empty: write it, or remove the field"
                        )
                elif match := self._pattern.search(value):
                    yield Finding(
                        pointer,
                        f"{pointer.rsplit('/', 1)[-1]} holds placeholder text {quote(match.group().strip() or value, 40)}: "
                        "write the real content",
                        offset=match.start(),
                    )
