from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages

from fplint.rules.quality_score import QualityScore

T = "/training_metadata"


@pytest.mark.parametrize(
    "changes, options, expected",
    [
        ({}, {}, []),
        ({T + "/quality_score": 3}, {}, []),
        ({T + "/quality_score": 2}, {}, ["quality_score is 2; the standard keeps nothing below 3: rewrite the turn or drop it"]),
        ({T + "/quality_criteria/clarity_score": 1}, {}, ["clarity_score is 1; the standard keeps nothing below 3: rewrite the turn or drop it"]),
        ({T + "/quality_score": 3}, {"min-score": 4}, ["quality_score is 3; the standard keeps nothing below 4: rewrite the turn or drop it"]),
        ({T + "/quality_criteria/empathy_score": 2.8}, {}, ["empathy_score is 2.8; the standard keeps nothing below 3: rewrite the turn or drop it"]),
        ({T + "/quality_score": 3.0}, {}, []),  # not whole, but not below the floor: the type is the schema's
        ({T + "/quality_score": True}, {}, []),
        ({T + "/quality_score": 0}, {}, []),  # off the 1–5 scale: the schema's finding
    ],
)
def test_quality_score(changes: dict, options: dict, expected: list[str]) -> None:
    assert messages(QualityScore, edit(valid_turn(), changes), **options) == expected
