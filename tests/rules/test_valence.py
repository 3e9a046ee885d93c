from __future__ import annotations

import pytest
from factory import DELETE, edit, valid_turn
from helpers import fix_turn, messages

from fplint.rules.valence import Valence, suggestion

V = "/emotional_context/detected_emotions/valence"


@pytest.mark.parametrize(
    "valence, options, expected",
    [
        ("negative", {}, []),
        ("mixed", {}, []),
        ("mixed_negative_but_improving", {}, ["valence is 'mixed_negative_but_improving'; the standard uses one of negative, positive, mixed: use 'mixed' and name the nuance as a secondary or tertiary emotion"]),
        ("hopeful", {}, ["valence is 'hopeful'; the standard uses one of negative, positive, mixed: use 'positive' and name the nuance as a secondary or tertiary emotion"]),
        ("bittersweet", {}, ["valence is 'bittersweet'; the standard uses one of negative, positive, mixed: pick the closest label"]),
        ("hopeful", {"allowed": ["hopeful", "negative"]}, []),
        (0.4, {}, []),
    ],
)
def test_valence(valence: object, options: dict, expected: list[str]) -> None:
    assert messages(Valence, edit(valid_turn(), {V: valence}), **options) == expected


@pytest.mark.parametrize(
    "valence, expected",
    [
        ("positive_with_practical_anxiety", "mixed"),
        ("negative_but_hopeful", "mixed"),
        ("mixed_more_engaged", "mixed"),
        ("mixed_positive_and_negative", "mixed"),
        ("positive_with_questions", "positive"),
        ("negative_but_more_grounded", "negative"),
        ("negative_but_action_oriented", "negative"),
        ("Positive", "positive"),
        ("anxious", "negative"),
        ("bittersweet", None),
    ],
)
def test_a_free_text_valence_suggests_the_label_it_means(valence: str, expected: str | None) -> None:
    assert suggestion(valence, ["negative", "positive", "mixed"]) == expected


def test_a_label_naming_both_poles_suggests_its_start_when_mixed_is_not_allowed() -> None:
    assert suggestion("positive_with_practical_anxiety", ["negative", "positive"]) == "positive"


@pytest.mark.parametrize(
    "number, progression, advice",
    [
        (1, False, "name the nuance as a secondary or tertiary emotion"),
        (2, True, "keep the nuance in the progression's interpretation"),
        (2, False, "keep the nuance in the progression's interpretation"),  # it should have one
    ],
)
def test_only_a_turn_with_a_progression_is_pointed_at_it(number: int, progression: bool, advice: str) -> None:
    turn = valid_turn(2) if progression else edit(valid_turn(2), {"/emotional_context/emotional_progression": DELETE})
    turn = edit(turn, {"/turn_number": number, V: "positive_with_practical_anxiety"})
    assert messages(Valence, turn) == [
        f"valence is 'positive_with_practical_anxiety'; the standard uses one of negative, positive, mixed: use 'mixed' and {advice}"
    ]


P = "/emotional_context/emotional_progression/interpretation"


def test_fix_maps_the_label_and_keeps_the_nuance_in_the_interpretation() -> None:
    fixed, messages_ = fix_turn(Valence, edit(valid_turn(2), {V: "negative_but_more_grounded"}))
    assert fixed == edit(valid_turn(2), {P: "engaged and still cautious; valence: negative_but_more_grounded"})
    assert messages_ == ["set valence to 'negative' and add 'negative_but_more_grounded' to emotional_progression.interpretation"]


def test_fix_is_unsafe() -> None:
    broken = edit(valid_turn(2), {V: "mixed_positive"})
    assert fix_turn(Valence, broken, unsafe=False) == (broken, [])


def test_without_a_progression_the_fix_says_the_label_is_dropped() -> None:
    fixed, [message] = fix_turn(Valence, edit(valid_turn(1), {V: "positive_with_questions"}))
    assert fixed == edit(valid_turn(1), {V: "positive"}) and "is dropped" in message


@pytest.mark.parametrize("label", ["bittersweet", "negatively_charged", "mixedup"])
def test_no_fix_when_the_text_means_no_label(label: str) -> None:
    broken = edit(valid_turn(2), {V: label})
    assert fix_turn(Valence, broken) == (broken, [])
