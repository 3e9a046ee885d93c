"""The public turn API as a user calls it: ``fplint.load``, ``lint_paths(discover=True)``, the JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factory import pairs_file, valid_conversation, valid_turn

import fplint
from fplint.cli import cli


def where(turns: list[fplint.LoadedTurn]) -> list[tuple[str, str, int | None, str | None, int | None]]:
    return [(Path(t.path).name, t.pointer, t.line, t.conversation_id, t.turn_number) for t in turns]


def test_load_yields_every_turn_of_a_pairs_file_with_its_place(write) -> None:  # type: ignore[no-untyped-def]
    path = write("d.json", pairs_file(*valid_conversation(2)))
    turns = list(fplint.load([path]))
    assert all(isinstance(t, fplint.LoadedTurn) for t in turns)
    text = path.read_text(encoding="utf-8").splitlines()
    second = text.index('    {', 3) + 1  # the second turn's object opens on this line
    assert where(turns) == [("d.json", "/training_pairs/0", 3, "fp_marcus_901", 1), ("d.json", "/training_pairs/1", second, "fp_marcus_901", 2)]
    for turn in turns:
        assert text[turn.line - 1].strip() == "{"  # the line the turn's object opens on
        assert text[turn.end_line - 1].strip() in ("}", "},")  # and the one it closes on
    assert turns[0].value == valid_turn(1) and turns[1].id == "fp_marcus_901_turn2"


def test_load_reads_jsonl_yaml_and_single_turn_files_alike(write) -> None:  # type: ignore[no-untyped-def]
    meta = json.dumps({"_meta": {"version": "3.4"}})
    jsonl = write("a.jsonl", "\n".join([meta, *(json.dumps(t) for t in valid_conversation(2, "fp_david_901"))]) + "\n")
    yaml_text = "conversations:\n  - training_pairs:\n      - " + json.dumps(valid_turn(1, "fp_jennifer_901")) + "\n"
    yaml = write("b.yaml", yaml_text)
    single = write("c.json", json.dumps(valid_turn(1, "fp_marcus_902"), indent=1))
    turns = list(fplint.load([jsonl, yaml, single]))
    assert where(turns) == [
        ("a.jsonl", "/1", 2, "fp_david_901", 1),
        ("a.jsonl", "/2", 3, "fp_david_901", 2),
        ("b.yaml", "/conversations/0/training_pairs/0", 3, "fp_jennifer_901", 1),
        ("c.json", "", 1, "fp_marcus_902", 1),
    ]
    assert [t.layout for t in turns] == ["jsonl", "jsonl", "conversations", "turn"]
    assert [t.lines for t in turns[:2]] == [1, 1]
    assert turns[3].end_line == len(single.read_text(encoding="utf-8").splitlines())


def test_load_follows_a_conversation_split_across_files_in_reading_order(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second, third = valid_conversation(3)
    write("convo-10.json", pairs_file(valid_turn(1, "fp_marcus_910")))
    write("convo-9-part2.json", pairs_file(second, third))
    write("convo-9.json", pairs_file(first))
    turns = list(fplint.load([tmp_path]))
    assert [(Path(t.path).name, t.id) for t in turns] == [
        ("convo-9.json", "fp_marcus_901_turn1"),
        ("convo-9-part2.json", "fp_marcus_901_turn2"),
        ("convo-9-part2.json", "fp_marcus_901_turn3"),
        ("convo-10.json", "fp_marcus_910_turn1"),
    ]


def test_load_skips_a_file_it_cannot_parse_and_reads_the_others(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write("a.json", '{"training_pairs": [')
    write("b.json", pairs_file(valid_turn(1)))
    assert [Path(t.path).name for t in fplint.load([tmp_path])] == ["b.json"]


def test_load_keeps_the_good_lines_of_a_jsonl_file_with_a_bad_one(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.jsonl", json.dumps(valid_turn(1)) + "\n{broken\n" + json.dumps(valid_turn(2)) + "\n")
    assert [(t.pointer, t.line) for t in fplint.load([path])] == [("/0", 1), ("/2", 3)]


def test_load_refuses_a_path_that_does_not_exist_before_reading_anything(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"missing\.json"):
        fplint.load([tmp_path / "missing.json"])


def test_load_honours_the_configs_exclude(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write("keep.json", pairs_file(valid_turn(1)))
    write("drafts/skip.json", pairs_file(valid_turn(1, "fp_marcus_902")))
    config = fplint.load_config(write(".fplint.yaml", "exclude: ['drafts/']\n"))
    assert [Path(t.path).name for t in fplint.load([tmp_path], config)] == ["keep.json"]


def test_a_loaded_turn_lints_as_a_turn(write) -> None:  # type: ignore[no-untyped-def]
    broken = valid_turn(1)
    broken["training_metadata"]["generate_variations_count"] = 40
    [turn] = fplint.load([write("d.json", pairs_file(broken))])
    assert [d.rule for d in fplint.lint_turn(turn.value)] == ["variations-count"]


def test_lint_paths_with_discover_uses_the_config_the_cli_finds(write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    data = write("d.json", pairs_file(valid_turn(1)))
    write(".fplint.yaml", "rules:\n  indicator-count: {min: 5}\n")
    monkeypatch.chdir(tmp_path)
    assert fplint.lint_paths([data]).ok  # the default ruleset: no config looked up
    found = fplint.lint_paths([data], discover=True)
    assert [d.rule for d in found.diagnostics] == ["indicator-count"]
    cli_output = CliRunner().invoke(cli, ["check", "--output-format", "json", str(data)]).output
    assert [d["rule"] for d in json.loads(cli_output)["diagnostics"]] == ["indicator-count"]


def test_lint_paths_with_discover_applies_the_configs_baseline(write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    broken = valid_turn(1)
    broken["training_metadata"]["generate_variations_count"] = 40
    data = write("d.json", pairs_file(broken))
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["baseline", "-o", "known.json", "d.json"]).exit_code == 0
    write(".fplint.yaml", "baseline: known.json\n")
    assert [d.rule for d in fplint.lint_paths([data]).diagnostics] == ["variations-count"]
    report = fplint.lint_paths(["d.json"], discover=True)
    assert (report.ok, report.baselined, list(report.diagnostics)) == (True, 1, [])


def test_json_output_carries_each_diagnostics_scope_and_turn_pointer(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = valid_conversation(2)
    second["turn_number"] = 3
    second["id"] = "fp_marcus_901_turn3"
    second["training_metadata"]["conversation_turn"] = 3
    second["emotional_context"]["detected_emotions"]["secondary"] = ""
    path = write("d.json", pairs_file(first, second))
    output = CliRunner().invoke(cli, ["check", "--isolated", "--output-format", "json", str(path)]).output
    found = {(d["rule"], d["scope"], d["turn_pointer"]) for d in json.loads(output)["diagnostics"]}
    assert ("emotion-count", "turn", "/training_pairs/1") in found
    assert ("turn-sequence", "conversation", "/training_pairs/1") in found
