from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import fix_turn, messages

from fplint.rules.sentence_count import SentenceCount

B = "/response_breakdown"


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, []),
        ({B + "/total_sentences": 12}, ["total_sentences is 12 but 3 sentences are analysed: set it to 3"]),
        ({B + "/total_sentences": 1}, ["total_sentences is 1 but 3 sentences are analysed: set it to 3"]),
        ({B + "/sentences": [{"sentence_number": 1, "text": "x"}], B + "/total_sentences": 12}, []),  # sentence-coverage reports the missing ones
        ({"/target_response": "One. Two. Three.", B + "/sentences": [{"sentence_number": 1, "text": "One. Two."}, {"sentence_number": 2, "text": "Three."}]}, []),  # 3 is right: sentence-split reports the merge
        ({B + "/sentences": [{"sentence_number": 1, "text": "x"}], B + "/total_sentences": 0}, ["total_sentences is 0 but 1 sentence is analysed: make them agree (and analyse every sentence)"]),
        ({B + "/total_sentences": 12, "/target_response": None}, ["total_sentences is 12 but 3 sentences are analysed: make them agree (and analyse every sentence)"]),
        ({B + "/sentences/1/sentence_number": 3, B + "/sentences/2/sentence_number": 4}, ["sentence 2 is numbered 3; number the sentences 1..n in order"]),
        ({B + "/total_sentences": "3"}, []),
    ],
)
def test_sentence_count(changes: dict, expected: list[str]) -> None:
    assert messages(SentenceCount, edit(valid_turn(), changes)) == expected


@pytest.mark.parametrize(
    "changes",
    [
        {B + "/total_sentences": 12},
        {B + "/sentences/1/sentence_number": 3, B + "/sentences/2/sentence_number": 4},
        {B + "/sentences/0/sentence_number": 2, B + "/sentences/1/sentence_number": 1, B + "/total_sentences": 0},
    ],
)
def test_fix_recounts_and_renumbers_safely(changes: dict) -> None:
    fixed, _ = fix_turn(SentenceCount, edit(valid_turn(), changes), unsafe=False)
    assert fixed == valid_turn()


def test_fix_leaves_numbers_that_are_not_integers_to_the_schema() -> None:
    broken = edit(valid_turn(), {B + "/sentences/0/sentence_number": "one", B + "/sentences/2/sentence_number": 9})
    fixed, messages_ = fix_turn(SentenceCount, broken)
    assert messages_ == ["renumber 1 sentence 1..3 in order"]
    assert [s["sentence_number"] for s in fixed["response_breakdown"]["sentences"]] == ["one", 2, 3]
