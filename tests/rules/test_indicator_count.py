from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.indicator_count import IndicatorCount

IND = "/emotional_context/emotional_indicators"
FOUR = {"a": ["x"], "b": ["x"], "c": ["x"], "d": ["x"]}


@pytest.mark.parametrize(
    "indicators, options, expected",
    [
        (FOUR, {}, []),
        ({**FOUR, "e": ["x"], "f": ["x"]}, {}, []),
        ({"a": ["x"], "b": ["x"], "c": ["x"]}, {}, ["3 indicator categories; the standard asks for 4–6: add categories the message shows"]),
        ({**FOUR, "e": ["x"], "f": ["x"], "g": ["x"]}, {}, ["7 indicator categories; the standard asks for 4–6: merge or drop the weakest"]),
        ({"a": ["x"], "b": ["x"], "c": ["x"]}, {"min": 3, "max": 8}, []),
        ({**FOUR, "d": []}, {}, ["indicator category 'd' lists no examples: quote the client's words that show it, or drop the category"]),
        ({**FOUR, "d": [""]}, {}, ["indicator category 'd' lists no examples: quote the client's words that show it, or drop the category"]),
        ({}, {}, ["0 indicator categories; the standard asks for 4–6: add categories the message shows"]),
        ("none", {}, []),
    ],
)
def test_indicator_count(indicators: object, options: dict, expected: list[str]) -> None:
    assert messages(IndicatorCount, edit(valid_turn(), {IND: indicators}), **options) == expected


def test_empty_category_is_reported_at_the_category() -> None:
    [finding] = run_rule(IndicatorCount, edit(valid_turn(), {IND: {**FOUR, "d e/f": []}}))
    assert finding.pointer == IND + "/d e~1f"
