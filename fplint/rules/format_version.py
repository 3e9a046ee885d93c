"""format-version: a file declares a format version the configured standard does not cover."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.brief import clip
from fplint.model import Finding
from fplint.read.document import Document
from fplint.read.pointer import split
from fplint.rule import FileRule, plural
from fplint.standards import STANDARDS


class FormatVersion(FileRule):
    """The file declares a format version that the configured standard does not cover.

    Read: ``version``, ``format_version`` and ``format_spec``, in the envelope, in its
    ``dataset_metadata`` or ``_meta``, or in a JSONL file's ``_meta`` line (in
    ``dataset_metadata``, a ``version`` alone is the dataset's own release, and is read only
    beside a ``format_version`` or ``format_spec``). A file that declares nothing is held to
    the configured standard (``standard: v3.4``, the default). One that declares another
    version (``"4.0.0"``, ``"brightrun-lora-v4"``) gets this one finding, naming what it
    declares and what fplint checks; its turns are not held to the standard, and only the
    rules that judge any file still run (invalid-json, duplicate-key, file-too-long).

    Why: a file of a newer format held to v3.4 gives a hundred findings, nearly all
    meaningless, and buries the one thing to know: fplint does not check this format yet.

    Fails::

        {"_meta": {"version": "4.0.0", "format_spec": "brightrun-lora-v4"}}

    Passes::

        {"_meta": {"version": "3.4"}}
    """

    name = "format-version"
    code = "FP106"
    any_standard = True

    def check(self, document: Document) -> Iterator[Finding]:
        standard = self.standard
        uncovered = standard.uncovered(document.declared)
        if not uncovered:
            return
        declared = " and ".join(f"{_key(p)} {clip(v, 60)!r}" for p, v in document.declared)
        places = sorted({_container(p) for p, _ in document.declared})
        turns = plural(len(document.turns), "turn")
        yield Finding(
            uncovered[0][0],
            f"the file declares {declared} (in {' and '.join(places)}), a format the configured "
            f"standard {standard.name} does not cover: its {turns} were not checked (only its "
            f"syntax, repeated keys and length were). Set `standard` to one that covers it "
            f"(fplint knows {', '.join(STANDARDS)}), or convert the file to {standard.name}",
        )


def _key(pointer: str) -> str:
    return split(pointer)[-1]


def _container(pointer: str) -> str:
    """Where a declaration is: ``_meta``, ``dataset_metadata`` or the envelope."""
    tokens = split(pointer)
    return tokens[-2] if len(tokens) >= 2 else "the envelope"
