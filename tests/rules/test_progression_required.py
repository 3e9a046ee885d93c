from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.progression_required import ProgressionRequired

P = "/emotional_context/emotional_progression"


@pytest.mark.parametrize(
    "number, changes, options, expected",
    [
        (1, {}, {}, []),
        (2, {}, {}, []),
        (2, {P: DELETE}, {}, ["turn 2 has no emotional_progression; from turn 2 on, record the previous turn's emotions, this turn's, the trajectory and an interpretation"]),
        (3, {P: {}}, {}, ["turn 3 has an empty emotional_progression; record the previous turn's emotions, this turn's, the trajectory and an interpretation"]),
        (2, {P: DELETE}, {"from-turn": 3}, []),
        (2, {P: DELETE, "/turn_number": "2"}, {}, []),  # no usable number: the schema reports it
    ],
)
def test_progression_required(number: int, changes: dict, options: dict, expected: list[str]) -> None:
    assert messages(ProgressionRequired, edit(valid_turn(number), changes), **options) == expected


def test_missing_progression_points_at_emotional_context() -> None:
    [finding] = run_rule(ProgressionRequired, edit(valid_turn(3), {P: DELETE}))
    assert finding.pointer == "/emotional_context"
