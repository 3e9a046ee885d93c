"""The fast parse path (orjson) is taken only when it reads exactly what the careful one does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fplint.read import parse_json
from fplint.read.document import MAX_INT_DIGITS

#: keys as written in the file: a colon inside one, plain or as an escape, must not pass for a key
keys = st.sampled_from(["a", "b", 'q"', "c\\", "d:", " e", "ключ"]).map(json.dumps) | st.sampled_from(
    ['"d\\u003a"', '"\\u003A"', '"\\u0064"']
)
spaces = st.sampled_from(["", " ", "\n  ", "\t"])


@st.composite
def texts(draw: st.DrawFn, depth: int = 0) -> str:
    """JSON objects written by hand: repeated keys, odd spacing, escapes, nesting."""
    members = []
    for _ in range(draw(st.integers(0, 4))):
        key = draw(keys)
        if depth < 2 and draw(st.booleans()):
            value = draw(texts(depth + 1))
        else:
            value = draw(
                st.one_of(st.integers(), st.text(max_size=5), st.none()).map(json.dumps)
                | st.sampled_from(['"a\\u003ab"', '":"'])
            )
        members.append(f"{key}{draw(spaces)}:{draw(spaces)}{value}")
    return "{" + ",".join(members) + "}"


def careful(text: str) -> parse_json.Parsed:
    fast = parse_json._orjson_loads
    parse_json._orjson_loads = None
    try:
        return parse_json.parse(text)
    finally:
        parse_json._orjson_loads = fast


@settings(max_examples=max(300, settings().max_examples))
@given(texts())
def test_the_fast_path_reads_what_the_careful_one_reads(text: str) -> None:
    slow = careful(text)
    fast = parse_json._fast(text.encode())
    if slow.duplicates:
        assert fast is None, text
    if fast is not None:
        assert fast.value == slow.value and not slow.duplicates and slow.error is None


def test_the_fast_path_is_taken_for_ordinary_files() -> None:
    assert parse_json._orjson_loads is not None, "pip install -e '.[test]' installs orjson"
    assert (
        parse_json._fast(json.dumps({"training_pairs": [{"id": "x", "a": {"b": [1, 2]}}]}, indent=2).encode())
        is not None
    )


def test_a_repeated_key_is_never_lost_on_the_fast_path() -> None:
    for text in ('{"a": 1, "a": 2}', '{"a" : 1, "a": 2}', '{"x": {"a": 1, "a": 2}}', '[{"a": 1,\n"a": 2}]'):
        assert parse_json._fast(text.encode()) is None
        assert parse_json.parse(text).duplicates


@pytest.mark.parametrize(
    "text",
    [
        '{"a\\u003a": 1, "b": 1, "b": 2}',  # a colon written as an escape makes up for the lost key
        '{"a": "x\\u003Ay", "b": 1, "b": 2}',
        '{"b": 1, "b": 2, "c": "\\":"}',
    ],
)
def test_a_repeated_key_is_found_whatever_the_colons_inside_strings(text: str) -> None:
    assert parse_json._fast(text.encode()) is None
    assert [d.key for d in parse_json.parse(text).duplicates] == ["b"]


def test_keys_spaced_from_their_colons_take_the_fast_path() -> None:
    assert parse_json._fast(b'{"a" : 1,\n "b"\t: {"c" :2}}') is not None


def _value(text: str) -> Any:
    return parse_json.parse(text).value


def test_what_orjson_refuses_goes_the_careful_way() -> None:
    assert parse_json.parse('{"a": NaN}').non_finite == ["/a"]
    assert _value('{"a": "\\ud800"}') == {"a": "\ud800"}
    assert _value('{"n": 123456789012345678901234567890}') == {"n": 123456789012345678901234567890}


@pytest.mark.parametrize("number", [-(2**63) - 1, -(10**18) * 9 - 1, 2**64, 2**63, -(2**63), 2**64 - 1])
def test_an_integer_at_the_edge_of_64_bits_stays_an_integer(number: int) -> None:
    parsed = parse_json.parse(f'{{"n": {number}}}')
    assert parsed.value == {"n": number} and isinstance(parsed.value["n"], int)


@pytest.mark.parametrize("sign", ["", "-"])
def test_an_integer_past_the_digit_budget_is_a_finding_and_one_within_it_is_read(sign: str) -> None:
    """Past 1,000 digits an integer costs the schema validator the square of its length to
    print, so it is refused like one past Python's own limit; 1,000 digits still read."""
    within = sign + "9" * MAX_INT_DIGITS
    assert parse_json.parse(f'{{"n": {within}, "s": "{"1" * 5000}"}}').value == {
        "n": int(within),
        "s": "1" * 5000,
    }
    error = parse_json.parse(f'{{"n": {within}9}}').error
    assert error is not None and "1,001 digits is too large to read" in error.message
    assert (error.line, error.column) == (1, 7)
