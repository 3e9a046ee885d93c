from __future__ import annotations

import pytest
from factory import valid_turn
from helpers import document, messages

from fplint.rules.unknown_layout import UnknownLayout

EXPECTED = 'expected {"training_pairs": [...]}, {"conversations": [...]}, or a single turn object'


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"training_pairs": []}', []),
        ('{"conversations": [{"training_pairs": []}]}', []),
        ('{"id": "x", "turn_number": 1, "target_response": "hi"}', []),
        ('{"pairs": []}', [f"the document is an object with pairs; {EXPECTED}"]),
        ('[{"id": "x"}]', [f'the document is a list; {EXPECTED} (wrap the list as {{"training_pairs": [...]}})']),
        ("[1, 2]", [f"the document is a list; {EXPECTED}"]),
        ('"text"', [f"the document is a string; {EXPECTED}"]),
        ("3", [f"the document is a number; {EXPECTED}"]),
        ("null", [f"the document is null; {EXPECTED}"]),
        ("{oops", []),  # unparseable: invalid-json's finding, not this one
    ],
)
def test_unknown_layout(text: str, expected: list[str]) -> None:
    assert messages(UnknownLayout, document(text)) == expected


def test_a_single_turn_file_is_one_turn() -> None:
    import json

    doc = document(json.dumps(valid_turn()))
    assert [t.pointer for t in doc.turns] == [""]
