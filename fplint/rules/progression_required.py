"""progression-required: turns after the first record the emotional progression."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.brief import number as shown
from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule
from fplint.rules._util import dig


class ProgressionRequired(TurnRule):
    """From turn ``from-turn`` on (the standard: 2), ``emotional_progression`` is present.

    It must be a non-empty object: the previous turn's emotions against this turn's, the
    trajectory, and what changed.

    Why: the progression is what teaches the model that emotions move across a
    conversation; without it every turn is learnt as a first contact.

    Fails::

        turn 2 whose "emotional_context" has no "emotional_progression"

    Passes::

        "emotional_progression": {"previous_turn_primary": "shame",
                                  "current_turn_primary": "anxiety",
                                  "trajectory": "improving",
                                  "interpretation": "validation eased the shame"}
    """

    name = "progression-required"
    code = "FP305"
    options = {"from-turn": Option(int, 2, "first turn number that needs a progression", minimum=1)}

    def check(self, turn: Turn) -> Iterator[Finding]:
        number = turn.turn_number
        context = dig(turn.value, "emotional_context")
        if number is None or number < self.opts["from-turn"] or not isinstance(context, dict):
            return
        progression = context.get("emotional_progression")
        if progression is None:
            yield Finding(
                "/emotional_context",
                f"turn {shown(number)} has no emotional_progression; from turn {self.opts['from-turn']} on, "
                "record the previous turn's emotions, this turn's, the trajectory and an interpretation",
            )
        elif isinstance(progression, dict) and not progression:
            yield Finding(
                "/emotional_context/emotional_progression",
                f"turn {shown(number)} has an empty emotional_progression; record the previous turn's "
                "emotions, this turn's, the trajectory and an interpretation",
            )
