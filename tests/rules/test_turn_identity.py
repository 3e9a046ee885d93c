from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import fix_turn, messages

from fplint.rules.turn_identity import TurnIdentity


@pytest.mark.parametrize(
    "changes, options, expected",
    [
        ({}, {}, []),
        ({"/id": "fp_marcus_901_turn3"}, {}, ["id is 'fp_marcus_901_turn3'; for conversation fp_marcus_901, turn 1 it should be 'fp_marcus_901_turn1'"]),
        ({"/conversation_id": "marcus-1", "/id": "marcus-1_turn1"}, {}, ["conversation_id 'marcus-1' does not match fp_[a-z]+_\\d{3} (e.g. fp_marcus_004)"]),
        ({"/training_metadata/conversation_turn": 2}, {}, ["training_metadata.conversation_turn is 2 but turn_number is 1: make them agree"]),
        ({"/conversation_id": "acme-7", "/id": "acme-7_turn1"}, {"pattern": "acme-\\d+"}, []),
        ({"/id": 5}, {}, []),
    ],
)
def test_turn_identity(changes: dict, options: dict, expected: list[str]) -> None:
    assert messages(TurnIdentity, edit(valid_turn(), changes), **options) == expected


@pytest.mark.parametrize(
    "changes",
    [
        {"/id": "fp_marcus_901_turn3"},
        {"/training_metadata/conversation_turn": 2},
        {"/id": "fp_marcus_901_turn3", "/training_metadata/conversation_turn": 7},
    ],
)
def test_fix_restores_the_identity_from_conversation_id_and_turn_number(changes: dict) -> None:
    fixed, messages_ = fix_turn(TurnIdentity, edit(valid_turn(), changes), unsafe=False)
    assert fixed == valid_turn() and len(messages_) == len(changes)


def test_no_fix_for_an_id_when_the_conversation_id_itself_is_wrong() -> None:
    broken = edit(valid_turn(), {"/conversation_id": "marcus-1"})
    fixed, messages_ = fix_turn(TurnIdentity, broken)
    assert fixed == broken and messages_ == []
