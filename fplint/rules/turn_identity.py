"""turn-identity: ids follow the standard's pattern and agree with each other."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fplint.brief import clip
from fplint.brief import number as shown
from fplint.fix import Fix, Replace
from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule
from fplint.rules._util import dig, is_int


class TurnIdentity(TurnRule):
    """The turn's identity is consistent: ``conversation_id`` matches ``pattern`` (the
    standard: ``fp_[persona]_[###]``), ``id`` is ``{conversation_id}_turn{turn_number}``,
    and ``training_metadata.conversation_turn`` equals ``turn_number``.

    Fix (safe): ``id`` rebuilt from ``conversation_id`` and ``turn_number`` (when the
    conversation id itself matches ``pattern``); ``conversation_turn`` set to ``turn_number``.

    Why: ids are how turns are joined into conversations, deduplicated, and referenced by
    baselines and reviews; an id that says turn 3 on a turn numbered 2 breaks all of it.

    Fails::

        {"id": "fp_marcus_002_turn3", "conversation_id": "fp_marcus_002", "turn_number": 2}

    Passes::

        {"id": "fp_marcus_002_turn2", "conversation_id": "fp_marcus_002", "turn_number": 2}
    """

    name = "turn-identity"
    code = "FP701"
    options = {
        "pattern": Option(
            str, r"fp_[a-z]+_\d{3}", "regular expression every conversation_id matches", regex=True
        )
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        value = turn.value
        if not isinstance(value, dict):
            return
        conversation, number, turn_id = (
            value.get("conversation_id"),
            value.get("turn_number"),
            value.get("id"),
        )
        pattern = self.opts["pattern"]
        well_formed = isinstance(conversation, str) and re.fullmatch(pattern, conversation) is not None
        if isinstance(conversation, str) and not well_formed:
            yield Finding(
                "/conversation_id",
                f"conversation_id '{clip(conversation)}' does not match {pattern} (e.g. fp_marcus_004)",
            )
        if isinstance(conversation, str) and is_int(number) and isinstance(turn_id, str):
            expected = f"{conversation}_turn{number}"
            if turn_id != expected:
                yield Finding(
                    "/id",
                    f"id is '{clip(turn_id)}'; for conversation {clip(conversation)}, turn {shown(number)} it should be '{clip(expected)}'",
                    # certain only when the conversation id itself is right
                    fix=Fix.safe(f"set id to '{clip(expected)}'", Replace("/id", expected))
                    if well_formed
                    else None,
                )
        recorded = dig(value, "training_metadata", "conversation_turn")
        if is_int(recorded) and is_int(number) and recorded != number:
            yield Finding(
                "/training_metadata/conversation_turn",
                f"training_metadata.conversation_turn is {shown(recorded)} but turn_number is {shown(number)}: make them agree",
                fix=Fix.safe(
                    f"set training_metadata.conversation_turn to {shown(number)}",
                    Replace("/training_metadata/conversation_turn", number),
                ),
            )
