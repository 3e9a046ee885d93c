from __future__ import annotations

import pytest
from helpers import document, run_rule

from fplint.rules.duplicate_key import DuplicateKey


def found(text: str, name: str = "data.json") -> list[tuple[int | None, int | None, str]]:
    return [(f.line, f.column, f.message) for f in run_rule(DuplicateKey, document(text, name))]


@pytest.mark.parametrize(
    "text, name, expected",
    [
        ('{"a": 1, "b": 2}', "data.json", []),
        ('{"a": 1,\n "a": 2}', "data.json", [(2, 2, "key 'a' appears again in the top-level object (first at line 1); parsers keep only the last value: merge the two or rename one")]),
        ('{"training_pairs": [{"x": {"k": 1, "k": 2, "k": 3}}]}', "data.json", [(1, 36, "key 'k' appears again in training_pairs[0].x (first at line 1); parsers keep only the last value: merge the two or rename one"), (1, 44, "key 'k' appears again in training_pairs[0].x (first at line 1); parsers keep only the last value: merge the two or rename one")]),
        ('{"id": "a"}\n{"id": "b", "x": {"id": 1}, "id": "c"}', "data.jsonl", [(2, 29, "key 'id' appears again in [1] (first at line 2); parsers keep only the last value: merge the two or rename one")]),
        ("a: 1\nb:\n  c: 1\n  c: 2\n", "data.yaml", [(4, 3, "key 'c' appears again in b (first at line 3); parsers keep only the last value: merge the two or rename one")]),
    ],
)
def test_duplicate_key(text: str, name: str, expected: list) -> None:
    assert found(text, name) == expected


def test_the_last_value_is_the_one_kept() -> None:
    assert document('{"a": 1, "a": 2}').value == {"a": 2}
