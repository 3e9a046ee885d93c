from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_turn
from helpers import messages

from fplint.rules.strategy_counts import StrategyCounts

S = "/response_strategy"
TECH = {"technique": "t", "application": "a", "purpose": "p"}


@pytest.mark.parametrize(
    "changes, options, expected",
    [
        ({}, {}, []),
        ({S + "/secondary_strategies": ["one"]}, {}, ["1 secondary strategy; the standard asks for 2–3"]),
        ({S + "/tactical_choices": {f"f{i}": True for i in range(9)}}, {}, ["9 tactical choices; the standard asks for 5–8"]),
        ({S + "/specific_techniques": [TECH]}, {}, ["1 specific technique; the standard asks for 2–3"]),
        ({S + "/specific_techniques": [TECH] * 4}, {}, ["4 specific techniques; the standard asks for 2–3"]),
        ({S + "/specific_techniques": [TECH]}, {"techniques-min": 1}, []),
        ({S + "/specific_techniques": DELETE}, {}, []),  # missing: the schema's finding
    ],
)
def test_strategy_counts(changes: dict, options: dict, expected: list[str]) -> None:
    assert messages(StrategyCounts, edit(valid_turn(), changes), **options) == expected
