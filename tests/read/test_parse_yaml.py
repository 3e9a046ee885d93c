"""YAML within budgets: values composed, aliases expanded, integer digits, text length; keys
said as written; nothing a YAML file holds raises or warns."""

from __future__ import annotations

import math
import time
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fplint.read import parse_yaml


def parsed(text: str) -> parse_yaml.Parsed:
    return parse_yaml.parse(text)[0]


def error(text: str) -> str:
    result = parsed(text)
    assert result.error is not None, result.value
    return result.error.message


def alias_bomb(levels: int = 12) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_called_one_and_stopped_at_once() -> None:
    started = time.perf_counter()
    message = error(alias_bomb())
    assert "aliases (*name) expand this document to more than 1,000,000 values (an alias bomb?)" in message
    assert time.perf_counter() - started < 5


def test_many_values_without_aliases_are_not_called_an_alias_bomb() -> None:
    text = "training_pairs:\n" + "".join(f"  - {i}\n" for i in range(parse_yaml.MAX_NODES + 10))
    result = parsed(text)
    assert result.error is not None
    assert "alias" not in result.error.message
    assert f"holds more than {parse_yaml.MAX_NODES:,} values" in result.error.message
    assert result.error.line < parse_yaml.MAX_NODES + 2  # stopped at the budget, not at the end


def test_a_yaml_text_over_the_character_budget_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_yaml, "MAX_CHARACTERS", 1000)
    assert "the YAML text is 1,204 characters long; fplint parses YAML of up to 1,000" in error("a: " + "x" * 1200 + "\n")


@pytest.mark.parametrize(
    "text",
    [
        "turn_number: " + "9" * 5000 + "\n",
        "turn_number: " + "9" * 1001 + "\n",  # past what the schema validator prints cheaply
        "turn_number: -" + "9" * 4500 + "\n",
        "turn_number: 0x" + "f" * 3400 + "\n",  # Python reads it, but could not print it
        "turn_number: 0b" + "1" * 4500 + "\n",
        "%YAML 1.1\n---\nturn_number: 1" + ":59" * 2000 + "\n",  # sexagesimal, YAML 1.1
    ],
)
def test_an_integer_past_the_digit_budget_is_a_finding_in_any_base(text: str) -> None:
    assert "is too large to read" in error(text)


def test_an_integer_within_the_budget_is_read() -> None:
    assert parsed("n: " + "9" * 1000 + "\n").value == {"n": int("9" * 1000)}


@given(st.integers(min_value=-(10**50), max_value=10**50))
def test_integers_in_every_base_read_as_their_value(n: int) -> None:
    sign = "-" if n < 0 else ""
    for written in (str(n), f"{sign}0x{abs(n):x}", f"{sign}0o{abs(n):o}"):
        assert parsed(f"n: {written}\n").value == {"n": n}


@pytest.mark.parametrize("text", ["d: 2024-13-45\n", "d: 2024-02-30 10:00:00\n", "d: 2024-1-1\n"])
def test_a_timestamp_is_its_text_even_when_no_such_date_exists(text: str) -> None:
    assert parsed(text).value == {"d": text[3:].strip()}


@pytest.mark.parametrize(
    "text, keys, duplicate",
    [
        ("~: 1\n", ["null"], None),
        ("null: 1\nNULL: 2\n", ["null"], "NULL"),
        ("~: 1\n~: 2\n", ["null"], "~"),
        ("~: 1\nnull: 2\n", ["null"], "null"),
        ("? \n: 1\n", ["null"], None),
        ("true: 1\nTrue: 2\n", ["true"], "True"),
        ("1.5: 1\n", ["1.5"], None),
        ("7: 1\n0x7: 2\n", ["7"], "0x7"),
        (".inf: 1\n", ["Infinity"], None),
    ],
)
def test_non_string_keys_are_named_as_json_holds_them_and_repeats_as_written(
    text: str, keys: list[str], duplicate: str | None
) -> None:
    result = parsed(text)
    assert list(result.value) == keys
    assert [d.key for d in result.duplicates] == ([duplicate] if duplicate else [])
    assert "None" not in str(result.value)


@pytest.mark.parametrize("text", ["? [a, b]\n: 1\n", "? {a: 1}\n: 1\n"])
def test_a_list_or_mapping_as_a_key_is_a_finding(text: str) -> None:
    assert "JSON cannot hold as a key" in error(text)


def test_nan_and_infinity_are_marked_as_json_cannot_hold_them() -> None:
    result = parsed("a: .inf\nb: -.Inf\nc: .nan\nd: 1e99999\ne: 1.5\n")
    assert sorted(result.non_finite) == ["/a", "/b", "/c", "/d"]
    assert math.isnan(result.value["c"])


def test_a_reused_anchor_name_neither_warns_nor_fails() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert parsed("a: &x 1\nb: &x 2\nc: *x\n").value == {"a": 1, "b": 2, "c": 2}


@given(st.text(max_size=200))
def test_no_text_makes_the_parser_raise(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parse_yaml.parse(text)
