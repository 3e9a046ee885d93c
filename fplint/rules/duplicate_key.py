"""duplicate-key: an object repeats a key."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check.schema import where
from fplint.model import Finding
from fplint.read.document import Document
from fplint.rule import FileRule


class DuplicateKey(FileRule):
    """An object repeats a key.

    JSON parsers keep only the last value of a repeated key, silently: the first value is
    lost on the way to training. Reported at the repeat, naming the first occurrence.

    Why: a duplicated ``"secondary"`` or ``"text"`` is annotation work that never reaches
    the model, and nobody notices because every parser accepts it.

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
                f"key '{dup.key}' appears again in {place} (first at line {dup.first[0]}); "
                "parsers keep only the last value: merge the two or rename one",
                line=dup.repeat[0],
                column=dup.repeat[1],
            )
