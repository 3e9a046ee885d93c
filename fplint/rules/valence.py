"""valence: the detected valence is one of the standard's labels."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fplint.fix import Fix, Replace
from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule
from fplint.rules._util import dig, is_int

#: Emotion words of each pole, as free-text valences use them (``positive_with_practical_anxiety``).
# fmt: off
_POLES = {
    "negative": frozenset((
        "afraid", "anger", "angry", "anxiety", "anxious", "apprehension", "apprehensive", "concern",
        "concerned", "confused", "confusion", "despair", "disappointed", "disappointment", "doubt",
        "doubtful", "dread", "embarrassed", "embarrassment", "fear", "fearful", "frustrated",
        "frustration", "grief", "guilt", "guilty", "hesitant", "hesitation", "hopeless", "insecure",
        "insecurity", "nervous", "nervousness", "overwhelm", "overwhelmed", "panic", "regret",
        "resentment", "sad", "sadness", "scared", "shame", "skeptical", "skepticism", "stress",
        "stressed", "uncertain", "uncertainty", "uneasy", "worried", "worry",
    )),
    "positive": frozenset((
        "calm", "confidence", "confident", "curiosity", "curious", "determination", "determined",
        "eager", "empowered", "empowerment", "excited", "excitement", "grateful", "gratitude", "happy",
        "hope", "hopeful", "joy", "motivated", "motivation", "optimism", "optimistic", "pride",
        "proud", "relief", "relieved", "trust", "trusting",
    )),
}
# fmt: on
_WORD = re.compile(r"[a-z]+")


def suggestion(valence: str, allowed: list[str]) -> str | None:
    """The allowed label a free-text valence means, or ``None`` when it names none.

    A text that starts with a label means that label, unless it also names the other pole
    (``positive_with_practical_anxiety``, ``negative_but_hopeful``): then it means ``mixed``.
    """
    words = _WORD.findall(valence.lower())
    poles = {
        w if w in allowed else next((p for p, names in _POLES.items() if w in names), None) for w in words
    }
    first = next((a for a in allowed if words and words[0] == a.lower()), None)
    if "mixed" in allowed and (first == "mixed" or {"positive", "negative"} <= poles):
        return "mixed"
    if first is not None:
        return first
    named = [p for p in ("negative", "positive") if p in poles and p in allowed]
    return named[0] if len(named) == 1 else None


_VALENCE = "/emotional_context/detected_emotions/valence"
_INTERPRETATION = "/emotional_context/emotional_progression/interpretation"


class Valence(TurnRule):
    """``detected_emotions.valence`` is one of ``allowed`` (the standard: negative, positive, mixed).

    The message names the label the free text means: the one it starts with, or ``mixed``
    when it names both poles (``positive_with_practical_anxiety``). From turn 2 on it says
    to keep the nuance in the progression's interpretation; a first turn has no
    progression, so there it says to name the nuance as a secondary or tertiary emotion.

    Why: valence is a class label; free-text variants (``mixed_negative_but_improving``,
    ``positive_with_questions``) split one class into many, and a model or a filter that
    groups by valence sees noise. Keep the nuance in ``emotional_progression.interpretation``.

    Fix (unsafe): the label becomes the one the message suggests
    (``negative_but_more_grounded`` → ``negative``), and the free text is added to
    ``emotional_progression.interpretation`` when the turn has one (else it is dropped).

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
            label = suggestion(valence, allowed)
            if label is None:
                hint = "pick the closest label"
            elif _has_progression(turn):
                hint = f"use '{label}' and keep the nuance in the progression's interpretation"
            else:
                hint = f"use '{label}' and name the nuance as a secondary or tertiary emotion"
            yield Finding(
                _VALENCE,
                f"valence is '{valence}'; the standard uses one of {', '.join(allowed)}: {hint}",
                fix=_fix(turn, valence, allowed),
            )


def _has_progression(turn: Turn) -> bool:
    """Whether the turn has (or, from turn 2 on, should have) an emotional progression."""
    number = dig(turn.value, "turn_number")
    if dig(turn.value, "emotional_context", "emotional_progression") is not None:
        return True
    return not (is_int(number) and number <= 1)


def _fix(turn: Turn, valence: str, allowed: list[str]) -> Fix | None:
    """The label the free text means (``suggestion``), the nuance kept in the progression's
    interpretation; none when it means no label."""
    label = suggestion(valence, allowed)
    if label is None:
        return None
    interpretation = dig(turn.value, "emotional_context", "emotional_progression", "interpretation")
    if not isinstance(interpretation, str):
        return Fix.unsafe(
            f"set valence to '{label}'; the label '{valence}' is dropped (this turn has no "
            "emotional_progression.interpretation to keep it in)",
            Replace(_VALENCE, label),
        )
    kept = (
        f"{interpretation.rstrip()}; valence: {valence}" if interpretation.strip() else f"valence: {valence}"
    )
    return Fix.unsafe(
        f"set valence to '{label}' and add '{valence}' to emotional_progression.interpretation",
        Replace(_VALENCE, label),
        Replace(_INTERPRETATION, kept),
    )
