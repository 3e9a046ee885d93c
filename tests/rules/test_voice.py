from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.voice import Voice

R = "/target_response"
WARM = "That worry makes complete sense. "


def said(response: str) -> list[str]:
    return messages(Voice, edit(valid_turn(), {R: response}))


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_valid_turn_speaks_in_elenas_voice(number: int) -> None:
    assert messages(Voice, valid_turn(number)) == []


def test_a_figure_the_client_wrote_is_heard_not_advice() -> None:
    turn = edit(valid_turn(), {"/current_user_input": "I have $6,000 saved.", R: "That $6,000 is yours. Next, a budget."})
    assert messages(Voice, turn) == []
    [message] = messages(Voice, edit(turn, {"/current_user_input": "I have some saved."}))
    assert message.startswith("the first sentence gives advice or figures (“$6,000”)")


@pytest.mark.parametrize(
    "response",
    [
        WARM + "As you know, the fund charges a fee.",
        WARM + "You should already know what your balance is.",
        WARM + "Obviously the card with the highest rate goes first.",
    ],
)
def test_assuming_the_client_should_know_is_reported(response: str) -> None:
    [message] = said(response)
    assert "assumes the client should know it" in message


@pytest.mark.parametrize(
    "response, words",
    [
        ("Put $500 a month into your savings account.", "“Put”"),
        ("You should pay the 24% card first.", "“You should”"),
        ("The card at 24% goes first.", "“24%”"),
    ],
)
def test_a_first_sentence_of_advice_before_any_acknowledgement_is_reported(response: str, words: str) -> None:
    [message] = said(response + " I know this is a lot.")
    assert message.startswith(f"the first sentence gives advice or figures ({words}) before acknowledging")


@pytest.mark.parametrize(
    "response",
    [
        "I hear how scared you are, and you should know it's common. Put $500 away.",  # acknowledges first
        "Great question: $500 a month is a real start.",
        "Let's look at this together. Put $500 a month into savings.",  # advice, but not first
    ],
)
def test_a_first_sentence_that_acknowledges_or_gives_no_advice_passes(response: str) -> None:
    assert not [m for m in said(response) if m.startswith("the first sentence")]


@pytest.mark.parametrize("phrase", ["Furthermore", "It is recommended", "One should", "Pursuant to"])
def test_formal_language_is_reported(phrase: str) -> None:
    [message] = said(WARM + f"{phrase} a budget.")
    assert message.startswith(f"“{phrase}” is formal, distant language")


@pytest.mark.parametrize(
    "response",
    [
        WARM + "Check the expense ratio before you pick.",
        WARM + "Keep your asset allocation steady. Then look again next year.",
        WARM + "Your Expense-Ratios matter.",
    ],
)
def test_unexplained_jargon_is_reported(response: str) -> None:
    [message] = said(response)
    assert "is jargon, not explained in this sentence or the next" in message


@pytest.mark.parametrize(
    "response",
    [
        WARM + "Check the expense ratio, which is the yearly fee a fund charges.",
        WARM + "Check the expense ratio before you pick. It means the yearly fee a fund charges.",
        WARM + "Check the expense ratio (the yearly fee) before you pick.",
        WARM + "An expense ratio is the yearly fee. Yours is low, and the expense ratio of the other is high.",
    ],
)
def test_jargon_explained_in_the_same_or_next_sentence_passes(response: str) -> None:
    assert said(response) == []


def test_words_inside_double_quotes_are_the_clients_and_pass() -> None:
    assert said(WARM + "You said “obviously I should know this” and that is not true.") == []


def test_a_finding_quotes_and_points_at_the_words() -> None:
    response = WARM + "As you know, the fund charges a fee."
    [finding] = run_rule(Voice, edit(valid_turn(), {R: response}))
    assert finding.pointer == R
    assert finding.offset == response.index("As you know")
    assert "“As you know”" in finding.message


def test_the_lists_are_options() -> None:
    turn = edit(valid_turn(), {R: WARM + "Look at the sinking fund. Then we talk."})
    assert messages(Voice, turn) == []
    [message] = messages(Voice, turn, glossary=["sinking fund"])
    assert message.startswith("“sinking fund” is jargon")
    assert messages(Voice, edit(valid_turn(), {R: WARM + "Obviously."}), **{"should-know": []}) == []


@pytest.mark.parametrize(
    "term, response",
    [
        ("Σίγμα fund", WARM + "Put it in the ςίγμα fund. Then we talk."),  # σ, ς and Σ match each other
        ("sinking fund", WARM + "Put it in the ſinking fund. Then we talk."),  # ſ matches s
    ],
)
def test_a_term_is_found_where_its_lower_case_letters_differ(term: str, response: str) -> None:
    [message] = messages(Voice, edit(valid_turn(), {R: response}), glossary=[term])
    assert "is jargon" in message


@pytest.mark.parametrize("response", [None, 42, "", "   "])
def test_a_missing_or_odd_response_gives_nothing(response: object) -> None:
    assert messages(Voice, edit(valid_turn(), {R: response})) == []
