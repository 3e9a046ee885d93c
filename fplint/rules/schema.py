"""schema: a turn against the shipped Draft 2020-12 turn schema."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check import validation
from fplint.model import Finding, Turn
from fplint.rule import TurnRule

_TURN = "turn.schema.json"


class Schema(TurnRule):
    """The turn breaks ``schemas/turn.schema.json``: one finding per violation.

    The schema says what a turn *is*: its thirteen fields, the fields nested in them,
    their types, and ranges such as confidences in [0, 1] and scores on the 1–5 scale.
    It is closed where the shape is fixed (a misspelt key is reported, with the key it
    probably meant) and open where the standard invites extension (indicator categories,
    tactical flags, extra quality criteria, extra signal maps). Each finding sits at the
    offending value's line; a missing key is reported at the object that lacks it.

    Why: a field a training loader expects and does not find, or finds with the wrong
    type, crashes the job or, worse, trains on nothing.

    Fails::

        "detected_emotions": {"primary": "shame", "primary_confidence": 1.4,
                              "intensity": 0.7, "valence": "negative"}

    Passes::

        "detected_emotions": {"primary": "shame", "primary_confidence": 0.85,
                              "intensity": 0.7, "valence": "negative"}
    """

    name = "schema"
    code = "FP201"

    def check(self, turn: Turn) -> Iterator[Finding]:
        for pointer, message in validation.violations(turn.value, self.standard.schema(_TURN)):
            yield Finding(pointer, message)
