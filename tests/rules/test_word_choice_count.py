from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages

from fplint.rules.word_choice_count import WordChoiceCount

W = "/response_breakdown/sentences/0/word_choice_rationale"


@pytest.mark.parametrize(
    "rationale, options, expected",
    [
        ({"a": "x", "b": "x", "c": "x"}, {}, []),
        ({"a": "x"}, {}, ["sentence 1 explains 1 word choice; the standard asks for 3–5"]),
        ({c: "x" for c in "abcdef"}, {}, ["sentence 1 explains 6 word choices; the standard asks for 3–5"]),
        ({"a": "x"}, {"min": 1}, []),
        ("x", {}, []),
    ],
)
def test_word_choice_count(rationale: object, options: dict, expected: list[str]) -> None:
    assert messages(WordChoiceCount, edit(valid_turn(), {W: rationale}), **options) == expected
