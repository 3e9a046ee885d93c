from __future__ import annotations

import json

import pytest
from factory import valid_turn
from helpers import document

from fplint.read.document import Layout
from fplint.read.loader import kind_of


@pytest.mark.parametrize(
    "text, name, layout, pointers",
    [
        ('{"training_pairs": [{"id": "a"}, {"id": "b"}]}', "d.json", Layout.PAIRS, ["/training_pairs/0", "/training_pairs/1"]),
        ('{"conversations": [{"training_pairs": [{"id": "a"}]}, {"training_pairs": [{"id": "b"}]}]}', "d.json", Layout.CONVERSATIONS, ["/conversations/0/training_pairs/0", "/conversations/1/training_pairs/0"]),
        (json.dumps(valid_turn()), "d.json", Layout.TURN, [""]),
        ('{"_meta": {"v": 1}}\n{"id": "a"}\n\n{"id": "b"}\n', "d.jsonl", Layout.JSONL, ["/1", "/3"]),
        ("training_pairs:\n  - id: a\n  - id: b\n", "d.yaml", Layout.PAIRS, ["/training_pairs/0", "/training_pairs/1"]),
        ('{"training_pairs": "oops"}', "d.json", Layout.PAIRS, []),
    ],
)
def test_layouts_are_detected(text: str, name: str, layout: Layout, pointers: list[str]) -> None:
    doc = document(text, name)
    assert doc.layout is layout
    assert [t.pointer for t in doc.turns] == pointers


@pytest.mark.parametrize("name, kind", [("a.json", "json"), ("a.JSONL", "jsonl"), ("a.yml", "yaml"), ("a.yaml", "yaml"), ("a.txt", "json")])
def test_kind_comes_from_the_suffix(name: str, kind: str) -> None:
    assert kind_of(name) == kind


@pytest.mark.parametrize(
    "text, name, pointer, inner, expected",
    [
        ('{\n  "a": {\n    "b": [1, 2, {"c": "xyz"}]\n  }\n}', "d.json", "/a/b/2/c", None, (3, 23)),
        ('{\n  "a": {\n    "b": [1, 2, {"c": "xyz"}]\n  }\n}', "d.json", "/a/b/2/c", 2, (3, 26)),
        ('{\n  "a": {\n    "b": [1, 2, {"c": "xyz"}]\n  }\n}', "d.json", "/a/missing/deeper", None, (2, 8)),
        ('{"a": "\\u00e9\\n\\"tail"}', "d.json", "/a", 3, (1, 18)),
        ('{"x": 1}\n{"a": {"b": true}}\n', "d.jsonl", "/1/a/b", None, (2, 13)),
        ("a:\n  b:\n    - 1\n    - c: x\n", "d.yaml", "/a/b/1/c", None, (4, 10)),
        ("a:\n  b: 1\n", "d.yaml", "/a/nothing", None, (2, 3)),
    ],
)
def test_pointers_have_a_line_and_column(text: str, name: str, pointer: str, inner: int | None, expected: tuple[int, int]) -> None:
    assert document(text, name).locate(pointer, inner) == expected


def test_pointer_tokens_are_unescaped() -> None:
    assert document('{"a/b": {"c~d": 1}}').locate("/a~1b/c~0d") == (1, 17)


def test_a_repeated_key_locates_the_value_the_parser_kept() -> None:
    assert document('{"a": 1,\n"a": 2}').locate("/a") == (2, 6)


def test_yaml_dates_stay_strings() -> None:
    assert document("created: 2025-10-22\n", "d.yaml").value == {"created": "2025-10-22"}


def test_yaml_merge_keys_are_applied() -> None:
    assert document("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", "d.yaml").value["other"] == {"x": 1, "y": 2}
