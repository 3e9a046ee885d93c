"""duplicate-key: an object repeats a key."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.brief import clip
from fplint.check.schema import where
from fplint.fix import Edit, Fix
from fplint.model import Finding
from fplint.read.document import Document
from fplint.read.document import DuplicateKey as Repeat
from fplint.read.positions import LineIndex
from fplint.rule import FileRule
from fplint.rules._util import quote


class DuplicateKey(FileRule):
    """An object repeats a key.

    JSON parsers keep only the last value of a repeated key, silently: the first value is
    lost on the way to training. Reported at the repeat, naming the first occurrence.

    Why: a duplicated ``"secondary"`` or ``"text"`` is annotation work that never reaches
    the model, and nobody notices because every parser accepts it.

    Fix (unsafe): the earlier member is deleted, as parsers drop it; the fix message shows the
    value that goes. JSON and JSONL (YAML: by hand).

    Fails::

        {"primary": "shame", "primary": "anxiety"}

    Passes::

        {"primary": "shame", "secondary": "anxiety"}
    """

    name = "duplicate-key"
    code = "FP103"

    def check(self, document: Document) -> Iterator[Finding]:
        for dup in document.duplicates:
            place = "the top-level object" if not dup.pointer else where(dup.pointer)
            yield Finding(
                dup.pointer,
                f"key '{clip(dup.key)}' appears again in {place} (first at line {dup.first[0]}); "
                "parsers keep only the last value: merge the two or rename one",
                line=dup.repeat[0],
                column=dup.repeat[1],
                fix=_fix(document, dup),
            )


def _fix(document: Document, dup: Repeat) -> Fix | None:
    """Drop the occurrence just before this repeat (so all but the last go, one per finding),
    as parsers do; JSON and JSONL only."""
    if document.kind not in ("json", "jsonl") or not document.text:
        return None
    from fplint.fix import syntax
    from fplint.fix.resolve import Text

    text = Text.of(document)
    occurrences = text.key_offsets(dup.pointer, dup.key)
    lines = LineIndex(document.text)
    at = next((i for i, o in enumerate(occurrences) if lines.position(o) == dup.repeat), None)
    if not at:  # not found, or the first: nothing before it to drop
        return None
    span = syntax.member_span(document.text, occurrences[at - 1])
    if span is None:
        return None
    dropped = document.text[span[0] : span[1]].partition(":")[2].strip().rstrip(",").strip()
    return Fix.unsafe(
        f"keep the last '{clip(dup.key)}' and drop the earlier one (line {lines.position(span[0])[0]}): "
        f"{quote(dropped, 60)}",
        Edit(text.byte(span[0]), text.byte(span[1]), ""),
    )
