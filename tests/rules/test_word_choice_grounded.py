from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages

from fplint.rules.word_choice_grounded import WordChoiceGrounded

S = "/response_breakdown/sentences/0"
TEXT = "First, there are no *stupid* questions about money—especially 401(k)s, which can be genuinely confusing."


@pytest.mark.parametrize(
    "key, expected",
    [
        ("no stupid questions", []),  # emphasis ignored
        ("First", []),
        ("genuinely confusing", []),
        ("especially", []),
        ("questions ... confusing", []),
        ("no questions about money", []),  # a word left out
        ("italics", []),  # a device the sentence has
        ("the dash", []),
        ("bold", ["word choice “bold” is not in sentence 1's text: explain words the sentence uses, or name a device it has (bold, a question mark, quotes)"]),
        ("question mark", ["word choice “question mark” is not in sentence 1's text: explain words the sentence uses, or name a device it has (bold, a question mark, quotes)"]),
        ("very smart people", ["word choice “very smart people” is not in sentence 1's text: explain words the sentence uses, or name a device it has (bold, a question mark, quotes)"]),
    ],
)
def test_word_choice_grounded(key: str, expected: list[str]) -> None:
    turn = edit(valid_turn(), {S + "/text": TEXT, S + "/word_choice_rationale": {key: "why"}})
    assert messages(WordChoiceGrounded, turn) == expected


@pytest.mark.parametrize(
    "key, text",
    [
        ("bold", "You're at **8 months saved**."),
        ("italicized right", "Those are the *right* questions to ask."),
        ("question mark", "And $1,200 a month? That's fantastic."),
        ("questions", "- How much do you have?\n- Do you need it?"),
        ("quotes his words", "You went from 'I'm such a failure' to 'I have a plan.'"),
        ("quotes", 'Google "your state 529 plan" to start.'),
        ("equals", "- 3 months = $10,500"),
        ("bullets", "- 3 months\n- 6 months"),
        ("lists three achievements", "You have savings, a strategy, and a plan."),
        ("examples in parentheses", "Do you need it for something (a house, school)?"),
        ("worth $X at today's price", "250 shares (worth $43,750 at today's price)"),
        ("$X,XXX a year", "That's $14,000 a year."),
    ],
)
def test_a_key_naming_a_device_or_a_template_the_sentence_fills_is_grounded(key: str, text: str) -> None:
    turn = edit(valid_turn(), {S + "/text": text, S + "/word_choice_rationale": {key: "why"}})
    assert messages(WordChoiceGrounded, turn) == []


@pytest.mark.parametrize(
    "key, text",
    [
        ("quotes", "It's not that kids' stuff matters, isn't it."),  # apostrophes are not quotes
        ("italics", "A **bold** word."),
        ("no stupid questions", "Is it stupid?"),  # words, not a question mark
        ("worth $X at today's price", "worth $43,750 at yesterday's price"),
        ("$X a year", "That's a lot a year."),
    ],
)
def test_a_device_or_template_the_sentence_lacks_is_reported(key: str, text: str) -> None:
    turn = edit(valid_turn(), {S + "/text": text, S + "/word_choice_rationale": {key: "why"}})
    assert len(messages(WordChoiceGrounded, turn)) == 1
