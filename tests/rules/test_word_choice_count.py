from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages, run_rule

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
        ({}, {}, ["sentence 1 explains 0 word choices; the standard asks for 3–5"]),
    ],
)
def test_word_choice_count(rationale: object, options: dict, expected: list[str]) -> None:
    assert messages(WordChoiceCount, edit(valid_turn(), {W: rationale}), **options) == expected


def breakdown(*entries: tuple[str, int]) -> dict:
    sentences = [{"text": text, "word_choice_rationale": {f"w{i}": "why" for i in range(n)}} for text, n in entries]
    return edit(valid_turn(), {"/response_breakdown/sentences": sentences})


LONG = "This sentence has more than four words."


def test_one_finding_per_turn_names_every_sentence_and_its_count() -> None:
    turn = breakdown((LONG, 1), (LONG, 3), *[(LONG, 2)] * 5, (LONG, 4), (LONG, 3), (LONG, 3), (LONG, 1))
    assert messages(WordChoiceCount, turn) == ["sentences 1, 3–7, 11 explain 1–2 word choices; the standard asks for 3–5"]


def test_the_finding_is_placed_at_the_first_sentence_outside_the_range() -> None:
    [finding] = run_rule(WordChoiceCount, breakdown((LONG, 3), (LONG, 7), (LONG, 1)))
    assert finding.pointer == "/response_breakdown/sentences/1/word_choice_rationale"
    assert finding.message == "sentence 3 explains 1 word choice and sentence 2 explains 7 word choices; the standard asks for 3–5"


@pytest.mark.parametrize(
    "text, n, expected",
    [
        ("**Step 1: Open the account**", 1, []),  # a header
        ("## Where you stand", 1, []),
        ("Totally normal.", 1, []),  # 2 words
        ("- 3 months = $10,500", 2, []),
        ("Totally normal.", 0, ["short sentence 1 explains 0 word choices; the standard asks for 3–5 (1–5 for a header or a sentence of 4 words or fewer)"]),
        ("Five words are right here.", 2, ["sentence 1 explains 2 word choices; the standard asks for 3–5"]),
        ("That's your $360-480/month.", 1, []),  # 3 words: a range of figures is one
    ],
)
def test_headers_and_short_sentences_need_fewer(text: str, n: int, expected: list[str]) -> None:
    assert messages(WordChoiceCount, breakdown((text, n))) == expected


def test_the_short_threshold_is_an_option() -> None:
    assert messages(WordChoiceCount, breakdown(("Five words are right here.", 1)), **{"short-words": 5}) == []
    assert messages(WordChoiceCount, breakdown(("Totally normal.", 1)), **{"short-words": 0}) == ["sentence 1 explains 1 word choice; the standard asks for 3–5"]


def test_a_threshold_of_one_word_is_singular() -> None:
    assert messages(WordChoiceCount, breakdown(("Yes!", 0)), **{"short-words": 1}) == [
        "short sentence 1 explains 0 word choices; the standard asks for 3–5 (1–5 for a header or a sentence of 1 word or fewer)"
    ]
