"""emotion-confidence: detection confidences sit in the standard's band, in rank order."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.brief import clip
from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule
from fplint.rules._util import dig, is_number
from fplint.rules.emotion_count import ORDINALS

_BASE = "/emotional_context/detected_emotions"


class EmotionConfidence(TurnRule):
    """Each emotion's confidence is within ``min``–``max`` (the standard: 0.6–0.9), and
    primary ≥ secondary ≥ tertiary.

    Values outside [0, 1] are the schema's finding, not this rule's. When the primary is
    the most confident but two lower ranks are out of order, the message says to swap those
    two; when a lower rank beats the primary, to re-pick the primary.

    Why: confidences teach the model how sure to be. Below 0.6 the label is a guess the
    model learns as a fact; above 0.9 it learns certainty no reading of a message earns;
    a secondary emotion more confident than the primary means the ranking is wrong.

    Fails::

        "primary": "overwhelm", "primary_confidence": 0.80,
        "tertiary": "confusion", "tertiary_confidence": 0.85

    Passes::

        "primary": "confusion", "primary_confidence": 0.85,
        "tertiary": "overwhelm", "tertiary_confidence": 0.80
    """

    name = "emotion-confidence"
    code = "FP302"
    options = {
        "min": Option(float, 0.6, "lowest confidence the standard allows", minimum=0),
        "max": Option(float, 0.9, "highest confidence the standard allows", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        emotions = dig(turn.value, "emotional_context", "detected_emotions")
        if not isinstance(emotions, dict):
            return
        lo, hi = self.opts["min"], self.opts["max"]
        ranked: list[tuple[str, float]] = []
        for ordinal in ORDINALS:
            value = emotions.get(f"{ordinal}_confidence")
            if not is_number(value) or not 0 <= value <= 1:
                continue
            label = emotions.get(ordinal)
            named = f" ({clip(label)})" if isinstance(label, str) and label else ""
            if not lo <= value <= hi:
                yield Finding(
                    f"{_BASE}/{ordinal}_confidence",
                    f"{ordinal} confidence{named} is {value:g}; the standard asks for {lo:g}–{hi:g}: "
                    + (
                        "drop the emotion or raise the evidence for it"
                        if value < lo
                        else "no reading of a message is that certain"
                    ),
                )
            if ranked and value > ranked[-1][1]:
                above, above_value = ranked[-1]
                yield Finding(
                    f"{_BASE}/{ordinal}_confidence",
                    f"{ordinal} confidence{named} {value:g} is higher than {above} confidence {above_value:g}: "
                    + _advice(ranked, ordinal, value),
                )
            ranked.append((ordinal, value))


def _advice(ranked: list[tuple[str, float]], ordinal: str, value: float) -> str:
    """Swap two neighbours when the primary is still the most confident; else re-pick the primary."""
    above = ranked[-1][0]
    if ranked[0][0] == "primary" and above != "primary" and value <= ranked[0][1]:
        return (
            f"swap the {above} and the {ordinal} emotion (labels and confidences) so the ranks fall in order"
        )
    return "rank the emotions so the most confident one is primary"
