"""The dataset's reading order is the same however a checked file is named (relative or absolute)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factory import pairs_file, valid_turn

from fplint.cli import cli


@pytest.mark.parametrize("absolute", [False, True])
def test_a_duplicate_is_reported_in_the_later_file_whatever_the_path_form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, absolute: bool) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".fplint.yaml").write_text("dataset: ['data/**/*.json']\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    turn = valid_turn(1, "fp_david_970")
    (tmp_path / "data" / "a.json").write_text(pairs_file(turn), encoding="utf-8")
    (tmp_path / "data" / "b.json").write_text(pairs_file(turn), encoding="utf-8")
    target = str(tmp_path / "data" / "b.json") if absolute else "data/b.json"
    result = CliRunner().invoke(cli, ["check", target, "--output-format", "json", "--no-cache", "--select", "duplicate-turn"])
    [finding] = json.loads(result.stdout)["diagnostics"]
    assert Path(finding["path"]).name == "b.json"
    assert "keep the copy in data/a.json at /training_pairs/0 (the first)" in finding["message"]
