"""Message wording helpers: counts and numbers read as people write them."""

from __future__ import annotations

import pytest

from fplint.rule import count_range, numbered, plural, ranges


@pytest.mark.parametrize(
    "n, word, many, expected",
    [
        (1, "entry", "entries", "1 entry"),
        (2, "entry", "entries", "2 entries"),
        (0, "turn", None, "0 turns"),
        (1501, "line", None, "1,501 lines"),
    ],
)
def test_plural_agrees_with_the_count(n: int, word: str, many: str | None, expected: str) -> None:
    assert plural(n, word, many) == expected


@pytest.mark.parametrize(
    "numbers, expected",
    [
        ([1], "1"),
        ([1, 2], "1, 2"),
        ([1, 3, 4, 5, 6, 7, 11], "1, 3–7, 11"),
        ([7, 3, 5, 4, 3], "3–5, 7"),
        ([], ""),
    ],
)
def test_ranges_lists_runs_of_three_or_more_as_a_range(numbers: list[int], expected: str) -> None:
    assert ranges(numbers) == expected


@pytest.mark.parametrize(
    "numbers, expected", [([1], "turn 1"), ([1, 2, 3], "turns 1–3"), ([2, 5], "turns 2, 5")]
)
def test_numbered_is_singular_for_one_number(numbers: list[int], expected: str) -> None:
    assert numbered("turn", numbers) == expected


def test_count_range_collapses_equal_ends() -> None:
    assert (count_range(3, 3), count_range(3, 5)) == ("3", "3–5")
