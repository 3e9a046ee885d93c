from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from factory import edit, valid_conversation
from helpers import document, lint, messages

from fplint.config import ConfigError, load_config
from fplint.rules.format_version import FormatVersion
from fplint.standards import STANDARDS

V4 = {"version": "4.0.0", "format_spec": "brightrun-lora-v4"}
#: Each turn fails a v3.4 rule (variations-count), so a turn held to v3.4 shows.
TOO_MANY = {"/training_metadata/generate_variations_count": 30}


def turns(n: int = 3) -> list[dict[str, Any]]:
    return [edit(t, TOO_MANY) for t in valid_conversation(n)]


def jsonl(meta: dict[str, Any] | None, items: list[dict[str, Any]]) -> str:
    lines = ([json.dumps({"_meta": meta})] if meta is not None else []) + [json.dumps(t) for t in items]
    return "\n".join(lines) + "\n"


def pairs(items: list[dict[str, Any]], **extra: Any) -> str:
    return json.dumps({**extra, "training_pairs": items}, indent=2)


def found(tmp_path: Path, name: str, text: str) -> list[tuple[str, int | None]]:
    (tmp_path / name).write_text(text)
    return [(d.rule, d.line) for d in lint([tmp_path]).diagnostics]


def test_a_v4_jsonl_file_gives_one_finding_and_its_turns_are_not_held_to_v34(tmp_path: Path) -> None:
    assert found(tmp_path, "v4.jsonl", jsonl(V4, turns())) == [("format-version", 1)]


def test_a_v4_envelope_gives_one_finding(tmp_path: Path) -> None:
    assert found(tmp_path, "v4.json", pairs(turns(), **V4)) == [("format-version", 2)]


def test_the_finding_names_what_the_file_declares_and_what_fplint_checks() -> None:
    (message,) = messages(FormatVersion, document(jsonl(V4, turns()), "data.jsonl"))
    assert message == (
        "the file declares version '4.0.0' and format_spec 'brightrun-lora-v4' (in _meta), a format the "
        "configured standard v3.4 does not cover: its 3 turns were not checked (only its syntax, repeated "
        "keys and length were). Set `standard` to one that covers it (fplint knows v3.4), or convert the "
        "file to v3.4"
    )


def test_file_rules_still_apply_to_a_file_of_another_version(tmp_path: Path) -> None:
    text = pairs(turns(), **V4).replace('"turn_number": 2,', '"turn_number": 2, "turn_number": 2,', 1)
    assert sorted(rule for rule, _ in found(tmp_path, "v4.json", text)) == ["duplicate-key", "format-version"]


def test_a_broken_line_of_a_v4_file_is_still_invalid_json(tmp_path: Path) -> None:
    text = jsonl(V4, turns()).replace('"fp_marcus_901_turn2"', "fp_marcus_901_turn2", 1)
    assert found(tmp_path, "v4.jsonl", text) == [("format-version", 1), ("invalid-json", 3)]


def test_a_file_of_another_version_shares_no_turn_with_the_dataset(tmp_path: Path) -> None:
    made = valid_conversation(3)
    (tmp_path / "a.json").write_text(pairs(made))
    (tmp_path / "b.jsonl").write_text(jsonl(V4, made))  # the same turns again, in v4
    assert [d.rule for d in lint([tmp_path]).diagnostics] == ["format-version"]


@pytest.mark.parametrize(
    "text, name",
    [
        (pairs(turns()), "data.json"),  # nothing declared: the configured standard
        (pairs(turns(), dataset_metadata={"version": "1.0.0", "dataset_name": "x"}), "data.json"),  # the dataset's release
        (pairs(turns(), version="3.4"), "data.json"),
        (pairs(turns(), dataset_metadata={"format_version": "v3.4.2"}), "data.json"),
        (pairs(turns(), _meta={"version": 3.4, "format_spec": "brightrun-lora"}), "data.json"),  # a name without a number
        (jsonl({"version": "3"}, turns()), "data.jsonl"),
        (jsonl({"description": "no version"}, turns()), "data.jsonl"),
    ],
)
def test_a_file_of_the_standard_is_held_to_it(text: str, name: str, tmp_path: Path) -> None:
    assert {rule for rule, _ in found(tmp_path, name, text)} == {"variations-count"}


@pytest.mark.parametrize(
    "extra, declared",
    [
        ({"dataset_metadata": {"version": "4.0.0", "format_spec": "brightrun-lora-v4"}}, "version '4.0.0' and format_spec 'brightrun-lora-v4' (in dataset_metadata)"),
        ({"format_version": "3.5"}, "format_version '3.5' (in the envelope)"),
        ({"_meta": {"version": 4}}, "version '4' (in _meta)"),
    ],
)
def test_each_place_a_version_is_declared_is_read(extra: dict[str, Any], declared: str) -> None:
    (message,) = messages(FormatVersion, document(pairs(turns(), **extra)))
    assert message.startswith(f"the file declares {declared}, a format")


@pytest.mark.parametrize(
    "declared, covered",
    [("3.4", True), ("3.4.0", True), ("v3.4", True), ("3", True), ("brightrun-lora-v3.4", True), ("4.0.0", False), ("3.5", False), ("brightrun-lora-v4", False), ("1.0.0", False), ("brightrun-lora", None), ("", None)],
)
def test_what_v34_covers(declared: str, covered: bool | None) -> None:
    assert STANDARDS["v3.4"].covers(declared) is covered


@pytest.mark.parametrize("value", ["v3.4", "3.4", 3.4])
def test_the_standard_is_configured_by_name(value: Any, tmp_path: Path) -> None:
    path = tmp_path / ".fplint.yaml"
    path.write_text(f"standard: {json.dumps(value)}\n")
    assert load_config(path).standard == "v3.4"


@pytest.mark.parametrize("value, message", [('"v4"', "unknown standard 'v4' (known: v3.4)"), ("[v3.4]", "unknown standard ['v3.4'] (known: v3.4)"), ('"v3.5"', "unknown standard 'v3.5' (known: v3.4)")])
def test_an_unknown_standard_is_one_config_error_naming_the_key(value: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / ".fplint.yaml"
    path.write_text(f"standard: {value}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert raised.value.key == "standard"
    assert str(raised.value) == f"{path}: standard: {message}"


def test_every_standard_has_its_ruleset_and_its_schemas() -> None:
    from fplint.check import schema
    from fplint.resources import rulesets_dir

    for standard in STANDARDS.values():
        assert (rulesets_dir() / f"{standard.ruleset}.yaml").is_file()
        for name in ("turn.schema.json", "pairs-file.schema.json", "conversations-file.schema.json", "jsonl-meta.schema.json"):
            assert standard.schema(name) in schema.documents()
    assert STANDARDS["v3.4"].schema("turn.schema.json") == schema.TURN
