from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages

from fplint.rules.variations_count import VariationsCount


@pytest.mark.parametrize(
    "count, options, expected",
    [
        (10, {}, []),
        (15, {}, []),
        (9, {}, ["generate_variations_count is 9; the standard asks for 10–15"]),
        (25, {}, ["generate_variations_count is 25; the standard asks for 10–15"]),
        (25, {"max": 30}, []),
        ("12", {}, []),
    ],
)
def test_variations_count(count: object, options: dict, expected: list[str]) -> None:
    assert messages(VariationsCount, edit(valid_turn(), {"/training_metadata/generate_variations_count": count}), **options) == expected
