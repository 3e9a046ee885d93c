from __future__ import annotations

from typing import Any

import pytest
from factory import DELETE, edit, pairs_file, valid_conversation, valid_turn
from helpers import lint, messages, run_rule

from fplint.rules.persona_consistency import PersonaConsistency

P = "/conversation_metadata/client_persona"
B = "/conversation_metadata/client_background"
SP = "/system_prompt"


def conversation(*changes: dict[str, Any]) -> list[dict[str, Any]]:
    """A conversation with ``changes[i]`` made to turn ``i + 1``."""
    return [edit(turn, change) for turn, change in zip(valid_conversation(len(changes)), changes, strict=True)]


def test_a_conversation_whose_facts_stay_the_same_passes() -> None:
    assert messages(PersonaConsistency, valid_conversation(4)) == []


@pytest.mark.parametrize(
    "first, later, expected",
    [
        (
            {B: "38yo engineer, $145K salary"},
            {B: "42yo engineer, $145K salary"},
            "the client's age in client_background is 42 at turn 2 but 38 at turn 1 of the same conversation",
        ),
        (
            {B: "Age 38, engineer, $145K salary"},
            {B: "Age 38, engineer, $150K salary"},
            "the client's income in client_background is “$150K salary” at turn 2 but “$145K salary” at turn 1",
        ),
        (
            {P: "Marcus Thompson - The Overwhelmed Avoider"},
            {P: "Marcus Chen - The Overwhelmed Avoider"},
            "the client's name is “Marcus Chen” at turn 2 but “Marcus Thompson” at turn 1",
        ),
        (
            {P: "Marcus - The Overwhelmed Avoider"},
            {P: "Marcus - The Anxious Planner"},
            "client_persona is “Marcus - The Anxious Planner” at turn 2 but “Marcus - The Overwhelmed Avoider” at turn 1",
        ),
    ],
)
def test_a_fact_that_drifts_is_reported_at_the_later_turn(first: dict, later: dict, expected: str) -> None:
    [finding] = run_rule(PersonaConsistency, conversation(first, later))
    assert finding.message.startswith(expected)
    assert finding.ref.pointer == "/training_pairs/1"
    assert [r.pointer for r in finding.related] == ["/training_pairs/0"]


@pytest.mark.parametrize(
    "first, later",
    [
        ({B: "38yo engineer, $145K salary"}, {B: "38 years old, salary of $145,000, two kids"}),
        ({B: "38yo engineer, $145K salary"}, {B: DELETE}),  # later turns need not repeat it
        ({B: "Age 38"}, {B: "Renting, wife pregnant"}),  # nothing to compare
        ({P: "Marcus  Thompson - The Overwhelmed Avoider"}, {P: "Marcus Thompson -\nThe Overwhelmed Avoider"}),
    ],
)
def test_the_same_fact_written_differently_or_absent_passes(first: dict, later: dict) -> None:
    assert messages(PersonaConsistency, conversation(first, later)) == []


def test_a_changed_name_is_reported_once_not_also_as_a_changed_persona() -> None:
    found = messages(PersonaConsistency, conversation({P: "Marcus - Avoider"}, {P: "David - Avoider"}))
    assert len(found) == 1 and found[0].startswith("the client's name is “David”")


def test_a_system_prompt_that_changes_within_a_conversation_is_reported() -> None:
    assert messages(PersonaConsistency, conversation({}, {}, {SP: "You are Elena. Be brief."})) == [
        "system_prompt at turn 3 differs from turn 1's in the same conversation: a conversation keeps one "
        "system prompt; use the same text at every turn"
    ]


def test_the_earliest_turn_is_the_reference_whatever_the_reading_order() -> None:
    turns = conversation({B: "Age 38"}, {B: "Age 40"})[::-1]
    [finding] = run_rule(PersonaConsistency, turns)
    assert finding.message.startswith("the client's age in client_background is 40 at turn 2 but 38 at turn 1")


def test_a_conversation_with_a_stray_system_prompt_is_reported() -> None:
    turns = [valid_turn(1, f"fp_test_{i:03d}") for i in range(3)]
    turns.append(edit(valid_turn(1, "fp_test_009"), {SP: "You are a helpful assistant."}))
    [finding] = run_rule(PersonaConsistency, turns)
    assert finding.message.startswith(
        "this conversation's system_prompt differs from the one 3 of 4 conversations use (“You are Elena Morales"
    )
    assert (finding.ref.pointer, finding.pointer) == ("/training_pairs/3", SP)


def test_no_usual_system_prompt_without_a_majority() -> None:
    turns = [valid_turn(1, "fp_test_001"), edit(valid_turn(1, "fp_test_002"), {SP: "You are someone else."})]
    assert messages(PersonaConsistency, turns) == []


def test_a_conversation_split_across_files_is_compared(tmp_path: Any) -> None:
    first, second = conversation({B: "Age 38"}, {B: "Age 41"})
    (tmp_path / "a.json").write_text(pairs_file(first), encoding="utf-8")
    (tmp_path / "b.json").write_text(pairs_file(second), encoding="utf-8")
    report = lint([tmp_path])
    found = [d for d in report.diagnostics if d.rule == "persona-consistency"]
    assert [(d.path.rsplit("/", 1)[-1], d.pointer) for d in found] == [("b.json", "/training_pairs/0" + B)]


@pytest.mark.parametrize("value", [None, 7, "", ["Marcus"]])
def test_odd_values_are_not_compared(value: object) -> None:
    assert messages(PersonaConsistency, conversation({P: value, B: value, SP: value}, {})) == []
