"""unknown-layout: the file parses but is none of the dataset layouts."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding
from fplint.read.document import Document
from fplint.rule import FileRule


class UnknownLayout(FileRule):
    """The document parses but is not a pairs file, a conversations file, or a single turn.

    fplint recognises ``{"training_pairs": [...]}``, ``{"conversations": [{...,
    "training_pairs": [...]}]}``, an object that is itself a turn, and JSONL with one turn
    per line. Anything else holds no turns fplint can check.

    Why: a file in an unexpected shape is invisible to every other rule and, most likely,
    to the training loader too.

    Fails::

        [{"id": "fp_marcus_001_turn1", "turn_number": 1}]

    Passes::

        {"training_pairs": [{"id": "fp_marcus_001_turn1", "turn_number": 1}]}
    """

    name = "unknown-layout"
    code = "FP102"

    def check(self, document: Document) -> Iterator[Finding]:
        if document.layout_problem is not None:
            pointer, message = document.layout_problem
            yield Finding(pointer, message)
