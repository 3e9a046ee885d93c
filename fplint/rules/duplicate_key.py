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
    any_standard = True

    def check(self, document: Document) -> Iterator[Finding]:
        if not document.duplicates:
            return
        places = _Places(document) if document.kind in ("json", "jsonl") and document.text else None
        for dup in document.duplicates:
            place = "the top-level object" if not dup.pointer else where(dup.pointer)
            yield Finding(
                dup.pointer,
                f"key '{clip(dup.key)}' appears again in {place} (first at line {dup.first[0]}); "
                "parsers keep only the last value: merge the two or rename one",
                line=dup.repeat[0],
                column=dup.repeat[1],
                fix=_fix(document, dup, places) if places else None,
            )


def _fix(document: Document, dup: Repeat, places: _Places) -> Fix | None:
    """Drop the occurrence just before this repeat (so all but the last go, one per finding),
    as parsers do; JSON and JSONL only."""
    from fplint.fix import syntax

    text = places.text
    occurrences, lines, at = places.find(dup)
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


class _Places:
    """Where each repeated key of one JSON or JSONL document is: found once per key, so that
    the fixes of a key repeated 100,000 times cost linear time, not a scan of every repeat for
    each one."""

    def __init__(self, document: Document) -> None:
        from fplint.fix.resolve import Text

        self.text = Text.of(document)
        self.lines = LineIndex(document.text)
        self.keys: dict[tuple[str, str], tuple[list[int], dict[tuple[int, int], int]]] = {}

    def find(self, dup: Repeat) -> tuple[list[int], LineIndex, int | None]:
        """The key's offsets in its object, the line index, and which of them ``dup`` repeats."""
        known = self.keys.get((dup.pointer, dup.key))
        if known is None:
            offsets = self.text.key_offsets(dup.pointer, dup.key)
            index_at: dict[tuple[int, int], int] = {}
            for index, offset in enumerate(offsets):
                index_at.setdefault(self.lines.position(offset), index)
            known = self.keys[dup.pointer, dup.key] = (offsets, index_at)
        return known[0], self.lines, known[1].get(dup.repeat)
