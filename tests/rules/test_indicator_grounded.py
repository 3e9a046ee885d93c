from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.indicator_grounded import IndicatorGrounded

INPUT = "I keep opening my savings app and closing it again. I'm scared I've already waited too long, and honestly I feel stupid asking this."


def turn(*examples: str) -> dict:
    return edit(valid_turn(), {"/current_user_input": INPUT, "/emotional_context/emotional_indicators": {"cues": list(examples)}})


@pytest.mark.parametrize(
    "example, expected",
    [
        ("I feel stupid asking this", []),
        ("i FEEL stupid", []),  # case
        ("I’m scared", []),  # typographic apostrophe
        ("I keep opening my savings app", []),
        ("keep opening ... closing it again", []),  # abridged with an ellipsis
        ("I'm scared I've waited too long", []),  # a word left out
        ("I feel like an idiot", ["indicator “I feel like an idiot” (cues) is not in current_user_input: quote the client's exact words"]),
        ("waited too long I'm scared", ["indicator “waited too long I'm scared” (cues) is not in current_user_input: quote the client's exact words"]),
    ],
)
def test_indicator_grounded(example: str, expected: list[str]) -> None:
    assert messages(IndicatorGrounded, turn(example)) == expected


def test_reported_at_the_example() -> None:
    [finding] = run_rule(IndicatorGrounded, turn("I feel stupid", "not said"))
    assert finding.pointer == "/emotional_context/emotional_indicators/cues/1"


def test_is_a_warning() -> None:
    assert IndicatorGrounded.severity.value == "warning"
