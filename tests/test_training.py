"""What a turn becomes for training, and why a trainer could not use it."""

from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_conversation, valid_turn

from fplint.training import (
    EMPTY_ASSISTANT,
    EMPTY_MESSAGE,
    GAP,
    NO_ROLE,
    NOT_A_TURN,
    NOT_ALTERNATING,
    conversation_example,
    turn_example,
)


def test_a_turn_is_system_history_input_and_response() -> None:
    turn = valid_turn(3)
    example = turn_example(turn)
    assert example.refusal is None
    assert [(m.role, m.content) for m in example.messages] == [
        ("system", turn["system_prompt"]),
        *((h["role"], h["content"]) for h in turn["conversation_history"]),
        ("user", turn["current_user_input"]),
        ("assistant", turn["target_response"]),
    ]
    assert [m.source for m in example.messages][-2:] == ["/current_user_input", "/target_response"]


def test_a_turn_without_a_system_prompt_has_no_system_message() -> None:
    example = turn_example(edit(valid_turn(1), {"/system_prompt": DELETE}))
    assert [m.role for m in example.messages] == ["user", "assistant"] and example.refusal is None


@pytest.mark.parametrize(
    "changes, reason, detail",
    [
        ({"/target_response": "  \n"}, EMPTY_ASSISTANT, "target_response is empty or not text; nothing to learn"),
        ({"/target_response": DELETE}, EMPTY_ASSISTANT, "target_response is empty or not text; nothing to learn"),
        ({"/conversation_history/1/content": ""}, EMPTY_ASSISTANT, "conversation_history[1] is empty or not text; nothing to learn"),
        ({"/current_user_input": ""}, EMPTY_MESSAGE, "current_user_input is empty or not text"),
        ({"/system_prompt": 7}, EMPTY_MESSAGE, "system_prompt is empty or not text"),
        ({"/conversation_history/0/role": "assistant"}, NOT_ALTERNATING,
         "conversation_history[0] is an assistant message first; user and assistant must take turns, starting with the user"),
        ({"/conversation_history/1/role": "user"}, NOT_ALTERNATING,
         "conversation_history[1] is a user message right after conversation_history[0] (user); user and assistant must take turns, starting with the user"),
        ({"/conversation_history/0/role": DELETE}, NO_ROLE,
         "conversation_history[0] has the keys content, turn; expected a user or assistant role and a text content"),
        ({"/conversation_history/0": "hello"}, NO_ROLE,
         "conversation_history[0] has a str instead of an object; expected a user or assistant role and a text content"),
    ],
)
def test_what_trainers_cannot_use_is_refused_with_the_reason(changes: dict, reason: str, detail: str) -> None:
    refusal = turn_example(edit(valid_turn(2), changes)).refusal
    assert refusal is not None and (refusal.reason, refusal.detail) == (reason, detail)


def test_a_history_that_repeats_the_current_input_does_not_alternate() -> None:
    turn = valid_turn(1)
    turn["conversation_history"] = [{"turn": 1, "role": "user", "content": turn["current_user_input"]}]
    refusal = turn_example(turn).refusal
    assert refusal is not None and refusal.reason == NOT_ALTERNATING


def test_a_refused_example_still_has_its_messages_to_measure() -> None:
    example = turn_example(edit(valid_turn(2), {"/conversation_history/0/role": DELETE}))
    assert example.refusal is not None and len(example.messages) == 5  # the role-less entry's text counts too


def test_what_is_no_turn_is_refused() -> None:
    assert turn_example([1, 2]).refusal.reason == NOT_A_TURN  # type: ignore[union-attr]


def test_a_whole_conversation_is_each_turns_input_and_response_in_turn_order() -> None:
    turns = valid_conversation(3)
    example = conversation_example([turns[2], turns[0], turns[1]])
    assert example.refusal is None
    assert [m.content for m in example.messages] == [
        turns[0]["system_prompt"],
        *(text for t in turns for text in (t["current_user_input"], t["target_response"])),
    ]


def test_a_whole_conversation_with_a_missing_turn_is_refused() -> None:
    first, _, third = valid_conversation(3)
    refusal = conversation_example([first, third]).refusal
    assert refusal is not None and (refusal.reason, refusal.detail) == (GAP, "it has turns 1, 3; a whole conversation starts at 1, skipping none")
