"""JSONL read line by line: the same turns, values, problems and places as reading the whole
file at once, while only each line's place is kept."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Mapping

from factory import valid_turn
from helpers import document
from hypothesis import given
from hypothesis import strategies as st

from fplint.read.pointer import resolve

LINE = st.one_of(
    st.builds(lambda n: json.dumps({"id": f"t{n}", "turn_number": n, "text": "x" * (n % 7)}), st.integers(0, 50)),
    st.just('{"_meta": {"version": "1"}}'),
    st.just('{"a": 1, "a": 2}'),
    st.just('{"n": NaN}'),
    st.just("{broken"),
    st.just("   "),
    st.just(""),
    st.just("[1, 2]"),
    st.just('{"deep": [[[{"k": "v"}]]]}'),
)


def reference(text: str) -> tuple[list[tuple[str, object]], list[str]]:
    """What reading every line at once gives: (pointer, value) of each turn, and the errors' positions."""
    turns, errors = [], []
    parsed_lines = []
    for number, raw in enumerate(text.split("\n")):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            errors.append(f"{number + 1}")
            continue
        parsed_lines.append((number, value))
    for position, (number, value) in enumerate(parsed_lines):
        if position == 0 and isinstance(value, dict) and set(value) == {"_meta"}:
            continue
        turns.append((f"/{number}", value))
    return turns, errors


@given(st.lists(LINE, max_size=12), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_turns_and_values_are_those_of_reading_each_line_at_once(lines: list[str], newline: str, final: bool) -> None:
    text = newline.join(lines) + (newline if final else "")
    doc = document(text, "d.jsonl")
    expected_turns, _ = reference(text)
    got = [(t.pointer, t.value) for t in doc.turns]
    assert [p for p, _ in got] == [p for p, _ in expected_turns]
    for (_, value), (_, wanted) in zip(got, expected_turns, strict=True):
        assert json.dumps(value, sort_keys=True) == json.dumps(wanted, sort_keys=True)  # NaN != NaN
    assert [t.index for t in doc.turns] == list(range(len(doc.turns)))
    assert isinstance(doc.value, Mapping)
    assert list(doc.value) == [p[1:] for p, _ in got] or "_meta" in text


def test_each_turn_and_pointer_is_placed_on_its_line() -> None:
    text = "\n" + json.dumps(valid_turn(1)) + "\n\n   " + json.dumps(valid_turn(2)) + "\n"
    doc = document(text, "d.jsonl")
    assert [t.pointer for t in doc.turns] == ["/1", "/3"]
    assert doc.locate("/1") == (2, 1) and doc.locate("/3") == (4, 4)
    column = text.split("\n")[3].index('"turn_number"') + len('"turn_number": ') + 1
    assert doc.locate("/3/turn_number") == (4, column)
    assert doc.locate("/9/x") == (1, 1) and doc.locate("") == (1, 1)


def test_a_line_is_reached_through_the_document_value_as_a_pointer_follows_it() -> None:
    doc = document(json.dumps({"_meta": {}}) + "\n" + json.dumps(valid_turn(1)) + "\n", "d.jsonl")
    assert resolve(doc.value, "/1/turn_number") == 1
    assert [t.pointer for t in doc.turns] == ["/1"]


def test_turns_support_indexing_from_the_end_and_slices() -> None:
    doc = document("\n".join(json.dumps({"id": f"t{i}"}) for i in range(5)), "d.jsonl")
    assert doc.turns[-1].value == {"id": "t4"}
    assert [t.value["id"] for t in doc.turns[1:3]] == ["t1", "t2"]


def test_loading_keeps_each_lines_place_not_its_value() -> None:
    """A line's parsed value takes far more memory than its text (here, ten times): loading
    20,000 lines must keep about the text, not the values."""
    line = json.dumps({f"key{k}": [k, k + 1, {"n": k}] for k in range(40)})
    text = "\n".join([line] * 20_000) + "\n"
    tracemalloc.start()
    try:
        doc = document(text, "d.jsonl")
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(doc.turns) == 20_000
    assert held < 2 * len(text)
