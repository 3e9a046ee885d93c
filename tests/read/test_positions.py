"""The position index: exact offsets of every value, read only as far as a pointer needs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fplint.read.loader import load_bytes
from fplint.read.pointer import join
from fplint.read.positions import JsonLocator, LineIndex, TextPositions, scan_value, scanstring

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", 'q"', "c\\", "ключ", ""]), inner, max_size=4)
    ),
    max_leaves=20,
)


def _reference(text: str) -> dict[str, int]:
    """Every pointer's offset, the slow way: each container read whole, every value decoded."""
    found: dict[str, int] = {}

    def skip(i: int) -> int:
        while text[i : i + 1] in (" ", "\n", "\t", "\r"):
            i += 1
        return i

    def walk(pointer: str, i: int) -> None:
        found[pointer] = i
        if text[i] == "{":
            i = skip(i + 1)
            while text[i] == '"':
                key, i = scanstring(text, i + 1)
                i = skip(skip(i) + 1)
                walk(join(pointer, key), i)
                _, i = scan_value(text, i)
                i = skip(i)
                i = skip(i + 1) if text[i] == "," else i
        elif text[i] == "[":
            i, index = skip(i + 1), 0
            while text[i] != "]":
                walk(join(pointer, index), i)
                _, i = scan_value(text, i)
                i = skip(i)
                i, index = (skip(i + 1) if text[i] == "," else i), index + 1

    walk("", skip(0))
    return found


def _pointers(value: Any, pointer: str = "") -> list[str]:
    if isinstance(value, dict):
        return [pointer, *(p for k, v in value.items() for p in _pointers(v, join(pointer, k)))]
    if isinstance(value, list):
        return [pointer, *(p for i, v in enumerate(value) for p in _pointers(v, join(pointer, i)))]
    return [pointer]


@settings(max_examples=max(200, settings().max_examples))
@given(values, st.sampled_from([None, 0, 2, "\t"]), st.booleans(), st.randoms(use_true_random=False))
def test_every_value_is_placed_where_the_slow_way_places_it(
    value: Any, indent: int | str | None, ascii_only: bool, order: Any
) -> None:
    text = " \n" + json.dumps(value, indent=indent, ensure_ascii=ascii_only) + "\n"
    expected = _reference(text)
    pointers = _pointers(value)
    order.shuffle(pointers)  # in any order: what one pointer read, the next one reuses
    locator = JsonLocator(text, unique=True)
    assert {p: locator.offset(p) for p in pointers} == {p: expected[p] for p in pointers}


def test_a_repeated_key_is_placed_at_its_last_occurrence_and_every_one_is_listed() -> None:
    text = '{"a": 1, "b": {"x": 0}, "a": [2, 3]}'
    locator = JsonLocator(text)
    assert locator.offset("/a/1") == text.index("3")
    assert locator.key_offsets("", "a") == [1, text.rindex('"a"')]


def test_a_pointer_reads_no_further_than_it_needs() -> None:
    """Members after the one asked for, and items after the index asked for, are not read:
    here they are not even JSON, and the file's first turn is placed all the same."""
    text = '{"turns": [{"id": "t1", "n": 1}, {"id": "t2"}, ]]] not json'
    locator = JsonLocator(text, unique=True)
    assert locator.offset("/turns/0/n") == text.index("1}")
    assert locator.offset("/turns/1/id") == text.index('"t2"')


def test_an_object_read_in_part_is_read_on_not_decoded_again_to_reach_the_next_item(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = '[{"big": {"x": [1, 2, 3]}, "b": 1, "c": {"d": 2}}, {"b": 3}]'
    scanned: list[int] = []

    def counting(source: str, at: int) -> tuple[Any, int]:
        scanned.append(at)
        return scan_value(source, at)

    monkeypatch.setattr("fplint.read.positions.scan_value", counting)
    locator = JsonLocator(text, unique=True)
    assert locator.offset("/0/b") == text.index('1, "c"')
    assert locator.offset("/1/b") == text.index("3}]")
    assert text.index("{", 1) not in scanned  # the first item as a whole
    assert text.index('{"x"') in scanned and text.index('{"d"') in scanned  # its members, once each
    assert len(scanned) == len(set(scanned))


def test_a_missing_member_or_item_gives_the_deepest_ancestor() -> None:
    text = '{"a": [10, {"b": 1}]}'
    locator = JsonLocator(text, unique=True)
    assert locator.offset("/a/5") == text.index("[")
    assert locator.offset("/a/1/c") == text.index('{"b"')
    assert locator.span("/a/1/c") is None
    assert locator.span("/a/1") == (text.index('{"b"'), len(text) - 2)


def test_a_loaded_file_places_findings_and_fixes_with_one_index() -> None:
    document = load_bytes(b'{"a": {"b": [1, 2]}, "a2": 3}', "f.json")
    assert isinstance(document.locate, TextPositions)
    assert document.locate("/a/b/1") == (1, 17)
    from fplint.fix.resolve import Text

    assert Text.of(document)._locator(0) is document.locate.json


def test_a_file_with_a_repeated_key_is_placed_at_the_last_occurrence() -> None:
    document = load_bytes(b'{"a": 1,\n "a": {"b": 2}}', "f.json")
    assert document.duplicates and document.locate("/a/b") == (2, 13)


@given(st.text(alphabet="ab\n\r", max_size=60), st.lists(st.integers(0, 60), max_size=80))
def test_a_line_index_places_offsets_asked_in_any_order_as_counting_does(text: str, asked: list[int]) -> None:
    lines = LineIndex(text)
    for offset in (min(offset, len(text)) for offset in asked):
        expected = (text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1)
        assert lines.position(offset) == expected


def test_a_line_index_asked_in_order_never_builds_the_full_index() -> None:
    text = "x\n" * 5_000
    lines = LineIndex(text)
    for offset in range(0, len(text), 7):
        lines.position(offset)
    assert lines._starts is None


def test_a_line_index_asked_backwards_builds_the_full_index_and_stays_exact() -> None:
    text = "xy\n" * 200
    lines = LineIndex(text)
    for offset in range(len(text) - 1, -1, -5):
        assert lines.position(offset) == (offset // 3 + 1, offset % 3 + 1)
    assert lines._starts is not None


def test_a_deep_object_read_in_part_is_stepped_over_without_exhausting_the_recursion_limit() -> None:
    depth = 700
    text = "[" + '{"a": ' * depth + "1" + "}" * depth + ', {"b": 2}]'
    locator = JsonLocator(text, unique=True)
    assert locator.offset("/0" + "/a" * depth) == text.index("1")
    assert locator.offset("/1/b") == text.index("2}")
