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
        ("italics", ["word choice “italics” is not in sentence 1's text: explain words the sentence uses"]),
        ("very smart people", ["word choice “very smart people” is not in sentence 1's text: explain words the sentence uses"]),
    ],
)
def test_word_choice_grounded(key: str, expected: list[str]) -> None:
    turn = edit(valid_turn(), {S + "/text": TEXT, S + "/word_choice_rationale": {key: "why"}})
    assert messages(WordChoiceGrounded, turn) == expected
