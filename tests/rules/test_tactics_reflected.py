from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.tactics_reflected import TacticsReflected

T = "/response_strategy/tactical_choices"
R = "/target_response"
WARM = "That worry makes complete sense. "


def judged(flags: dict[str, object], response: str, **options: object) -> list[str]:
    return messages(TacticsReflected, edit(valid_turn(), {T: flags, R: response}), **options)


def test_a_valid_turn_reflects_its_tactics() -> None:
    assert messages(TacticsReflected, valid_turn(2)) == []


def test_a_flag_with_no_trace_in_the_response_is_reported_at_the_flag() -> None:
    turn = edit(valid_turn(), {T: {"mention_tax_implications_briefly": True}, R: WARM + "Let's look at it."})
    [finding] = run_rule(TacticsReflected, turn)
    assert finding.pointer == T + "/mention_tax_implications_briefly"
    assert finding.message == (
        "tactical choice “mention_tax_implications_briefly” is true, but target_response shows no trace of it "
        "(no mention of tax): make the response do it, or set the flag to false"
    )


@pytest.mark.parametrize(
    "flag, missing",
    [
        ("use_concrete_numbers", "no figure"),
        ("ask_permission_before_advice", "no question or question asking their permission"),
        ("provide_step_by_step_instructions", "no numbered or bulleted list, “step” or “first”"),
    ],
)
def test_the_message_says_in_words_what_the_response_lacks(flag: str, missing: str) -> None:
    [message] = judged({flag: True}, WARM + "Let's look at it.")
    assert f"shows no trace of it ({missing}):" in message


def test_a_trace_of_the_users_own_is_quoted_as_its_pattern() -> None:
    [message] = judged({"celebrate_his_progress": True}, WARM + "Let's look at it.", traces=[r"\bcelebrat => !"])
    assert "shows no trace of it (nothing matching “!”):" in message


@pytest.mark.parametrize(
    "flag, response",
    [
        ("mention_tax_implications_briefly", WARM + "Some of it goes to taxes."),
        ("use_concrete_numbers", WARM + "That is $6,000 already."),
        ("ask_simple_question", WARM + "Which one do you have?"),
        ("explain_emergency_fund_sizing", WARM + "An emergency cushion covers three months."),
        ("provide_step_by_step_instructions", WARM + "\n1. Log in.\n2. Change it."),
    ],
)
def test_a_flag_with_its_trace_passes(flag: str, response: str) -> None:
    assert judged({flag: True}, response) == []


@pytest.mark.parametrize(
    "flags",
    [
        {"use_concrete_numbers": False},  # not chosen
        {"avoid_numbers": True},  # says what not to do
        {"limit_to_3_steps": True},
        {"celebrate_his_progress": True},  # no pair knows this flag
        {"use_concrete_numbers": "yes"},  # the schema's finding
    ],
)
def test_flags_that_are_not_judged_pass(flags: dict[str, object]) -> None:
    assert judged(flags, WARM + "Let's look at it.") == []


def test_flags_read_as_words() -> None:
    assert len(judged({"Use-Concrete-NUMBERS": True}, WARM + "Let's look at it.")) == 1


def test_the_traces_are_an_option() -> None:
    flags = {"celebrate_his_progress": True}
    assert judged(flags, WARM + "Let's look at it.", traces=[r"\bcelebrat => !"]) != []
    assert judged(flags, WARM + "You did it!", traces=[r"\bcelebrat => !"]) == []


@pytest.mark.parametrize("changes", [{T: None}, {T: ["use_concrete_numbers"]}, {R: None}])
def test_odd_values_give_nothing(changes: dict[str, object]) -> None:
    assert messages(TacticsReflected, edit(valid_turn(), changes)) == []
