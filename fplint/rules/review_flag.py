"""review-flag: low-confidence emotions in a turn no person has reviewed go to a human."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.brief import listing
from fplint.model import Finding, Severity, Turn
from fplint.rule import Option, TurnRule
from fplint.rules._util import dig, is_number, quote
from fplint.rules.emotion_count import ORDINALS

_BASE = "/emotional_context/detected_emotions"


class ReviewFlag(TurnRule):
    """A detected emotion's confidence is below ``threshold`` (the standard: 0.75) in a turn
    whose ``training_metadata.human_reviewed`` is not ``true``: flag it for human review.

    One finding per turn, at the first low confidence, naming every low emotion and its
    confidence. A turn with ``human_reviewed: true`` is never flagged: a person has already
    looked. ``fplint check --select review-flag --output-format json`` lists the review
    queue (see docs/ci.md). A warning: it asks for a person's look, it does not say the
    label is wrong (``emotion-confidence`` judges the values themselves).

    Why: the seed's quality assurance says "auto-flag items below 0.75 confidence". A label
    the annotator was unsure of and nobody checked is trained on as if it were certain.

    Fails::

        "secondary": "reassurance", "secondary_confidence": 0.7,
        "human_reviewed" absent (or false)

    Passes::

        "secondary": "reassurance", "secondary_confidence": 0.7, "human_reviewed": true
    """

    name = "review-flag"
    code = "FP310"
    severity = Severity.WARNING
    options = {
        "threshold": Option(float, 0.75, "confidences below this need a person's review", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        emotions = dig(turn.value, "emotional_context", "detected_emotions")
        if not isinstance(emotions, dict) or dig(turn.value, "training_metadata", "human_reviewed") is True:
            return
        threshold = self.opts["threshold"]
        low: list[tuple[str, str, float]] = []
        for ordinal in ORDINALS:
            value = emotions.get(f"{ordinal}_confidence")
            if is_number(value) and value < threshold:
                label = emotions.get(ordinal)
                low.append(
                    (
                        ordinal,
                        quote(label, 40) if isinstance(label, str) and label.strip() else "(unnamed)",
                        value,
                    )
                )
        if not low:
            return
        listed = listing(f"{ordinal} {label} {value:g}" for ordinal, label, value in low)
        yield Finding(
            f"{_BASE}/{low[0][0]}_confidence",
            f"confidence below {threshold:g} and not human_reviewed: {listed}; have a person confirm "
            f"the {'emotion' if len(low) == 1 else 'emotions'}, then set training_metadata.human_reviewed: true",
        )
