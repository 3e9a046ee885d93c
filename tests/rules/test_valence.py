from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages

from fplint.rules.valence import Valence

V = "/emotional_context/detected_emotions/valence"


@pytest.mark.parametrize(
    "valence, options, expected",
    [
        ("negative", {}, []),
        ("mixed", {}, []),
        ("mixed_negative_but_improving", {}, ["valence is 'mixed_negative_but_improving'; the standard uses one of negative, positive, mixed: use 'mixed' and keep the nuance in the progression's interpretation"]),
        ("hopeful", {}, ["valence is 'hopeful'; the standard uses one of negative, positive, mixed: pick the closest label"]),
        ("hopeful", {"allowed": ["hopeful", "negative"]}, []),
        (0.4, {}, []),
    ],
)
def test_valence(valence: object, options: dict, expected: list[str]) -> None:
    assert messages(Valence, edit(valid_turn(), {V: valence}), **options) == expected
