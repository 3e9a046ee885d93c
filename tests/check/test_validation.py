"""The compiled validator (jsonschema-rs) and the pure-Python one give the same findings."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ROOT
from factory import DELETE, edit, valid_turn
from hypothesis import given, settings
from strategies import json_values

from fplint.check import schema, validation
from fplint.read.loader import load


def both(instance: Any, uri: str = schema.TURN) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(findings of the Python validator, findings of the compiled one)."""
    python = sorted({m for v in validation._python_violations(instance, uri) for m in validation._word(v, schema.where(v.pointer))})
    found = validation._rust_found(uri, instance)
    rust = sorted({m for v in found for m in validation._word(v, schema.where(v.pointer))})
    return python, rust


def test_the_compiled_validator_is_installed_for_the_test_suite() -> None:
    assert validation.backend() == "rust", "pip install -e '.[test]' installs jsonschema-rs"


E = "/emotional_context/detected_emotions"
MUTATIONS = [
    {},
    {"/turn_number": 1, "/conversation_metadata/client_background": DELETE},
    {"/target_reponse": "x"},
    {E + "/primary_confidence": 1.4, E + "/intensity": -1},
    {E + "/secondary_confidence": DELETE},
    {"/turn_number": "1", "/conversation_history": [{"turn": 0, "role": "client"}]},
    {"/emotional_context": [], "/response_strategy/tactical_choices/x": "yes"},
    {"/training_metadata/quality_criteria/extra": 9, "/training_metadata/quality_score": 0.5},
    {"/response_breakdown/sentences/0": None, "/expected_user_response_patterns": {"positive_indicators": [1]}},
]


@pytest.mark.parametrize("changes", MUTATIONS)
def test_same_findings_on_valid_and_invalid_turns(changes: dict) -> None:
    python, rust = both(edit(valid_turn(2), changes))
    assert python == rust
    assert bool(python) == bool(changes)


def test_nan_and_huge_integers_agree() -> None:
    # NaN is invalid-json's finding; an integer beyond 64 bits is still an integer
    turn = edit(valid_turn(2), {E + "/primary_confidence": float("nan"), "/turn_number": 10**40})
    assert validation.violations(turn, schema.TURN) == []


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_a_non_finite_number_where_a_string_belongs_is_worded_as_python_words_it(value: float) -> None:
    # Rust holds Infinity as null: the Python validator takes such a value
    turn = edit(valid_turn(2), {"/target_response": value})
    assert validation.violations(turn, schema.TURN) == [
        ("/target_response", "target_response should be a string, found a number")
    ]


def test_a_non_finite_turn_is_not_an_object() -> None:
    assert validation.violations(float("inf"), schema.TURN) == [("", "the turn should be an object, found a number")]


def test_same_findings_on_the_examples() -> None:
    for path in sorted((ROOT / "examples").rglob("*.json*")):
        document = load(path)
        for turn in document.turns:
            python, rust = both(turn.value)
            assert python == rust, path
        if document.layout and document.layout.value == "pairs":
            python, rust = both(document.value, schema.PAIRS_ENVELOPE)
            assert python == rust, path


@settings(max_examples=100)
@given(json_values)
def test_same_findings_on_any_value(value: Any) -> None:
    try:
        python, rust = both(value)
    except (UnicodeEncodeError, ValueError):
        return  # the compiled validator cannot hold this value; fplint falls back to Python for it
    assert python == rust


def test_a_value_rust_cannot_hold_falls_back_to_python() -> None:
    turn = edit(valid_turn(), {"/target_response": "lone \ud800", "/turn_number": "1"})
    assert validation.violations(turn, schema.TURN) == [("/turn_number", "turn_number should be an integer, found a string")]


@pytest.mark.parametrize("key", ["²", "٣", "１"])
def test_a_key_of_non_ascii_digits_is_a_finding_not_a_crash(key: str) -> None:
    turn = edit(valid_turn(1), {f"{E}/{key}": [1], f"{E}/primary_confidence": "high"})
    found = validation.violations(turn, schema.TURN)
    assert (f"{E}/{key}", f"unexpected key '{key}' in emotional_context.detected_emotions; expected only " + ", ".join(
        ["primary", "primary_confidence", "secondary", "secondary_confidence", "tertiary", "tertiary_confidence",
         "quaternary", "quaternary_confidence", "intensity", "valence"])) in found


def test_the_turn_schemas_root_keys_are_checked_without_the_compiled_validator() -> None:
    # a root violation from jsonschema-rs rebuilds the whole turn in Python (0.1 ms each)
    assert validation._rust(schema.TURN)[2] is not None
    turn = edit(valid_turn(2), {"/target_reponse": "x", "/target_response": DELETE, "/extra": 1})
    assert validation.violations(turn, schema.TURN) == [
        ("", "the turn is missing the required key 'target_response'"),
        ("/extra", "unexpected key 'extra' in the turn; expected only " + ", ".join(valid_turn(2))),
        ("/target_reponse", "unexpected key 'target_reponse' in the turn (did you mean 'target_response'?)"),
    ]
