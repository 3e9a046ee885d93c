"""A run that reports on some files with its dataset as context: what it checks of the rest."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factory import edit, pairs_file, valid_turn

from fplint.check import run as run_module
from fplint.check.cache import Cache
from fplint.check.conversations import Conversations
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


@pytest.fixture
def members(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The files each conversation given to the conversation rules had turns in."""
    seen: dict[str, list[str]] = {}
    real = Engine.conversation

    def spy(self: Engine, rule: Any, index: int, conversation_id: str, found: Any) -> Any:
        seen[conversation_id] = [Path(s.ref.path).name for s in found]
        return real(self, rule, index, conversation_id, found)

    monkeypatch.setattr(Engine, "conversation", spy)
    return seen


def test_a_conversation_continued_in_a_context_file_is_checked_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, members: dict[str, list[str]]
) -> None:
    monkeypatch.chdir(tmp_path)
    dataset(tmp_path)
    later = valid_turn(3, "fp_marcus_001")
    (tmp_path / "data" / "later.json").write_text(pairs_file(later), encoding="utf-8")
    CliRunner().invoke(cli, ["check", "data/marcus.json", "--no-cache"], catch_exceptions=False)
    assert members == {"fp_marcus_001": ["later.json", "marcus.json", "marcus.json"]}


def test_a_warm_run_decodes_the_context_files_summaries_of_the_checked_conversations_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, members: dict[str, list[str]]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FPLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FPLINT_CACHE_KEY", "test")
    dataset(tmp_path)
    (tmp_path / "data" / "later.json").write_text(pairs_file(valid_turn(3, "fp_marcus_001")), encoding="utf-8")
    for path in (tmp_path / "data").iterdir():  # old enough to be stamped: the warm path
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    asked: list[Any] = []
    real = Cache.get_many
    monkeypatch.setattr(Cache, "get_many", lambda self, keys, wanted=None: asked.append(wanted) or real(self, keys, wanted))
    for _ in range(3):  # filled, stamped, then every context file from the store
        members.clear()
        CliRunner().invoke(cli, ["check", "data/marcus.json"], catch_exceptions=False)
        assert members == {"fp_marcus_001": ["later.json", "marcus.json", "marcus.json"]}
    assert {"fp_marcus_001"} in asked


def test_the_context_files_other_conversations_are_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    dataset(tmp_path)
    added: list[str | None] = []
    real = Conversations.add
    monkeypatch.setattr(
        Conversations,
        "add",
        lambda self, found: real(self, [added.append(s.conversation_id) or s for s in found]),
    )
    CliRunner().invoke(cli, ["check", "data/marcus.json", "--no-cache"], catch_exceptions=False)
    assert added == ["fp_marcus_001", "fp_marcus_001"]


def test_checking_the_files_first_finds_what_reading_in_order_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    dataset(tmp_path)
    (tmp_path / "data" / "later.json").write_text(
        pairs_file(valid_turn(4, "fp_marcus_001")), encoding="utf-8"
    )
    command = ["check", "data/marcus.json", "--no-cache", "--output-format", "json"]
    first = CliRunner().invoke(cli, command, catch_exceptions=False).stdout
    monkeypatch.setattr(run_module, "CHECKED_FIRST", 0)  # every file read in order, every summary kept
    assert CliRunner().invoke(cli, command, catch_exceptions=False).stdout == first
    assert json.loads(first)["diagnostics"]
