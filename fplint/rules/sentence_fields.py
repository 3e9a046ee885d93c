"""sentence-fields: every analysed sentence says what it does, why, how, and what it teaches."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import Option, TurnRule
from fplint.rules._util import dig

_BASE = "/response_breakdown/sentences"


class SentenceFields(TurnRule):
    """Each analysed sentence has non-empty ``fields`` (the standard: function,
    emotional_purpose, technique, teaches_model).

    A missing field is the schema's finding; this rule reports fields that are present but
    empty or blank (placeholder text is ``placeholder``'s).

    Why: the annotation fields are the lesson. An empty ``teaches_model`` is a sentence
    the model imitates without the pattern it was meant to learn.

    Fails::

        {"sentence_number": 3, "text": "No rush.", "function": "reassure",
         "emotional_purpose": "", "technique": "safety_close", "teaches_model": " "}

    Passes::

        {"sentence_number": 3, "text": "No rush.", "function": "reassure",
         "emotional_purpose": "lower_pressure", "technique": "safety_close",
         "teaches_model": "end_with_explicit_safety"}
    """

    name = "sentence-fields"
    code = "FP503"
    options = {
        "fields": Option(
            list,
            ["function", "emotional_purpose", "technique", "teaches_model"],
            "annotation fields every sentence fills",
        )
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        sentences = dig(turn.value, "response_breakdown", "sentences")
        if not isinstance(sentences, list):
            return
        for position, sentence in enumerate(sentences):
            if not isinstance(sentence, dict):
                continue
            empty = [
                f for f in self.opts["fields"] if isinstance(sentence.get(f), str) and not sentence[f].strip()
            ]
            if empty:
                yield Finding(
                    join(_BASE, position, empty[0]),
                    f"sentence {position + 1} has an empty {', '.join(empty)}: say what the sentence does and teaches",
                )
