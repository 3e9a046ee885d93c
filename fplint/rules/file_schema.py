"""file-schema: the file around the turns (metadata, conversation wrappers)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from fplint.check import validation
from fplint.model import Finding
from fplint.read.document import Document, Layout
from fplint.rule import FileRule

_META = "jsonl-meta.schema.json"
_ENVELOPES = {
    Layout.PAIRS: "pairs-file.schema.json#/$defs/envelope",
    Layout.CONVERSATIONS: "conversations-file.schema.json#/$defs/envelope",
}


class FileSchema(FileRule):
    """The file's own structure breaks its layout schema (the turns are checked by ``schema``).

    A pairs file holds ``training_pairs`` and, optionally, ``conversation_metadata``,
    ``dataset_metadata`` and ``consultant_profile``; a conversations file holds
    ``conversations``, each with ``training_pairs``; a JSONL file may open with a
    ``{"_meta": {...}}`` line. Anything else at that level is reported.

    Why: a misspelt ``"trainig_pairs"`` beside ``"training_pairs"`` or a metadata block
    that is a string is a file a loader reads differently than its author meant.

    Fails::

        {"training_pairs": [], "dataset_metdata": {"version": "1.0"}}

    Passes::

        {"training_pairs": [], "dataset_metadata": {"version": "1.0"}}
    """

    name = "file-schema"
    code = "FP202"

    def check(self, document: Document) -> Iterator[Finding]:
        if document.unread:
            return  # a syntax error cost part of the file: its structure is not known, only its turns
        if document.layout in _ENVELOPES:
            uri = self.standard.schema(_ENVELOPES[document.layout])
            for pointer, message in validation.violations(document.value, uri, root="the file"):
                yield Finding(pointer, message)
        elif document.layout is Layout.JSONL and isinstance(document.value, Mapping):
            first = next(iter(document.value), None)  # the lines come in order
            line = document.value.get(first) if first is not None else None
            if isinstance(line, dict) and "_meta" in line:
                for pointer, message in validation.violations(
                    line, self.standard.schema(_META), root="the _meta line"
                ):
                    yield Finding("/" + first + pointer, message)  # type: ignore[operator]
