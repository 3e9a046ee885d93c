"""A run that reports on some files with its dataset as context: what it checks of the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factory import edit, pairs_file, valid_turn

from fplint.check.engine import Engine
from fplint.cli import cli


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The conversations the run's conversation rules were given."""
    seen: list[str] = []
    real = Engine.conversation

    def spy(self: Engine, rule: Any, index: int, conversation_id: str, members: Any) -> Any:
        seen.append(conversation_id)
        return real(self, rule, index, conversation_id, members)

    monkeypatch.setattr(Engine, "conversation", spy)
    return seen


def dataset(root: Path) -> None:
    (root / ".fplint.yaml").write_text("dataset: ['data/*.json']\n", encoding="utf-8")
    (root / "data").mkdir()
    for name in ("marcus", "jennifer"):
        turns = [valid_turn(n, f"fp_{name}_001") for n in (1, 2)]
        turns[1] = edit(turns[1], {"/turn_number": 5})  # a gap: turn-sequence reports it
        (root / "data" / f"{name}.json").write_text(pairs_file(*turns), encoding="utf-8")


def test_only_the_conversations_of_the_files_checked_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checked: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    dataset(tmp_path)
    CliRunner().invoke(cli, ["check", "data/marcus.json", "--no-cache"], catch_exceptions=False)
    assert set(checked) == {"fp_marcus_001"}


def test_a_conversation_finding_in_the_file_checked_is_still_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    dataset(tmp_path)
    result = CliRunner().invoke(
        cli,
        ["check", "data/marcus.json", "--no-cache", "--output-format", "json", "--select", "turn-sequence"],
    )
    found = json.loads(result.stdout)["diagnostics"]
    assert [Path(d["path"]).name for d in found] == ["marcus.json"]
