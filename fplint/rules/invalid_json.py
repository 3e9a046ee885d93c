"""invalid-json: the file cannot be parsed."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding
from fplint.read.document import Document, Problem
from fplint.rule import FileRule


class InvalidJson(FileRule):
    """The file is not parseable JSON, JSONL or YAML.

    Reported at the parser's real line and column, with the usual cause when it is known
    (a trailing comma, a missing comma, an unescaped quote, a truncated file). Also
    reported: a byte-order mark, bytes that are not UTF-8, NaN or Infinity, a lone UTF-16
    surrogate escape (``"\\ud800"``, no character at all), an integer too long to read,
    nesting thousands of levels deep, YAML object tags.

    Why: a training pipeline that meets one unparseable file stops, or worse, skips it
    silently and trains on less data than anyone thinks.

    Fails::

        {"training_pairs": [{"id": "fp_marcus_001_turn1",}]}

    Passes::

        {"training_pairs": [{"id": "fp_marcus_001_turn1"}]}
    """

    name = "invalid-json"
    code = "FP101"

    def check(self, document: Document) -> Iterator[Finding]:
        for error in document.errors:
            if error.problem is Problem.SYNTAX:
                yield Finding("", error.message, line=error.line, column=error.column)
