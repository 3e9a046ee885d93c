from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.turn_sequence import TurnSequence


def turns(*numbers: int, conversation: str = "fp_marcus_901") -> list[dict]:
    return [valid_turn(n, conversation) for n in numbers]


@pytest.mark.parametrize(
    "subject, expected",
    [
        (turns(1, 2, 3), []),
        (turns(3, 1, 2), []),  # order across files does not matter
        (turns(1, 3, 4), ["conversation fp_marcus_901 has turns 1, 3, 4: turn 2 is missing; add it, or check the whole dataset if it lives in files this run did not include"]),
        (turns(2, 3, 4), ["conversation fp_marcus_901 has turns 2–4: turn 1 is missing; add it, or check the whole dataset if it lives in files this run did not include"]),
        (turns(2), ["conversation fp_marcus_901 has only turn 2: turn 1 is missing; add it, or check the whole dataset if it lives in files this run did not include"]),
        (turns(1, 4), ["conversation fp_marcus_901 has turns 1, 4: turns 2, 3 are missing; add them, or check the whole dataset if they live in files this run did not include"]),
        (turns(1, 2) + turns(1, conversation="fp_david_901"), []),
        (turns(1, 2, 2), []),  # the same turn twice is duplicate-turn's finding
        ([*turns(1, 2), edit(valid_turn(2), {"/id": "fp_marcus_901_turn2b"})], ["conversation fp_marcus_901 has two different turns numbered 2 (fp_marcus_901_turn2 and fp_marcus_901_turn2b): renumber one"]),
        ([edit(valid_turn(1), {"/turn_number": "one"})], []),
    ],
)
def test_turn_sequence(subject: list[dict], expected: list[str]) -> None:
    assert messages(TurnSequence, subject) == expected


def test_a_gap_is_reported_at_the_first_turn_after_it() -> None:
    [finding] = run_rule(TurnSequence, turns(1, 4, 3))
    assert (finding.ref.pointer, finding.pointer) == ("/training_pairs/2", "/turn_number")
