"""repeated-input: a turn's user input repeats an earlier turn's, a copy-paste slip."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from fplint.model import Finding, Severity, Turn
from fplint.rule import Collected, Conversation, ConversationRule, Option
from fplint.rules import _similar
from fplint.rules._util import as_list, dig, is_int

#: How many earlier turns of a conversation each input is compared with: every turn of any
#: real conversation, and a bound on the work for a conversation of thousands of turns.
_WINDOW = 64


class _Seen(NamedTuple):
    """What is kept of a turn: its input's phrases (packed), and the closest user message of
    its own ``conversation_history`` when that one is already alike."""

    phrases: bytes | None
    history_turn: int | None
    history_share: float


class RepeatedInput(ConversationRule):
    """A turn's ``current_user_input`` is identical, or nearly so, to an earlier turn's in
    the same conversation: at least ``threshold`` (80%) of its three-word phrases are shared.

    Compared with the inputs of the conversation's earlier turns across every file of the
    run, and with the user messages of the turn's own ``conversation_history`` (which
    catches the slip even when the earlier turn is not in the run). Inputs of fewer than
    ``min-words`` words (6) are not compared: "Thank you!" twice is a real client. A
    warning: a client can repeat a question on purpose, though rarely word for word.

    Why: a repeated input is a copy-paste slip in generation. The turn then trains the
    model to answer a message that was already answered as if it were new, and the
    conversation loses the step it was written to show (the seed's turn 2 is "deeper
    disclosure", not the opening again).

    Fails::

        turn 2: "current_user_input": "I've been going down a rabbit hole on mortgage payoff...",
        "conversation_history": [{"turn": 1, "role": "user",
                                  "content": "I've been going down a rabbit hole on mortgage payoff..."}]

    Passes::

        turn 2: "current_user_input": "Okay, that helps. So with $2,000 a month, where would you start?"
    """

    name = "repeated-input"
    code = "FP706"
    reports_at = ("/current_user_input",)
    severity = Severity.WARNING
    options = {
        "threshold": Option(float, 0.8, "least share of shared three-word phrases to report", minimum=0),
        "min-words": Option(int, 6, "inputs with fewer words are not compared", minimum=1),
    }

    def collect(self, turn: Turn) -> _Seen:
        text = dig(turn.value, "current_user_input")
        count, phrases = _similar.phrases(text) if isinstance(text, str) else (0, frozenset[int]())
        if count < self.opts["min-words"]:
            return _Seen(None, None, 0.0)
        best_turn, best_share = None, 0.0
        for entry in as_list(dig(turn.value, "conversation_history")):
            content, number = dig(entry, "content"), dig(entry, "turn")
            if dig(entry, "role") != "user" or not isinstance(content, str) or not is_int(number):
                continue
            share = _similar.jaccard(phrases, _similar.phrases(content)[1])
            if share >= self.opts["threshold"] and share > best_share:
                best_turn, best_share = number, share
        return _Seen(_similar.pack(phrases), best_turn, best_share)

    def check(self, conversation: Conversation) -> Iterator[Finding]:
        kept: list[tuple[Collected, set[int]]] = []
        for turn in sorted(conversation.turns, key=_order):
            seen: _Seen = turn.data
            if seen is None or seen.phrases is None:
                continue
            mine = _similar.unpack(seen.phrases)
            match = self._earlier(turn, mine, kept)
            kept.append((turn, mine))
            if match is not None:
                earlier, share = match
                where = (
                    f"turn {earlier.turn_number}'s"
                    if earlier.turn_number is not None
                    else "an earlier turn's"
                )
                yield Finding(
                    "/current_user_input",
                    f"current_user_input {_alike(share)} {where} current_user_input: a copy-paste slip? "
                    "write what the client says at this turn",
                    ref=turn.ref,
                    related=(earlier.ref,),
                )
            elif seen.history_turn is not None:
                yield Finding(
                    "/current_user_input",
                    f"current_user_input {_alike(seen.history_share)} the turn-{seen.history_turn} user message "
                    "in conversation_history: a copy-paste slip? write what the client says at this turn",
                    ref=turn.ref,
                )

    def _earlier(
        self, turn: Collected, mine: set[int], kept: list[tuple[Collected, set[int]]]
    ) -> tuple[Collected, float] | None:
        best: tuple[Collected, float] | None = None
        for earlier, theirs in kept[-_WINDOW:]:
            if turn.turn_number is not None and earlier.turn_number == turn.turn_number:
                continue  # the same turn twice is duplicate-turn's finding
            share = _similar.jaccard(mine, theirs)
            if share >= self.opts["threshold"] and (best is None or share > best[1]):
                best = (earlier, share)
        return best


def _order(turn: Collected) -> tuple[int, int]:
    return (0, turn.turn_number) if turn.turn_number is not None else (1, 0)


def _alike(share: float) -> str:
    return (
        "repeats, word for word,"
        if share >= 1.0
        else f"nearly repeats ({share:.0%} of its three-word phrases)"
    )
