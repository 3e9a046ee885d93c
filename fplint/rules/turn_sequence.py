"""turn-sequence: a conversation's turns are numbered 1..N with no gap."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.brief import clip
from fplint.model import Finding, TurnRef
from fplint.rule import Conversation, ConversationRule, numbered, numbered_spans


class TurnSequence(ConversationRule):
    """A conversation's turns, across every file of the run, are numbered 1..N with no gap.

    A conversation may span files (``...-convo-03-part2.json`` continues the conversation
    another file starts); its turns are gathered by ``conversation_id``. Reported: a missing
    turn number (at the first turn after the gap), and one number used by two different
    turns (a repeated *id* is ``duplicate-turn``'s business).

    A turn that a syntax error left unread (``invalid-json`` names it) is no gap.

    Why: a gap means a turn was lost between files, and the next turn's history and
    emotional progression refer to a turn the model never sees.

    Fails::

        fp_marcus_004 with turns 1, 3, 4

    Passes::

        fp_marcus_004 with turns 1, 2, 3, 4 (1 in one file, 2-4 in its -part2 file)
    """

    name = "turn-sequence"
    code = "FP702"
    reports_at = ("/turn_number",)

    def check(self, conversation: Conversation) -> Iterator[Finding]:
        first: dict[int, TurnRef] = {}  # each number's first turn
        repeated: set[int] = set()  # numbers already reported as used twice
        for turn in conversation.turns:
            number = turn.turn_number
            if number is None:
                continue
            earlier = first.setdefault(number, turn.ref)
            if earlier is turn.ref or earlier.turn_id == turn.ref.turn_id or number in repeated:
                continue  # the same turn twice is duplicate-turn's business
            repeated.add(number)
            yield Finding(
                "/turn_number",
                f"conversation {clip(conversation.id)} has two different turns numbered "
                f"{number} ({clip(str(earlier.turn_id))} and {clip(str(turn.ref.turn_id))}): renumber one",
                ref=turn.ref,
                related=(earlier,),
            )
        numbers = sorted(n for n in first if n >= 1)
        if not numbers:
            return
        unread = {t.turn_number for t in conversation.unread}
        if None in unread:
            return  # a turn that could not be read, of an unknown number: a gap may be it
        missing = _gaps(sorted({*numbers, *(n for n in unread if n is not None and n >= 1)}))
        if not missing:
            return
        after = next((n for n in numbers if n > missing[0][1]), numbers[-1])  # the first read after the gap
        unread_numbers = sorted(n for n in unread if n is not None and n >= 1)
        besides = (
            f" (besides {numbered('turn', unread_numbers)}, which could not be read)"
            if unread_numbers
            else ""
        )
        one = missing == [(missing[0][0], missing[0][0])]
        files = tuple({t.ref.path: t.ref for t in conversation.turns}.values())  # one turn per file
        yield Finding(
            "/turn_number",
            f"conversation {clip(conversation.id)} has {'only ' if len(numbers) == 1 else ''}"
            f"{numbered('turn', numbers)}{besides}: {numbered_spans('turn', missing)} {'is' if one else 'are'} missing; "
            f"add {'it' if one else 'them'}, or check the whole dataset if {'it lives' if one else 'they live'} "
            "in files this run did not include",
            ref=first[after],
            related=files,
        )


def _gaps(numbers: list[int]) -> list[tuple[int, int]]:
    """The runs of numbers from 1 to the last of ``numbers`` (sorted, distinct, from 1) that
    are not among them: time in how many numbers there are, not in how large they are."""
    gaps = []
    previous = 0
    for n in numbers:
        if n > previous + 1:
            gaps.append((previous + 1, n - 1))
        previous = n
    return gaps
