from __future__ import annotations

import pytest
from factory import edit, valid_conversation
from helpers import messages, run_rule

from fplint.rules.progression_consistent import ProgressionConsistent, first_emotion

P = "/emotional_context/emotional_progression"


def conversation(**turn2: object) -> list[dict]:
    turns = valid_conversation(2)
    turns[1] = edit(turns[1], {P: {"trajectory": "stable", "interpretation": "steady", **turn2}})
    return turns


@pytest.mark.parametrize(
    "progression, expected",
    [
        ({"previous_turn_primary": "anxiety", "previous_turn_intensity": 0.7, "current_turn_primary": "anxiety"}, []),
        ({"previous_turn_primary": "Anxiety "}, []),  # case and spaces
        ({"previous_turn_primary": "shame"}, ["previous_turn_primary is 'shame' but turn 1 detected 'anxiety': describe the emotion the previous turn recorded"]),
        ({"previous_turn_intensity": 0.9}, ["previous_turn_intensity is 0.9 but turn 1 recorded intensity 0.7"]),
        ({"current_turn_primary": "relief"}, ["current_turn_primary is 'relief' but this turn detected 'anxiety'"]),
        ({"turn_1": "anxiety(0.80) + shame(0.70)", "turn_2": "anxiety(0.7)"}, []),
        ({"turn_1": "fear(0.80)"}, ["emotional_progression.turn_1 starts with 'fear' but turn 1 detected 'anxiety'"]),
        ({"turn_2": "relief(0.6)"}, ["emotional_progression.turn_2 starts with 'relief' but turn 2 detected 'anxiety'"]),
        ({"turn_7": "relief"}, []),  # a turn the run does not hold
    ],
)
def test_progression_consistent(progression: dict, expected: list[str]) -> None:
    assert messages(ProgressionConsistent, conversation(**progression)) == expected


def test_the_target_starts_from_the_detected_primary() -> None:
    turns = valid_conversation(1)
    turns[0] = edit(turns[0], {"/training_metadata/emotional_progression_target": "shame(0.8) → relief(0.6)"})
    [finding] = run_rule(ProgressionConsistent, turns)
    assert finding.pointer == "/training_metadata/emotional_progression_target"
    assert finding.message == "emotional_progression_target starts from 'shame' but this turn detected 'anxiety': start the target from the detected primary"


@pytest.mark.parametrize("text, emotion", [("shame(0.75) → relief(0.50)", "shame"), ("fear_of_mistake(0.80) + pressure", "fear_of_mistake"), ("Relief", "relief"), ("", None), (3, None)])
def test_first_emotion(text: object, emotion: str | None) -> None:
    assert first_emotion(text) == emotion
