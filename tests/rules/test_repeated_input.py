from __future__ import annotations

import pytest
from factory import edit, valid_conversation, valid_turn
from helpers import messages, run_rule

from fplint.rules.repeated_input import RepeatedInput

U = "/current_user_input"
FIRST = valid_turn(1)["current_user_input"]
SLIP = "a copy-paste slip? write what the client says at this turn"


def test_distinct_inputs_give_nothing() -> None:
    assert messages(RepeatedInput, valid_conversation(4)) == []


def test_an_input_copied_from_an_earlier_turn_is_reported_at_the_later_one() -> None:
    turns = valid_conversation(3)
    turns[2] = edit(turns[2], {U: FIRST})
    [finding] = run_rule(RepeatedInput, turns)
    assert finding.ref is not None and finding.ref.turn_id == "fp_marcus_901_turn3"
    assert [r.turn_id for r in finding.related] == ["fp_marcus_901_turn1"]
    assert finding.message == f"current_user_input repeats, word for word, turn 1's current_user_input: {SLIP}"


def test_a_nearly_identical_input_is_reported_with_its_share() -> None:
    turns = valid_conversation(2)
    turns[1] = edit(turns[1], {U: FIRST + " Sorry."})
    [message] = messages(RepeatedInput, turns)
    assert message.startswith("current_user_input nearly repeats (")
    assert "of its three-word phrases) turn 1's current_user_input" in message


def test_an_input_that_repeats_the_history_is_reported_without_the_earlier_turn() -> None:
    turn = edit(valid_turn(2), {U: FIRST})  # turn 1 is not in the run; its message is in the history
    assert messages(RepeatedInput, [turn]) == [
        f"current_user_input repeats, word for word, the turn-1 user message in conversation_history: {SLIP}"
    ]


def test_the_earlier_turn_is_found_whatever_the_reading_order() -> None:
    turns = valid_conversation(2)
    turns[1] = edit(turns[1], {U: FIRST})
    [finding] = run_rule(RepeatedInput, list(reversed(turns)))
    assert finding.ref is not None and finding.ref.turn_id == "fp_marcus_901_turn2"


@pytest.mark.parametrize(
    "options, first, second",
    [
        ({}, "Thank you so much!", "Thank you so much!"),  # too short to be a slip
        ({"min-words": 30}, FIRST, FIRST),
        ({"threshold": 1.01}, FIRST, FIRST),
    ],
)
def test_short_inputs_and_the_options(options: dict, first: str, second: str) -> None:
    turns = valid_conversation(2)
    turns[0] = edit(turns[0], {U: first})
    turns[1] = edit(turns[1], {U: second, "/conversation_history/0/content": first})
    assert messages(RepeatedInput, turns, **options) == []


def test_other_conversations_are_not_compared() -> None:
    one = valid_turn(1, "fp_marcus_901")
    other = edit(valid_turn(1, "fp_marcus_902"), {U: FIRST})
    assert messages(RepeatedInput, [one, other]) == []
