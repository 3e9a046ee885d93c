from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_turn
from helpers import messages

from fplint.rules.emotion_count import EmotionCount

E = "/emotional_context/detected_emotions"


@pytest.mark.parametrize(
    "changes, options, expected",
    [
        ({}, {}, []),
        ({E + "/tertiary": "fear", E + "/tertiary_confidence": 0.6}, {}, []),
        ({E + "/secondary": DELETE, E + "/secondary_confidence": DELETE}, {}, ["1 emotion detected (primary); the standard asks for 2–3: add a secondary emotion with its confidence"]),
        ({E + "/tertiary": "fear", E + "/tertiary_confidence": 0.6, E + "/quaternary": "guilt", E + "/quaternary_confidence": 0.6}, {}, ["4 emotions detected (primary, secondary, tertiary, quaternary); the standard asks for 2–3: keep the strongest"]),
        ({E + "/secondary": "  "}, {}, ["1 emotion detected (primary); the standard asks for 2–3: add a secondary emotion with its confidence"]),
        ({E + "/tertiary": "fear", E + "/tertiary_confidence": 0.6}, {"max": 2}, ["3 emotions detected (primary, secondary, tertiary); the standard asks for 2: keep the strongest"]),
        ({E: "anxious"}, {}, []),  # the wrong type is the schema rule's finding
    ],
)
def test_emotion_count(changes: dict, options: dict, expected: list[str]) -> None:
    assert messages(EmotionCount, edit(valid_turn(), changes), **options) == expected
