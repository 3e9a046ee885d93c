from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.review_flag import ReviewFlag

E = "/emotional_context/detected_emotions"
REVIEWED = "/training_metadata/human_reviewed"


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, []),  # 0.8 and 0.7, but reviewed
        ({REVIEWED: DELETE, E + "/secondary_confidence": 0.75}, []),
        (
            {REVIEWED: DELETE},
            [
                "confidence below 0.75 and not human_reviewed: secondary “shame” 0.7; "
                "have a person confirm the emotion, then set training_metadata.human_reviewed: true"
            ],
        ),
        (
            {REVIEWED: False, E + "/primary_confidence": 0.6, E + "/secondary_confidence": 0.55},
            [
                "confidence below 0.75 and not human_reviewed: primary “anxiety” 0.6, secondary “shame” 0.55; "
                "have a person confirm the emotions, then set training_metadata.human_reviewed: true"
            ],
        ),
        (
            {REVIEWED: "yes"},
            [
                "confidence below 0.75 and not human_reviewed: secondary “shame” 0.7; "
                "have a person confirm the emotion, then set training_metadata.human_reviewed: true"
            ],
        ),
        ({REVIEWED: DELETE, E + "/secondary_confidence": "low"}, []),  # the schema's finding
        ({REVIEWED: DELETE, E: "anxious"}, []),
    ],
)
def test_review_flag(changes: dict, expected: list[str]) -> None:
    assert messages(ReviewFlag, edit(valid_turn(), changes)) == expected


def test_the_finding_points_at_the_first_low_confidence() -> None:
    turn = edit(valid_turn(), {REVIEWED: DELETE, E + "/tertiary": "doubt", E + "/tertiary_confidence": 0.5})
    [finding] = run_rule(ReviewFlag, turn)
    assert finding.pointer == E + "/secondary_confidence"
    assert "secondary “shame” 0.7, tertiary “doubt” 0.5" in finding.message


def test_the_threshold_is_an_option() -> None:
    assert messages(ReviewFlag, edit(valid_turn(), {REVIEWED: DELETE}), threshold=0.7) == []
