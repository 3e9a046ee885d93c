from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.schema import Schema

E = "/emotional_context/detected_emotions"


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, []),
        ({"/conversation_metadata/client_background": DELETE}, ["conversation_metadata is missing the required key 'client_background'"]),
        ({"/emotional_context/breakthrough_signals": {"named_fear": True}}, []),  # open: the gold standard adds sections
        ({"/target_reponse": "x"}, ["unexpected key 'target_reponse' in the turn (did you mean 'target_response'?)"]),
        ({"/training_metadata/reviewer_note": "x"}, ["unexpected key 'reviewer_note' in training_metadata (did you mean 'reviewer_notes'?)"]),
        ({E + "/primary_confidence": 1.4}, ["emotional_context.detected_emotions.primary_confidence is 1.4; it must be at most 1"]),
        ({E + "/intensity": -0.1}, ["emotional_context.detected_emotions.intensity is -0.1; it must be at least 0"]),
        ({E + "/secondary_confidence": DELETE}, ["emotional_context.detected_emotions has 'secondary' but no 'secondary_confidence': give both or neither"]),
        ({"/emotional_context/emotional_indicators/self_talk": "I feel stupid"}, ["emotional_context.emotional_indicators.self_talk should be a list, found a string"]),
        ({"/turn_number": "1"}, ["turn_number should be an integer, found a string"]),
        ({"/turn_number": 0}, ["turn_number is 0; it must be at least 1"]),
        ({"/training_metadata/quality_score": 6}, ["training_metadata.quality_score is 6; it must be at most 5"]),
        ({"/training_metadata/quality_criteria/originality": 9}, ["training_metadata.quality_criteria.originality is 9; it must be at most 5"]),
        ({"/response_strategy/tactical_choices/avoid_jargon": "yes"}, ["response_strategy.tactical_choices.avoid_jargon should be true or false, found a string"]),
        ({"/conversation_history": [{"turn": 1, "content": "hi"}]}, []),  # the role is history-consistent's
        ({"/conversation_history": [{"turn": 1, "role": "user"}]}, []),  # a missing content too
        ({"/conversation_history": [{"turn": 1, "role": "client", "content": "hi"}]}, []),  # history-consistent's too
        ({"/conversation_history": [{"turn": 1, "role": 1, "content": "hi"}]}, ["conversation_history[0].role should be a string, found an integer"]),
        ({"/response_breakdown/sentences/0/text": None}, ["response_breakdown.sentences[0].text should be a string, found null"]),
        ({"/emotional_context": []}, ["emotional_context should be an object, found a list"]),
    ],
)
def test_schema(changes: dict, expected: list[str]) -> None:
    assert messages(Schema, edit(valid_turn(), changes)) == expected


@pytest.mark.parametrize("number, expected", [(1, ["conversation_metadata is missing the required key 'client_background'"]), (2, []), ("2", ["turn_number should be an integer, found a string"])])
def test_client_background_is_required_at_a_conversations_first_turn_only(number: object, expected: list[str]) -> None:
    turn = edit(valid_turn(2), {"/turn_number": number, "/conversation_metadata/client_background": DELETE})
    assert messages(Schema, turn) == expected


def test_extension_points_stay_open() -> None:
    turn = edit(valid_turn(), {
        "/emotional_context/positive_signals": {"asked_follow_up": True},
        "/emotional_context/emotional_indicators/new_category": ["x"],
        "/response_strategy/tactical_choices/new_flag": True,
        "/response_breakdown/sentences/0/stylistic_note": "short",
        "/conversation_history": [{"turn": 1, "role": "user", "content": "hi", "emotional_state": {"primary": "fear"}}],
    })
    assert messages(Schema, turn) == []


def test_a_missing_key_is_reported_at_the_object_that_lacks_it() -> None:
    [finding] = run_rule(Schema, edit(valid_turn(), {"/response_strategy/pacing": DELETE}))
    assert finding.pointer == "/response_strategy"


def test_an_unexpected_key_is_reported_at_its_value() -> None:
    [finding] = run_rule(Schema, edit(valid_turn(), {"/response_strategy/pace": "slow"}))
    assert finding.pointer == "/response_strategy/pace"


def test_a_turn_that_is_not_an_object() -> None:
    assert messages(Schema, ["not", "a", "turn"]) == ["the turn should be an object, found a list"]
