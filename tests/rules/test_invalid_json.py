from __future__ import annotations

import pytest
from helpers import document, fix_file, run_rule

from fplint.rules.invalid_json import InvalidJson


def found(text: str | bytes, name: str = "data.json") -> list[tuple[int | None, int | None, str]]:
    return [(f.line, f.column, f.message) for f in run_rule(InvalidJson, document(text, name))]


@pytest.mark.parametrize(
    "text, line, column, words",
    [
        ('{\n  "a": 1,\n}', 3, 1, "trailing comma"),
        ('{\n  "a": 1\n  "b": 2\n}', 3, 3, "missing comma"),
        ('{\n  "a": "say "hi""\n}', 2, 14, "unescaped quote"),
        ('{"training_pairs": [\n  {"id": "x"', 2, 13, "truncated"),
        ('{"a": 1}\n{"b": 2}', 2, 1, "second JSON value"),
        ("```json\n{}\n```", 1, 1, "code fence"),
        ('{"a": "line\nbreak"}', 1, 12, "raw line break"),
        ('{\n  // a note\n  "a": 1\n}', 2, 3, "no comments"),
        ("", 1, 1, "empty"),
        ("  \n\t\n", 1, 1, "empty"),
        ('{"a": NaN}', 1, 7, "NaN"),
        ('{"a": [1, -Infinity]}', 1, 11, "NaN and Infinity"),
        ('{"n": ' + "9" * 5000 + "}", 1, 7, "5,000 digits"),
        ('{"a": {"b": "lone \\ud800 surrogate"}}', 1, 13, "this string holds a lone UTF-16 surrogate"),
        ('{"a": {"\\udfff": 1}}', 1, 18, "the key of this value holds a lone UTF-16 surrogate"),
        ("[" * 100_000, 1, 501, "too deep"),
        ('{\n  "tone": warm_and_plain,\n  "b": 1\n}', 2, 11, 'put it in quotes, "warm_and_plain"'),
        ('{"a": [1, two]}', 1, 11, 'put it in quotes, "two"'),
    ],
)
def test_reports_the_parsers_line_and_column(text: str, line: int, column: int, words: str) -> None:
    [(got_line, got_column, message)] = found(text)
    assert (got_line, got_column) == (line, column)
    assert words in message


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\xef\xbb\xbf{}", "byte-order mark"),
        (b'{"a": "caf\xe9"}', "not valid UTF-8"),
        (b"\xff\xfe{\x00}\x00", "UTF-16"),
        (b"\x00\x01\x02binary", "binary"),
    ],
)
def test_reports_encoding_problems(data: bytes, words: str) -> None:
    [(_, _, message)] = found(data)
    assert words in message


def test_a_bom_does_not_hide_the_rest_of_the_file() -> None:
    doc = document(b'\xef\xbb\xbf{"training_pairs": []}')
    assert doc.value == {"training_pairs": []}


def test_jsonl_reports_each_broken_line_at_its_line() -> None:
    text = '{"id": "a"}\n{"id": "b",}\n\n{"id": "c"\n{"id": "d"}\n'
    assert [(line, column) for line, column, _ in found(text, "data.jsonl")] == [(2, 12), (4, 11)]


def test_jsonl_good_lines_are_still_turns() -> None:
    doc = document('{"id": "a", "turn_number": 1, "target_response": "x"}\n{oops\n{"id": "b", "turn_number": 2, "target_response": "y"}\n', "data.jsonl")
    assert [t.pointer for t in doc.turns] == ["/0", "/2"]


@pytest.mark.parametrize(
    "text, words",
    [
        ("a:\n\tb: 1\n", "invalid YAML"),
        ("a: !!python/object/apply:os.system [echo hi]\n", "not allowed"),
        ("a: &a [*a, *a]\n", "refers to itself"),
        ("--- 1\n--- 2\n", "invalid YAML"),
    ],
)
def test_yaml_problems(text: str, words: str) -> None:
    [(_, _, message)] = found(text, "data.yaml")
    assert words in message


def test_yaml_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    [(_, _, message)] = found("\n".join(lines) + "\n", "data.yaml")
    assert "alias bomb" in message


def test_valid_json_has_no_finding() -> None:
    assert found('{"training_pairs": []}') == []


@pytest.mark.parametrize(
    "text",
    [
        '{"a": "a pair is one character: \\ud83d\\ude00"}',
        '{"a": "an escaped backslash, then ud800: \\\\ud800"}',
        '{"a": "written as itself: \U0001f600"}',
    ],
)
def test_surrogate_pairs_and_look_alikes_are_not_lone_surrogates(text: str) -> None:
    assert found(text) == []


def test_jsonl_reports_a_lone_surrogate_at_its_line() -> None:
    assert [(line, column) for line, column, _ in found('{"a": 1}\n{"b": "x\\udc00"}\n', "data.jsonl")] == [(2, 7)]


@pytest.mark.parametrize(
    "text, name, fixed",
    [
        ('{\n  "a": [1, 2,],\n  "b": {"c": 1,},\n}', "data.json", '{\n  "a": [1, 2],\n  "b": {"c": 1}\n}'),
        ('{"a": "x,]", "b": [1 ,\n ]}', "data.json", '{"a": "x,]", "b": [1 \n ]}'),
        ('{"feelings": ["calm", hopeful, "tired", worn out]}', "data.json", '{"feelings": ["calm", "hopeful", "tired", "worn out"]}'),
        ('{"é": ["ü", ö]}', "data.json", '{"é": ["ü", "ö"]}'),
        ('{"a": 1}\n{"b": [c, "d"]}\n{"e": 1,}\n', "data.jsonl", '{"a": 1}\n{"b": ["c", "d"]}\n{"e": 1}\n'),
    ],
)
def test_fix_removes_trailing_commas_and_quotes_bare_words(text: str, name: str, fixed: str) -> None:
    after, fixes = fix_file(InvalidJson, text, name)
    assert after.decode() == fixed and fixes and all(f.applicability == "unsafe" for f in fixes)


@pytest.mark.parametrize(
    "text",
    [
        '{\n  "a": 1\n  "b": 2\n}',  # a missing comma: where it goes is not certain
        '{"a": [yes, 2]}',  # not a list of strings
        '{"b" 3, "a": [1, 2,]}',  # the parser stops at the missing colon, before the comma
        '{"a": ["x", y\\z]}',
    ],
)
def test_no_fix_where_the_repair_is_not_certain(text: str) -> None:
    assert fix_file(InvalidJson, text)[1] == []


def test_a_byte_order_mark_is_removed_by_a_safe_fix() -> None:
    after, [fix] = fix_file(InvalidJson, b"\xef\xbb\xbf" + '{"a": "é"}'.encode(), unsafe=False)
    assert after == '{"a": "é"}'.encode() and fix.applicability == "safe"
