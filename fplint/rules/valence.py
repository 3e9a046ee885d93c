"""valence: the detected valence is one of the standard's labels."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule
from fplint.rules._util import dig


class Valence(TurnRule):
    """``detected_emotions.valence`` is one of ``allowed`` (the standard: negative, positive, mixed).

    Why: valence is a class label; free-text variants (``mixed_negative_but_improving``,
    ``positive_with_questions``) split one class into many, and a model or a filter that
    groups by valence sees noise. Keep the nuance in ``emotional_progression.interpretation``.

    Fails::

        "valence": "negative_but_more_grounded"

    Passes::

        "valence": "negative"
    """

    name = "valence"
    code = "FP309"
    options = {
        "allowed": Option(list, ["negative", "positive", "mixed"], "valence labels the standard allows")
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        valence = dig(turn.value, "emotional_context", "detected_emotions", "valence")
        allowed = self.opts["allowed"]
        if isinstance(valence, str) and valence not in allowed:
            closest = next((a for a in allowed if valence.startswith(a)), None)
            hint = (
                f"use '{closest}' and keep the nuance in the progression's interpretation"
                if closest
                else "pick the closest label"
            )
            yield Finding(
                "/emotional_context/detected_emotions/valence",
                f"valence is '{valence}'; the standard uses one of {', '.join(allowed)}: {hint}",
            )
