"""Properties: generated valid conversations pass; each targeted mutation yields exactly its
finding; arbitrary JSON and random bytes never crash the linter.

The regular run is kept short; a long fuzz run: pytest tests/test_properties.py --hypothesis-profile=fuzz
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from factory import valid_turn
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import conversation, json_values

from fplint.check.engine import Engine
from fplint.check.run import finish
from fplint.check.schema import TURN
from fplint.check.validation import is_valid
from fplint.config import load_config
from fplint.model import Turn
from fplint.read.loader import load_bytes, load_value
from fplint.read.pointer import join, split

CONFIG = load_config(discover=False)
ENGINE = Engine.from_config(CONFIG)
# Generating a whole conversation is costly: the regular run draws a dozen per test; the
# fuzz profile (``--hypothesis-profile=fuzz``) raises every count to thousands.
FUZZ = settings().max_examples > 1000
slow = settings(
    max_examples=settings().max_examples if FUZZ else 12,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def rules_fired(*files: list[dict[str, Any]]) -> set[str]:
    """Run every default rule over files of turns (as pairs files); the rules that fired."""
    results = [ENGINE.check_document(load_value({"training_pairs": turns}, f"file{i}.json")) for i, turns in enumerate(files)]
    diagnostics, _ = finish(results, ENGINE, CONFIG, {r.path: load_value({"training_pairs": f}, r.path) for r, f in zip(results, files, strict=True)})
    assert not [d for d in diagnostics if d.rule == "internal-error"], diagnostics
    return {d.rule for d in diagnostics}


@slow
@given(conversation())
def test_generated_valid_conversations_pass_the_schema_and_every_rule(turns: list[dict[str, Any]]) -> None:
    assert all(is_valid(t, TURN) for t in turns)
    assert rules_fired(turns) == set()


# -- targeted mutations: each yields exactly the finding it should -------------------------


def drop_a_sentence(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    breakdown = turns[-1]["response_breakdown"]
    assume(len(breakdown["sentences"]) >= 2)
    del breakdown["sentences"][data.draw(st.integers(0, len(breakdown["sentences"]) - 1))]
    for number, sentence in enumerate(breakdown["sentences"], 1):
        sentence["sentence_number"] = number
    breakdown["total_sentences"] = len(breakdown["sentences"])


def seventh_indicator(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    indicators = turns[-1]["emotional_context"]["emotional_indicators"]
    word = turns[-1]["current_user_input"].split()[0]
    for extra in range(7 - len(indicators)):
        indicators[f"extra_{extra}"] = [word]


def no_progression(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    assume(len(turns) >= 2)
    del turns[-1]["emotional_context"]["emotional_progression"]


def weak_confidence(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    emotions = turns[-1]["emotional_context"]["detected_emotions"]
    lowest = "tertiary" if "tertiary" in emotions else "secondary"
    emotions[f"{lowest}_confidence"] = 0.5


def wrong_total(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    turns[-1]["response_breakdown"]["total_sentences"] += data.draw(st.integers(1, 5))


def seven_skills(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    turns[-1]["training_metadata"]["demonstrates_skills"] = [f"skill_{i}" for i in range(7)]


def placeholder_text(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    turns[-1]["training_metadata"]["key_learning_objective"] = "TBD"


def free_text_valence(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    turns[-1]["emotional_context"]["detected_emotions"]["valence"] = "negative_but_improving"


def mismatched_turn_count(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    turns[-1]["training_metadata"]["conversation_turn"] += 1


def too_many_variations(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    turns[-1]["training_metadata"]["generate_variations_count"] = data.draw(st.integers(16, 100))


MUTATIONS: list[tuple[Callable[[list[dict[str, Any]], st.DataObject], None], str]] = [
    (drop_a_sentence, "sentence-coverage"),
    (seventh_indicator, "indicator-count"),
    (no_progression, "progression-required"),
    (weak_confidence, "emotion-confidence"),
    (wrong_total, "sentence-count"),
    (seven_skills, "skills-count"),
    (placeholder_text, "placeholder"),
    (free_text_valence, "valence"),
    (mismatched_turn_count, "turn-identity"),
    (too_many_variations, "variations-count"),
]


@pytest.mark.parametrize("mutate, rule", MUTATIONS, ids=[rule for _, rule in MUTATIONS])
@slow
@given(turns=conversation(), data=st.data())
def test_each_mutation_yields_exactly_its_finding(mutate: Callable[[list[dict[str, Any]], st.DataObject], None], rule: str, turns: list[dict[str, Any]], data: st.DataObject) -> None:
    mutate(turns, data)
    assert rules_fired(turns) == {rule}


@slow
@given(turns=conversation(max_turns=3))
def test_a_turn_copied_into_another_file_is_exactly_a_duplicate(turns: list[dict[str, Any]]) -> None:
    assert rules_fired(turns, [copy.deepcopy(turns[-1])]) == {"duplicate-turn"}


@slow
@given(turns=conversation(max_turns=4), data=st.data())
def test_a_missing_middle_turn_is_exactly_a_gap(turns: list[dict[str, Any]], data: st.DataObject) -> None:
    assume(len(turns) >= 3)
    gone = data.draw(st.integers(1, len(turns) - 2))
    assert rules_fired([t for i, t in enumerate(turns) if i != gone]) == {"turn-sequence"}


# -- nothing crashes ----------------------------------------------------------------------


@settings(max_examples=settings().max_examples if FUZZ else 100)
@given(json_values)
def test_any_json_value_as_a_document_never_crashes(value: Any) -> None:
    document = load_value(value)
    result = ENGINE.check_document(document)
    assert not [d for d in result.diagnostics if d.rule == "internal-error"]
    finish([result], ENGINE, CONFIG, {document.path: document})


@slow
@given(data=st.data())
def test_any_value_anywhere_in_a_turn_never_crashes(data: st.DataObject) -> None:
    turn = valid_turn(data.draw(st.integers(1, 3)))
    pointers = list(_pointers(turn))
    pointer = data.draw(st.sampled_from(pointers))
    *parents, last = split(pointer)
    target: Any = turn
    for token in parents:
        target = target[int(token)] if isinstance(target, list) else target[token]
    target[int(last) if isinstance(target, list) else last] = data.draw(json_values)
    diagnostics = ENGINE.check_turn(Turn(turn))
    assert not [d for d in diagnostics if d.rule == "internal-error"], diagnostics


def _pointers(value: Any, pointer: str = "") -> Any:
    if isinstance(value, dict):
        for key, child in value.items():
            yield join(pointer, key)
            yield from _pointers(child, join(pointer, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield join(pointer, index)
            yield from _pointers(child, join(pointer, index))


@settings(max_examples=settings().max_examples if FUZZ else 100)
@given(st.binary(max_size=2000), st.sampled_from(["json", "jsonl", "yaml"]))
def test_random_bytes_never_crash(data: bytes, kind: str) -> None:
    result = ENGINE.check_document(load_bytes(data, f"fuzz.{kind}", kind))
    assert not [d for d in result.diagnostics if d.rule == "internal-error"]


@slow
@given(data=st.data())
def test_a_damaged_dataset_file_reports_a_position_inside_the_file(data: st.DataObject) -> None:
    text = json.dumps({"training_pairs": [valid_turn(1)]}, indent=2)
    at = data.draw(st.integers(0, len(text) - 1))
    damaged = text[:at] + data.draw(st.sampled_from(["", ",", "}", '"', "]", "x", "\n"])) + text[at + data.draw(st.integers(1, 3)) :]
    document = load_bytes(damaged.encode(), "damaged.json")
    lines = damaged.count("\n") + 1
    for error in document.errors:
        assert 1 <= error.line <= lines and error.column >= 1
    result = ENGINE.check_document(document)
    assert not [d for d in result.diagnostics if d.rule == "internal-error"]
