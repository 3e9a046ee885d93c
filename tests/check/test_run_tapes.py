"""What a run keeps of each file and turn (its path, each turn's place, the files' order in
the spool) goes to disk as it grows, and the output does not change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factory import edit, pairs_file, valid_turn

from fplint.api import lint_paths
from fplint.check import tape
from fplint.check.tape import Tape
from fplint.cli import cli


def dataset(tmp_path: Path) -> Path:
    """Six files: clean ones, one with a turn defect, two sharing a turn (a cross-file finding
    in a file that has no finding of its own)."""
    data = tmp_path / "data"
    data.mkdir()
    shared = valid_turn(1, "fp_david_971")
    for n in range(6):
        turn = valid_turn(1, f"fp_david_{900 + n}")
        if n == 2:
            turn = edit(turn, {"training_metadata": None})
        turns = [turn, shared] if n in (1, 4) else [turn]
        (data / f"f{n}.json").write_text(pairs_file(*turns), encoding="utf-8")
    return data


def check(data: Path, *options: str) -> str:
    result = CliRunner().invoke(cli, ["check", str(data), "--output-format", "json", "--no-cache", "--isolated", *options])
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.mark.parametrize("options", [(), ("--jobs", "2")])
def test_spilling_paths_and_places_to_disk_changes_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: tuple[str, ...]) -> None:
    data = dataset(tmp_path)
    held = check(data, *options)
    monkeypatch.setattr(tape, "CHUNK", 2)
    spilled = check(data, *options)
    assert spilled == held
    report = json.loads(spilled)
    assert {d["rule"] for d in report["diagnostics"]} >= {"duplicate-turn", "schema"}
    assert len(report["turns"]) == 8


def test_a_runs_paths_and_places_are_tapes_in_reading_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tape, "CHUNK", 2)
    data = dataset(tmp_path)
    report = lint_paths([data])
    assert isinstance(report.paths, Tape) and isinstance(report.places, Tape)
    assert [Path(p).name for p in report.paths] == [f"f{n}.json" for n in range(6)]
    assert [(Path(p.path).name, p.pointer) for p in report.places][:3] == [("f0.json", "/training_pairs/0"), ("f1.json", "/training_pairs/0"), ("f1.json", "/training_pairs/1")]
    assert report.files == 6 and len(report.places) == 8
