from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.strategy_fit import StrategyFit

E = "/emotional_context/detected_emotions"
S = "/response_strategy"
F = "/response_breakdown/sentences/0/function"
P = "/emotional_context/emotional_progression"
PLAN = {S + "/primary_strategy": "provide_payoff_plan", F: "state_the_numbers"}
NOT_FIRST = (
    "primary emotion “shame” at intensity 0.85 calls for empathic validation first, but primary_strategy is "
    "“provide_payoff_plan”, sentence 1's function is “state_the_numbers”: make validation the primary strategy, "
    "or open with a sentence that validates"
)


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, []),  # anxiety at 0.7: not above the threshold
        ({E + "/primary": "shame", E + "/intensity": 0.85, **PLAN}, [NOT_FIRST]),
        ({E + "/primary": "shame", E + "/intensity": 0.7, **PLAN}, []),
        ({E + "/primary": "overwhelm", E + "/intensity": 0.85, **PLAN}, []),
        ({E + "/primary": "shame", E + "/intensity": 0.85, **PLAN, S + "/primary_strategy": "validate_shame_then_reframe"}, []),
        ({E + "/primary": "shame", E + "/intensity": 0.85, **PLAN, S + "/primary_strategy": "Empathic-Validation"}, []),
        ({E + "/primary": "shame", E + "/intensity": 0.85, **PLAN, F: "immediate_validation"}, []),
        ({E + "/primary": "fear", E + "/intensity": 0.85, **PLAN, F: "acknowledge_the_fear"}, []),
        ({E + "/primary": "financial_shame", E + "/intensity": 0.85, **PLAN}, [NOT_FIRST.replace("“shame”", "“financial_shame”")]),
        ({E + "/primary": "shameless", E + "/intensity": 0.85, **PLAN}, []),
        ({E + "/primary": "shame", E + "/intensity": "high", **PLAN}, []),
    ],
)
def test_validation_first(changes: dict, expected: list[str]) -> None:
    assert messages(StrategyFit, edit(valid_turn(2), changes)) == expected


@pytest.mark.parametrize(
    "trajectory, techniques, found",
    [
        ("stable", ["normalization", "chunking"], False),
        ("escalating", ["normalization", "chunking"], True),
        ("rapidly_escalating", ["normalization", "chunking"], True),
        ("worsening", ["normalization", "chunking"], True),
        ("de-escalating", ["normalization", "chunking"], False),
        ("escalating", ["normalization", "slow_the_pace"], False),
        ("escalating", ["grounding_question", "chunking"], False),
        ("escalating", ["de_escalation", "chunking"], False),
    ],
)
def test_an_escalating_trajectory_needs_a_de_escalation_technique(trajectory: str, techniques: list[str], found: bool) -> None:
    turn = edit(valid_turn(2), {P + "/trajectory": trajectory})
    for i, name in enumerate(techniques):
        turn["response_strategy"]["specific_techniques"][i]["technique"] = name
    findings = run_rule(StrategyFit, turn)
    assert [f.pointer for f in findings] == ([S + "/specific_techniques"] if found else [])


def test_the_message_names_the_trajectory_and_what_to_add() -> None:
    turn = edit(valid_turn(2), {P + "/trajectory": "escalating"})
    assert messages(StrategyFit, turn) == [
        "the trajectory is “escalating” but no technique or strategy de-escalates: add a de-escalation technique "
        "(slow the pace, ground, calm) with emotional pacing control"
    ]


def test_emotions_threshold_and_patterns_are_options() -> None:
    turn = edit(valid_turn(2), {E + "/primary": "overwhelm", E + "/intensity": 0.6, **PLAN})
    assert messages(StrategyFit, turn, emotions=["overwhelm"], intensity=0.5) != []
    assert messages(StrategyFit, turn, emotions=["overwhelm"], intensity=0.5, validation=["numbers"]) == []


def test_a_turn_without_a_strategy_or_breakdown_gives_nothing() -> None:
    turn = edit(valid_turn(2), {E + "/primary": "fear", E + "/intensity": 0.9, S: DELETE})
    assert messages(StrategyFit, turn) == []
