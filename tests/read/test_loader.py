from __future__ import annotations

import json

import pytest
from factory import valid_turn
from helpers import document
from hypothesis import given
from hypothesis import strategies as st

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


ENCODINGS = [
    ("utf-32", "UTF-32 (little-endian)"),
    ("utf-32-le", "UTF-32 (little-endian)"),
    ("utf-32-be", "UTF-32 (big-endian)"),
    ("utf-16", "UTF-16 (little-endian)"),
    ("utf-16-le", "UTF-16 (little-endian)"),
    ("utf-16-be", "UTF-16 (big-endian)"),
]


@pytest.mark.parametrize("codec, named", ENCODINGS)
def test_utf16_and_utf32_are_named_with_or_without_a_byte_order_mark(codec: str, named: str) -> None:
    text = json.dumps({"training_pairs": [valid_turn()]}, ensure_ascii=False) + " café ✓ 😀"
    [error] = document(text.encode(codec)).errors
    assert error.message.startswith(f"the file is {named} text, not UTF-8")


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=300))
def test_any_ascii_text_in_utf16_or_utf32_is_named_for_its_encoding(text: str) -> None:
    for codec, named in ENCODINGS:
        [error] = document(text.encode(codec)).errors
        assert named in error.message, (codec, error.message)


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary", bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_binary_data_is_not_taken_for_utf16(data: bytes) -> None:
    assert [e.message for e in document(data).errors] == ["this is a binary file, not JSON or YAML text"]
