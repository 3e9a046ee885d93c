"""Properties of --fix over generated data: defects injected into valid conversations are
fixed and stay fixed; fixing twice changes nothing more; nothing but the defects changes;
random input never crashes the fix loop or leaves a file worse than it was.

The long fuzz run: pytest tests/fix/test_fix_properties.py --hypothesis-profile=fuzz
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factory import turns_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import conversation, json_values

from fplint.check.engine import Engine
from fplint.config import load_config
from fplint.fix.apply import splice
from fplint.fix.edit import Edit
from fplint.fix.loop import fix_paths
from fplint.read.loader import load_bytes

CONFIG = load_config(discover=False)
FUZZ = settings().max_examples > 1000
slow = settings(
    max_examples=settings().max_examples if FUZZ else 10,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

Turns = list[dict[str, Any]]


def _total(turns: Turns, i: int) -> None:
    turns[i]["response_breakdown"]["total_sentences"] += 3


def _numbers(turns: Turns, i: int) -> None:
    for position, sentence in enumerate(turns[i]["response_breakdown"]["sentences"]):
        sentence["sentence_number"] = position + 2


def _id(turns: Turns, i: int) -> None:
    turns[i]["id"] = f"{turns[i]['conversation_id']}_turn{turns[i]['turn_number'] + 7}"


def _conversation_turn(turns: Turns, i: int) -> None:
    turns[i]["training_metadata"]["conversation_turn"] = turns[i]["turn_number"] + 3


def _history(turns: Turns, i: int) -> None:
    if turns[i]["conversation_history"]:
        entry = turns[i]["conversation_history"][-1]
        entry["content"] = entry["content"][:12] + " and so on"


def _history_roles(turns: Turns, i: int) -> None:
    for entry in turns[i]["conversation_history"]:
        entry.pop("role")


def _valence(turns: Turns, i: int) -> None:
    detected = turns[i]["emotional_context"]["detected_emotions"]
    detected["valence"] += "_but_steadier"


#: Each defect: how to make it, the rule that finds it, and whether the fix puts back exactly
#: what was there (so the fixed file is byte for byte the valid one).
DEFECTS: dict[str, tuple[Callable[[Turns, int], None], str, bool]] = {
    "total": (_total, "sentence-count", True),
    "numbers": (_numbers, "sentence-count", True),
    "id": (_id, "turn-identity", True),
    "conversation_turn": (_conversation_turn, "turn-identity", True),
    "history": (_history, "history-consistent", True),
    "history_roles": (_history_roles, "history-consistent", True),
    "valence": (_valence, "valence", False),
}
TEXT_DEFECTS = {"trailing_comma": "invalid-json", "duplicate_key": "duplicate-key"}


def write(turns: Turns, kind: str) -> str:
    return turns_file(turns, kind)


def broken_text(text: str, kind: str, defects: set[str]) -> str:
    """``text`` with the text-level defects: a trailing comma, a repeated key."""
    if kind != "json":
        return text
    if "duplicate_key" in defects:
        text = '{\n  "dataset_metadata": {"v": 0},\n  "dataset_metadata": {"v": 1},' + text[1:]
    if "trailing_comma" in defects:
        text = text[: text.rindex("]")] + "]," + text[text.rindex("]") + 1 :]
    return text


def fixed(text: str, kind: str, unsafe: bool = True, rounds: int = 1) -> tuple[list[str], list[str]]:
    """The file's text after each of ``rounds`` fix runs, and the rules still firing."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"convo.{kind}"
        path.write_text(text, encoding="utf-8")
        engine = Engine.from_config(CONFIG)
        texts, outcome = [], None
        for _ in range(rounds):
            outcome = fix_paths([str(path)], CONFIG, engine, unsafe=unsafe)
            texts.append(path.read_text(encoding="utf-8"))
        assert outcome is not None
        return texts, [d.rule for d in outcome.report.diagnostics]


@st.composite
def damaged(draw: st.DrawFn, kinds: tuple[str, ...] = ("json", "jsonl", "yaml"), exact: bool = False) -> tuple[str, str, str, set[str]]:
    """(the valid file's text, the damaged one's, the kind, the rules the defects call)."""
    turns = draw(conversation(max_turns=3))
    kind = draw(st.sampled_from(kinds))
    names = [n for n, (_, _, same) in DEFECTS.items() if same or not exact]
    chosen = draw(st.sets(st.sampled_from(names), min_size=1, max_size=4))
    broken = copy.deepcopy(turns)
    for name in sorted(chosen):
        make, _, _ = DEFECTS[name]
        make(broken, draw(st.integers(0, len(broken) - 1)))
    text_defects = draw(st.sets(st.sampled_from(sorted(TEXT_DEFECTS)))) if kind == "json" and not exact else set()
    if exact and kind == "json":
        text_defects = draw(st.sets(st.just("trailing_comma")))
    rules = {DEFECTS[n][1] for n in chosen} | {TEXT_DEFECTS[n] for n in text_defects}
    return write(turns, kind), broken_text(write(broken, kind), kind, text_defects), kind, rules


@slow
@given(damaged())
def test_fixing_leaves_none_of_the_injected_defects_and_fixing_again_changes_nothing(
    case: tuple[str, str, str, set[str]],
) -> None:
    _, text, kind, rules = case
    (once, twice), remaining = fixed(text, kind, rounds=2)
    assert not rules & set(remaining), (sorted(rules & set(remaining)), once)
    assert not load_bytes(once.encode(), f"convo.{kind}", kind).errors
    assert twice == once  # fix(fix(x)) == fix(x)


@slow
@given(damaged(kinds=("json", "jsonl"), exact=True))
def test_nothing_but_the_defects_changes(case: tuple[str, str, str, set[str]]) -> None:
    valid, text, kind, _ = case
    [after], _ = fixed(text, kind)
    assert after == valid


@settings(max_examples=settings().max_examples if FUZZ else 200)
@given(st.binary(max_size=300), st.lists(st.tuples(st.integers(0, 300), st.integers(0, 20), st.text(max_size=5)), max_size=6))
def test_bytes_outside_the_edits_stay_where_they_were(data: bytes, raw: list[tuple[int, int, str]]) -> None:
    edits, end = [], 0
    for start, length, content in sorted(raw):
        if start >= end and start + length <= len(data):
            edits.append(Edit(start, start + length, content))
            end = start + length
    out = splice(data, edits)
    at = shift = 0
    for edit in edits:
        assert out[at + shift : edit.start + shift] == data[at : edit.start]
        shift += len(edit.content.encode("utf-8", "surrogatepass")) - (edit.end - edit.start)
        at = edit.end
    assert out[at + shift :] == data[at:]


def _mutated(draw: st.DrawFn) -> str:
    value = draw(json_values)
    text = json.dumps({"training_pairs": [value], "k": [draw(st.text(max_size=8)), 1]}, indent=draw(st.sampled_from([None, 2])))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from([",", "]", "}", "word", '"', "", "\n", '"k": 1,'])) + text[at + draw(st.integers(0, 2)) :]
    return text


@settings(max_examples=settings().max_examples if FUZZ else 60, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["json", "jsonl", "yaml"]))
def test_random_input_never_crashes_fix_or_leaves_a_file_worse(data: st.DataObject, kind: str) -> None:
    text = data.draw(st.one_of(st.builds(lambda: None).flatmap(lambda _: st.composite(lambda d: _mutated(d))()), st.text(max_size=200)))
    before = load_bytes(text.encode("utf-8", "surrogatepass"), f"x.{kind}", kind)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x.{kind}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        fix_paths([str(path)], CONFIG, Engine.from_config(CONFIG), unsafe=True)
        after = load_bytes(path.read_bytes(), f"x.{kind}", kind)
    assert len(after.errors) <= len(before.errors)
    if not before.errors:
        assert not after.errors
