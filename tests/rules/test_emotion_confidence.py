from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages

from fplint.rules.emotion_confidence import EmotionConfidence

E = "/emotional_context/detected_emotions"


@pytest.mark.parametrize(
    "changes, options, expected",
    [
        ({}, {}, []),
        ({E + "/primary_confidence": 0.9, E + "/secondary_confidence": 0.6}, {}, []),
        ({E + "/secondary_confidence": 0.5}, {}, ["secondary confidence (shame) is 0.5; the standard asks for 0.6–0.9: drop the emotion or raise the evidence for it"]),
        ({E + "/primary_confidence": 0.95}, {}, ["primary confidence (anxiety) is 0.95; the standard asks for 0.6–0.9: no reading of a message is that certain"]),
        ({E + "/secondary_confidence": 0.85}, {}, ["secondary confidence (shame) 0.85 is higher than primary confidence 0.8: rank the emotions so the most confident one is primary"]),
        ({E + "/tertiary": "fear", E + "/tertiary_confidence": 0.75}, {}, ["tertiary confidence (fear) 0.75 is higher than secondary confidence 0.7: swap the secondary and the tertiary emotion (labels and confidences) so the ranks fall in order"]),
        ({E + "/tertiary": "fear", E + "/tertiary_confidence": 0.8}, {}, ["tertiary confidence (fear) 0.8 is higher than secondary confidence 0.7: swap the secondary and the tertiary emotion (labels and confidences) so the ranks fall in order"]),
        ({E + "/tertiary": "fear", E + "/tertiary_confidence": 0.85}, {}, ["tertiary confidence (fear) 0.85 is higher than secondary confidence 0.7: rank the emotions so the most confident one is primary"]),
        ({E + "/primary_confidence": 1.4}, {}, []),  # outside [0, 1]: the schema's finding
        ({E + "/secondary_confidence": 0.5}, {"min": 0.5}, []),
        ({E + "/primary_confidence": "high"}, {}, []),
    ],
)
def test_emotion_confidence(changes: dict, options: dict, expected: list[str]) -> None:
    assert messages(EmotionConfidence, edit(valid_turn(), changes), **options) == expected
