"""reviewer-notes: a reviewed turn carries a 2–3 sentence expert assessment."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check.text import count_sentences
from fplint.model import Finding, Severity, Turn
from fplint.rule import Option, TurnRule, count_range, plural
from fplint.rules._util import dig


class ReviewerNotes(TurnRule):
    """``reviewer_notes`` is ``min``–``max`` sentences (the standard: 2–3), and is written
    whenever ``human_reviewed`` is true.

    A warning: sentences are counted by their closing punctuation.

    Why: the notes are the evidence behind the quality score. A turn marked as reviewed
    with no notes claims a review nobody can check; six sentences of praise is a blurb,
    not an assessment.

    Fails::

        "human_reviewed": true, "reviewer_notes": ""

    Passes::

        "human_reviewed": true,
        "reviewer_notes": "Validates before educating. The one-step close fits his state."
    """

    name = "reviewer-notes"
    code = "FP603"
    severity = Severity.WARNING
    options = {
        "min": Option(int, 2, "fewest sentences", minimum=0),
        "max": Option(int, 3, "most sentences", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        metadata = dig(turn.value, "training_metadata")
        if not isinstance(metadata, dict):
            return
        notes = metadata.get("reviewer_notes")
        if not isinstance(notes, str) or not notes.strip():
            if metadata.get("human_reviewed") is True and (notes is None or isinstance(notes, str)):
                pointer = (
                    "/training_metadata/reviewer_notes" if isinstance(notes, str) else "/training_metadata"
                )
                yield Finding(
                    pointer,
                    "human_reviewed is true but there are no reviewer_notes: write the reviewer's assessment",
                )
            return
        n, lo, hi = count_sentences(notes), self.opts["min"], self.opts["max"]
        if not lo <= n <= hi:
            yield Finding(
                "/training_metadata/reviewer_notes",
                f"reviewer_notes has {plural(n, 'sentence')}; the standard asks for {count_range(lo, hi)}: "
                + (
                    "say what works and what could be better"
                    if n < lo
                    else "keep the assessment, cut the praise"
                ),
            )
