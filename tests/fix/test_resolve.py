"""From a replacement at a pointer to byte edits written in the file's own style."""

from __future__ import annotations

import codecs
import json
from typing import Any

import pytest
from helpers import document

from fplint.fix.apply import apply
from fplint.fix.edit import Fix, Replace, Source
from fplint.fix.resolve import resolve


def replaced(text: str | bytes, name: str, pointer: str, value: Any, base: str = "", fetch: Any = None) -> bytes | None:
    """The file's bytes after setting ``pointer`` to ``value``; ``None`` when there is no fix."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    fix = resolve(Fix.safe("m", Replace(pointer, value)), document(data, name), base, fetch)
    return None if fix is None else apply(data, [fix]).data


def test_a_scalar_is_replaced_and_nothing_else_moves() -> None:
    text = '{\n    "a":   1 ,\n  "b" : "x",\t"c": [1,2]}\n'
    assert replaced(text, "d.json", "/b", "yé") == '{\n    "a":   1 ,\n  "b" : "yé",\t"c": [1,2]}\n'.encode()


def test_byte_offsets_count_the_characters_before_the_value_in_utf8() -> None:
    text = '{"note": "日本語 — ✓", "n": 3}'
    assert replaced(text, "d.json", "/n", 4) == '{"note": "日本語 — ✓", "n": 4}'.encode()


def test_a_byte_order_mark_is_counted() -> None:
    data = codecs.BOM_UTF8 + b'{"n": 3}'
    assert replaced(data, "d.json", "/n", 4) == codecs.BOM_UTF8 + b'{"n": 4}'


def test_a_file_written_with_ascii_escapes_keeps_them() -> None:
    text = '{"a": "caf\\u00e9", "b": "x"}'
    assert replaced(text, "d.json", "/b", "né") == b'{"a": "caf\\u00e9", "b": "n\\u00e9"}'


def test_the_last_of_a_repeated_key_is_the_one_replaced() -> None:
    assert replaced('{"a": 1, "a": 2}', "d.json", "/a", 3) == b'{"a": 1, "a": 3}'


@pytest.mark.parametrize("pointer", ["/missing", "/a/0", "/list/5", "/list/x"])
def test_a_pointer_that_leads_nowhere_gives_no_fix(pointer: str) -> None:
    assert replaced('{"a": 1, "list": [1, 2]}', "d.json", pointer, 0) is None


def test_a_document_without_text_gives_no_fix() -> None:
    from fplint.read.loader import load_value

    assert resolve(Fix.safe("m", Replace("/a", 1)), load_value({"a": 2}), "") is None


def test_a_list_is_written_with_the_files_indentation_and_line_endings() -> None:
    text = '{\r\n    "x": {\r\n        "h": []\r\n    }\r\n}\r\n'
    out = replaced(text, "d.json", "/x/h", [{"k": 1}])
    assert out == b'{\r\n    "x": {\r\n        "h": [\r\n            {\r\n                "k": 1\r\n            }\r\n        ]\r\n    }\r\n}\r\n'
    assert json.loads(out) == {"x": {"h": [{"k": 1}]}}


def test_items_written_one_a_line_stay_one_a_line() -> None:
    text = '{\n  "h": [\n    {"turn": 1, "content": "a"},\n    {"turn": 2}\n  ]\n}'
    out = replaced(text, "d.json", "/h", [{"turn": 1, "content": "b"}, {"turn": 2, "content": "c"}])
    assert out == b'{\n  "h": [\n    {"turn": 1, "content": "b"},\n    {"turn": 2, "content": "c"}\n  ]\n}'


def test_a_jsonl_line_stays_one_line_with_its_separators() -> None:
    text = '{"_meta":{}}\n{"id":"a","h":[]}\n{"id":"b","h":[]}\n'
    out = replaced(text, "d.jsonl", "/2/h", [{"role": "user", "content": "hi"}])
    assert out == b'{"_meta":{}}\n{"id":"a","h":[]}\n{"id":"b","h":[{"role":"user","content":"hi"}]}\n'


def test_a_pointer_relative_to_the_turn_is_placed_under_it() -> None:
    text = '{"training_pairs": [{"n": 1}, {"n": 2}]}'
    assert replaced(text, "d.json", "/n", 5, base="/training_pairs/1") == b'{"training_pairs": [{"n": 1}, {"n": 5}]}'


def test_a_source_copies_a_value_from_another_document() -> None:
    other = document('{"training_pairs": [{"said": "hello \\"you\\""}]}', "other.json")
    out = replaced('{"h": null}', "d.json", "/h", Source("other.json", "/training_pairs/0/said"), fetch=lambda path: other)
    assert json.loads(out or b"") == {"h": 'hello "you"'}


def test_a_source_that_cannot_be_read_gives_no_fix() -> None:
    other = document('{"a": 1}', "other.json")
    assert replaced('{"h": null}', "d.json", "/h", Source("other.json", "/b"), fetch=lambda path: other) is None


@pytest.mark.parametrize(
    "text, value, expected",
    [
        ("a:\n  valence: mixed_up  # note\nb: 1\n", "mixed", "a:\n  valence: mixed  # note\nb: 1\n"),
        ("a:\n  valence: 'mixed up'\n", "mixed", 'a:\n  valence: "mixed"\n'),
        ("a: {valence: x, n: 1}\n", "yes", 'a: {valence: "yes", n: 1}\n'),
        ("a:\n  valence: x\n", 'say "hi"\n', 'a:\n  valence: "say \\"hi\\"\\n"\n'),
    ],
)
def test_yaml_scalars_are_replaced_in_the_source(text: str, value: str, expected: str) -> None:
    assert replaced(text, "d.yaml", "/a/valence", value) == expected.encode()


def test_a_yaml_block_list_is_written_as_a_block_list() -> None:
    text = "t:\n  h:\n    - role: user\n      content: old\n  # kept\n  n: 2\n"
    out = replaced(text, "d.yaml", "/t/h", [{"role": "user", "content": "a: b"}, {"role": "assistant", "content": "ok"}])
    assert out == b't:\n  h:\n    - role: user\n      content: "a: b"\n    - role: assistant\n      content: ok\n  # kept\n  n: 2\n'


def test_a_yaml_value_shared_through_an_alias_is_not_edited() -> None:
    text = "a: &x\n  v: 1\nb: *x\n"
    assert replaced(text, "d.yaml", "/b/v", 2) is None
    assert replaced(text, "d.yaml", "/a/v", 2) is None
