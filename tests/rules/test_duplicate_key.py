from __future__ import annotations

import pytest
from helpers import document, fix_file, run_rule

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


@pytest.mark.parametrize(
    "text, name, fixed",
    [
        ('{\n  "a": 1,\n  "b": 2,\n  "a": 3\n}\n', "data.json", '{\n  "b": 2,\n  "a": 3\n}\n'),
        ('{"k": [1, {"x": "é"}], "k": 2, "k": 3}', "data.json", '{"k": 3}'),
        ('{"a": {"k": "ü", "m": 0, "k": 1}}', "data.json", '{"a": {"m": 0, "k": 1}}'),
        ('{"id": "a"}\n{"id": "b", "x": {"id": 1}, "id": "c"}\n', "data.jsonl", '{"id": "a"}\n{"x": {"id": 1}, "id": "c"}\n'),
    ],
)
def test_fix_keeps_the_last_value_as_parsers_do(text: str, name: str, fixed: str) -> None:
    after, fixes = fix_file(DuplicateKey, text, name)
    assert after.decode() == fixed and all(f.applicability == "unsafe" for f in fixes)
    assert document(after, name).value == document(text, name).value


def test_fix_says_what_it_drops() -> None:
    _, [fix] = fix_file(DuplicateKey, '{"primary": "shame", "primary": "anxiety"}')
    assert fix.message == "keep the last 'primary' and drop the earlier one (line 1): “\"shame\"”"


def test_no_fix_for_yaml() -> None:
    assert fix_file(DuplicateKey, "a: 1\na: 2\n", "data.yaml")[1] == []
