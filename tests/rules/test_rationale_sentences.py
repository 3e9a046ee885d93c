from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages

from fplint.rules.rationale_sentences import RationaleSentences

R = "/response_strategy/primary_rationale"


@pytest.mark.parametrize(
    "rationale, options, expected",
    [
        ("Shame blocks learning. Naming it first makes the numbers usable.", {}, []),
        ("One. Two. Three.", {}, []),
        ("Shame blocks learning; must create emotional safety first", {}, ["primary_rationale has 1 sentence; the standard asks for 2–3: explain why this strategy fits this emotional state"]),
        ("A. B. C. D.", {}, ["primary_rationale has 4 sentences; the standard asks for 2–3: keep the reasoning, cut the rest"]),
        ("He earns $145K, e.g. more than most. Validate first.", {}, []),  # an abbreviation is no sentence end
        ("A. B. C. D.", {"max": 4}, []),
        ("", {}, []),  # empty: placeholder's finding
    ],
)
def test_rationale_sentences(rationale: str, options: dict, expected: list[str]) -> None:
    assert messages(RationaleSentences, edit(valid_turn(), {R: rationale}), **options) == expected
