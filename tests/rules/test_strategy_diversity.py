from __future__ import annotations

from typing import Any

from factory import edit, valid_turn
from helpers import messages, run_rule

from fplint.check.engine import Engine
from fplint.model import Turn
from fplint.rules.strategy_diversity import StrategyDiversity

S = "/response_strategy/primary_strategy"
F = "/response_breakdown/sentences/0/function"


def conversations(strategies: list[str], turns: int = 1) -> list[dict[str, Any]]:
    """One conversation per strategy, each opening with a function of its own."""
    return [
        edit(valid_turn(n, f"fp_test_{i:03d}"), {S: strategy, F: f"opening_{i}"})
        for i, strategy in enumerate(strategies)
        for n in range(1, turns + 1)
    ]


def distinct(n: int) -> list[str]:
    return [f"strategy_{i}" for i in range(n)]


def test_ten_conversations_each_with_its_own_strategy_pass() -> None:
    assert messages(StrategyDiversity, conversations(distinct(10))) == []


def test_a_strategy_in_more_than_the_share_of_conversations_is_reported() -> None:
    assert messages(StrategyDiversity, conversations(["empathic_validation"] * 4 + distinct(6))) == [
        "primary strategy “empathic validation” is used in 4 of 10 conversations (40%, more than 30%): the seed "
        "asks to vary strategies across conversations; choose a different one for some of them"
    ]


def test_a_strategy_at_the_share_passes() -> None:
    assert messages(StrategyDiversity, conversations(["empathic_validation"] * 3 + distinct(7))) == []


def test_labels_compare_as_words() -> None:
    labels = ["Empathic_Validation", "empathic-validation", "empathic validation", "EMPATHIC_VALIDATION"]
    [message] = messages(StrategyDiversity, conversations(labels + distinct(6)))
    assert "“empathic validation” is used in 4 of 10" in message


def test_a_conversation_counts_once_however_many_turns_use_the_label() -> None:
    assert messages(StrategyDiversity, conversations(["validate"] * 3 + distinct(7), turns=3)) == []


def test_an_opening_move_in_more_than_the_share_is_reported_at_its_first_turn() -> None:
    turns = [edit(t, {F: "immediate_validation"}) if i < 4 else t for i, t in enumerate(conversations(distinct(10)))]
    [finding] = run_rule(StrategyDiversity, turns)
    assert finding.message.startswith("opening move “immediate validation” is used in 4 of 10 conversations (40%")
    assert (finding.ref.pointer, finding.pointer) == ("/training_pairs/0", F)


def test_the_share_is_an_option() -> None:
    subject = conversations(["validate"] * 4 + distinct(6))
    assert messages(StrategyDiversity, subject, **{"max-share": 40}) == []


def test_a_small_dataset_is_skipped_and_says_so() -> None:
    turns = [Turn(t, "d.json", f"/training_pairs/{i}") for i, t in enumerate(conversations(["same"] * 9))]
    engine = Engine([StrategyDiversity()], {})
    found, notes = engine.cross_check([], engine.partials(turns), 1)
    assert found == []
    assert notes == ["strategy-diversity: skipped, 9 conversations; the spread of strategies is judged from 10 on"]


def test_turns_without_a_conversation_or_labels_are_not_counted() -> None:
    odd = [edit(valid_turn(), {"/conversation_id": None}), edit(valid_turn(1, "fp_x_001"), {S: 7, F: None})]
    assert messages(StrategyDiversity, odd + conversations(["same"] * 3 + distinct(6))) == []
