"""invalid-json: the file cannot be parsed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fplint.fix import Edit, Fix
from fplint.model import Finding
from fplint.read.document import Document, ParseError, Problem
from fplint.rule import FileRule, plural


class InvalidJson(FileRule):
    """The file is not parseable JSON, JSONL or YAML.

    Reported at the parser's real line and column, with the usual cause when it is known
    (a trailing comma, a missing comma, an unescaped quote, a truncated file). One broken
    value does not hide the rest of the file: every turn that can still be read on its own
    is checked as usual, at its real lines, and the message says which turn the error left
    unchecked (in JSONL, each line stands alone). Also
    reported: a byte-order mark, bytes that are not UTF-8, NaN or Infinity, a lone UTF-16
    surrogate escape (``"\\ud800"``, no character at all), an integer too long to read,
    nesting thousands of levels deep, YAML object tags.

    Fix (unsafe): trailing commas removed and bare words in lists of strings quoted
    (``["calm", hopeful]``), when the parser stopped at one of them (the word may have been
    meant as something else). A byte-order mark is removed by a safe fix.

    Why: a training pipeline that meets one unparseable file stops, or worse, skips it
    silently and trains on less data than anyone thinks.

    Fails::

        {"training_pairs": [{"id": "fp_marcus_001_turn1",}]}

    Passes::

        {"training_pairs": [{"id": "fp_marcus_001_turn1"}]}
    """

    name = "invalid-json"
    code = "FP101"
    any_standard = True

    def check(self, document: Document) -> Iterator[Finding]:
        scans: dict[Any, Any] = {}  # one scan per region, however many errors; the line starts
        for error in document.errors:
            if error.problem is Problem.SYNTAX:
                fix = _fix(document, error, scans)
                yield Finding("", error.message, line=error.line, column=error.column, fix=fix)


def _fix(document: Document, error: ParseError, scans: dict[Any, Any]) -> Fix | None:
    """The certain repairs: drop a byte-order mark (safe); remove trailing commas and quote
    bare words in lists of strings (unsafe), when the parser stopped at one of them."""
    if document.bom and (error.line, error.column) == (1, 1) and "byte-order mark" in error.message:
        return Fix.safe("remove the byte-order mark", Edit(0, 3, ""))
    if not document.text or document.kind not in ("json", "jsonl"):
        return None
    from fplint.fix import syntax
    from fplint.fix.resolve import Text

    text = document.text
    if "starts" not in scans:  # a file read around its syntax errors may have thousands of them
        scans["starts"] = [0, *(m.end() for m in re.finditer("\n", text))]
    offset = _offset(scans["starts"], len(text), error.line, error.column)
    if offset is None:
        return None
    start, end = 0, len(text)
    if document.kind == "jsonl":  # each line is its own document
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
    if (start, end) not in scans:
        scans[start, end] = syntax.scan(text, start, end)
    repairs = scans[start, end]
    if not repairs or not repairs.at(offset):
        return None
    place = Text.of(document).byte
    edits = [Edit(place(c), place(c + 1), "") for c in repairs.commas]
    edits += [Edit(place(s), place(e), syntax.quoted(w)) for s, e, w in repairs.words]
    what = []
    if repairs.commas:
        what.append(f"remove {plural(len(repairs.commas), 'trailing comma')}")
    if repairs.words:
        words = ", ".join(w for _, _, w in repairs.words[:3]) + (", ..." if len(repairs.words) > 3 else "")
        what.append(f"quote {plural(len(repairs.words), 'bare word')} in lists of strings ({words})")
    return Fix.unsafe(" and ".join(what), *edits)


def _offset(starts: list[int], size: int, line: int, column: int) -> int | None:
    """The character offset of a 1-based line and column (``None`` past the end); ``starts``:
    where each line starts."""
    if not 1 <= line <= len(starts):
        return None
    offset = starts[line - 1] + column - 1
    return offset if offset <= size else None
