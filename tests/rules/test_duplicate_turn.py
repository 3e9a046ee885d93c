from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.duplicate_turn import DuplicateTurn


@pytest.mark.parametrize(
    "subject, expected",
    [
        ([valid_turn(1), valid_turn(2)], []),
        ([valid_turn(1), valid_turn(1)], ["turn id 'fp_marcus_901_turn1' already appears in data.json at /training_pairs/0 (with an identical target_response): keep one copy, or give this turn its own id"]),
        ([valid_turn(1), edit(valid_turn(1), {"/target_response": "Other."})], ["turn id 'fp_marcus_901_turn1' already appears in data.json at /training_pairs/0 (with a different target_response): keep one copy, or give this turn its own id"]),
        ([valid_turn(1)] * 3, ["turn id 'fp_marcus_901_turn1' already appears in data.json at /training_pairs/0 (with an identical target_response): keep one copy, or give this turn its own id"] * 2),
        ([edit(valid_turn(1), {"/id": 7}), edit(valid_turn(2), {"/id": 7})], []),
    ],
)
def test_duplicate_turn(subject: list[dict], expected: list[str]) -> None:
    assert messages(DuplicateTurn, subject) == expected


def test_reported_at_the_later_copy() -> None:
    [finding] = run_rule(DuplicateTurn, [valid_turn(1), valid_turn(1)])
    assert (finding.ref.pointer, finding.pointer) == ("/training_pairs/1", "/id")
