"""turn-sequence: a conversation's turns are numbered 1..N with no gap."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding, TurnRef
from fplint.rule import Conversation, ConversationRule, numbered


class TurnSequence(ConversationRule):
    """A conversation's turns, across every file of the run, are numbered 1..N with no gap.

    A conversation may span files (``...-convo-03-part2.json`` continues the conversation
    another file starts); its turns are gathered by ``conversation_id``. Reported: a missing
    turn number (at the first turn after the gap), and one number used by two different
    turns (a repeated *id* is ``duplicate-turn``'s business).

    Why: a gap means a turn was lost between files, and the next turn's history and
    emotional progression refer to a turn the model never sees.

    Fails::

        fp_marcus_004 with turns 1, 3, 4

    Passes::

        fp_marcus_004 with turns 1, 2, 3, 4 (1 in one file, 2-4 in its -part2 file)
    """

    name = "turn-sequence"
    code = "FP702"

    def check(self, conversation: Conversation) -> Iterator[Finding]:
        everyone = tuple(t.ref for t in conversation.turns)
        by_number: dict[int, list[str | None]] = {}
        first_ref: dict[int, TurnRef] = {}
        for turn in conversation.turns:
            if turn.turn_number is None:
                continue
            ids = by_number.setdefault(turn.turn_number, [])
            if turn.ref.turn_id in ids:
                continue  # the same turn twice: duplicate-turn reports it
            ids.append(turn.ref.turn_id)
            first_ref.setdefault(turn.turn_number, turn.ref)
            if len(ids) == 2:
                yield Finding(
                    "/turn_number",
                    f"conversation {conversation.id} has two different turns numbered "
                    f"{turn.turn_number} ({ids[0]} and {ids[1]}): renumber one",
                    ref=turn.ref,
                    related=everyone,
                )
        if not by_number:
            return
        numbers = sorted(by_number)
        missing = [n for n in range(1, numbers[-1] + 1) if n not in by_number]
        if not missing:
            return
        after = next(n for n in numbers if n > missing[0])
        one = len(missing) == 1
        yield Finding(
            "/turn_number",
            f"conversation {conversation.id} has {'only ' if len(numbers) == 1 else ''}"
            f"{numbered('turn', numbers)}: {numbered('turn', missing)} {'is' if one else 'are'} missing; "
            f"add {'it' if one else 'them'}, or check the whole dataset if {'it lives' if one else 'they live'} "
            "in files this run did not include",
            ref=first_ref[after],
            related=everyone,
        )
