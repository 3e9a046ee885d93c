from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages

from fplint.rules.sentence_count import SentenceCount

B = "/response_breakdown"


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, []),
        ({B + "/total_sentences": 12}, ["total_sentences is 12 but 3 sentences are analysed: make them agree (and analyse every sentence)"]),
        ({B + "/sentences": [{"sentence_number": 1, "text": "x"}], B + "/total_sentences": 12}, ["total_sentences is 12 but 1 sentence is analysed: make them agree (and analyse every sentence)"]),
        ({B + "/sentences/1/sentence_number": 3, B + "/sentences/2/sentence_number": 4}, ["sentence 2 is numbered 3; number the sentences 1..n in order"]),
        ({B + "/total_sentences": "3"}, []),
    ],
)
def test_sentence_count(changes: dict, expected: list[str]) -> None:
    assert messages(SentenceCount, edit(valid_turn(), changes)) == expected
