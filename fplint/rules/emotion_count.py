"""emotion-count: how many emotions a turn detects."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.brief import listing
from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule, count_range, plural
from fplint.rules._util import dig

#: The ordinal labels a turn may use, in order.
ORDINALS = ("primary", "secondary", "tertiary", "quaternary")


def detected(emotions: dict[str, object]) -> list[str]:
    """The ordinal labels that carry an emotion name."""
    return [o for o in ORDINALS if isinstance(emotions.get(o), str) and str(emotions[o]).strip()]


class EmotionCount(TurnRule):
    """``detected_emotions`` names ``min``–``max`` emotions (the standard: 2–3).

    Counted: the labels ``primary``, ``secondary``, ``tertiary`` (and ``quaternary``) that
    hold a non-empty emotion name.

    Why: one label flattens what the client feels into a single class, and the model learns
    to miss mixed states (relief *and* fear); more than three dilutes the signal.

    Fails::

        "detected_emotions": {"primary": "shame", "primary_confidence": 0.85,
                              "intensity": 0.8, "valence": "negative"}

    Passes::

        "detected_emotions": {"primary": "shame", "primary_confidence": 0.85,
                              "secondary": "anxiety", "secondary_confidence": 0.7,
                              "intensity": 0.8, "valence": "negative"}
    """

    name = "emotion-count"
    code = "FP301"
    options = {
        "min": Option(int, 2, "fewest emotions a turn detects", minimum=0),
        "max": Option(int, 3, "most emotions a turn detects", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        emotions = dig(turn.value, "emotional_context", "detected_emotions")
        if not isinstance(emotions, dict):
            return
        labels = detected(emotions)
        lo, hi = self.opts["min"], self.opts["max"]
        if not lo <= len(labels) <= hi:
            named = f" ({listing(labels)})" if labels else ""
            fix = "add a secondary emotion with its confidence" if len(labels) < lo else "keep the strongest"
            yield Finding(
                "/emotional_context/detected_emotions",
                f"{plural(len(labels), 'emotion')} detected{named}; the standard asks for "
                f"{count_range(lo, hi)}: {fix}",
            )
