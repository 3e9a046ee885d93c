from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_turn
from helpers import messages

from fplint.rules.reviewer_notes import ReviewerNotes

T = "/training_metadata"


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, []),
        ({T + "/reviewer_notes": "Strong. Warm. Clear."}, []),
        ({T + "/reviewer_notes": "Great."}, ["reviewer_notes has 1 sentence; the standard asks for 2–3: say what works and what could be better"]),
        ({T + "/reviewer_notes": "A. B. C. D. E."}, ["reviewer_notes has 5 sentences; the standard asks for 2–3: keep the assessment, cut the praise"]),
        ({T + "/reviewer_notes": ""}, ["human_reviewed is true but there are no reviewer_notes: write the reviewer's assessment"]),
        ({T + "/reviewer_notes": DELETE}, ["human_reviewed is true but there are no reviewer_notes: write the reviewer's assessment"]),
        ({T + "/reviewer_notes": "", T + "/human_reviewed": False}, []),
    ],
)
def test_reviewer_notes(changes: dict, expected: list[str]) -> None:
    assert messages(ReviewerNotes, edit(valid_turn(), changes)) == expected
