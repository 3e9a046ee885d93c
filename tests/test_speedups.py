"""The fast paths give what the slow ones give: parallel workers, the result cache."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from factory import edit, pairs_file, valid_conversation

from fplint.check.cache import Cache, fingerprint
from fplint.check.engine import Engine
from fplint.check.run import lint_files
from fplint.check.workers import PARALLEL_FROM
from fplint.cli import cli
from fplint.config import load_config


def as_data(report) -> list[dict]:  # type: ignore[no-untyped-def]
    return [d.as_dict() for d in report.diagnostics]


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """Enough files for the parallel path, with defects of every scope."""
    for i in range(PARALLEL_FROM + 4):
        turns = valid_conversation(3, f"fp_speed_{i:03d}")
        turns[1] = edit(turns[1], {"/training_metadata/generate_variations_count": 30 + i})
        (tmp_path / f"convo-{i:02d}.json").write_text(pairs_file(*turns))
    (tmp_path / "convo-99.json").write_text(pairs_file(valid_conversation(1, "fp_speed_000")[0]))  # a duplicate
    (tmp_path / "broken.json").write_text('{"training_pairs": [')
    return tmp_path


def run(paths: list[Path], jobs: int = 1, cache: Cache | None = None):  # type: ignore[no-untyped-def]
    config = load_config(discover=False)
    return lint_files([str(p) for p in paths], config, Engine.from_config(config), jobs=jobs, cache=cache)


def test_parallel_workers_report_exactly_what_one_process_reports(dataset: Path) -> None:
    one = run([dataset], jobs=1)
    two = run([dataset], jobs=2)
    assert as_data(one) == as_data(two) and one.notes == two.notes and one.turns == two.turns
    assert {"variations-count", "duplicate-turn", "invalid-json"} <= {d.rule for d in one.diagnostics}


def test_the_cache_returns_what_a_fresh_run_finds(dataset: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "fingerprint")
    fresh = run([dataset])
    first = run([dataset], cache=cache)
    second = run([dataset], cache=cache)
    assert as_data(fresh) == as_data(first) == as_data(second)
    with sqlite3.connect(cache.path) as db:
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] > PARALLEL_FROM  # entries were written


def test_a_changed_file_is_checked_again(dataset: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "fingerprint")
    run([dataset], cache=cache)
    target = dataset / "convo-00.json"
    data = json.loads(target.read_text())
    data["training_pairs"][1]["training_metadata"]["generate_variations_count"] = 12
    target.write_text(json.dumps(data))
    assert not [d for d in run([dataset], cache=cache).diagnostics if d.path == str(target) and d.rule == "variations-count"]


def test_entries_of_another_configuration_are_not_used(dataset: Path, tmp_path: Path) -> None:
    config = load_config(discover=False)
    relaxed = load_config(overrides={"ignore": ["variations-count"]}, discover=False)
    files = sorted((tmp_path / "x").glob("*"))
    assert fingerprint(config.rules, list(config.classes), files) != fingerprint(relaxed.rules, list(config.classes), files)


def test_a_damaged_entry_is_a_miss(dataset: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "fingerprint")
    expected = as_data(run([dataset], cache=cache))
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:10])
    assert as_data(run([dataset], cache=cache)) == expected


def test_a_cache_directory_owned_by_someone_else_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "getuid", lambda: 12345)
    assert not Cache(tmp_path / "cache", "fingerprint").usable


def test_the_cli_uses_the_cache_and_no_cache_gives_the_same(dataset: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FPLINT_CACHE_DIR", str(tmp_path / "cli-cache"))
    outputs = [CliRunner().invoke(cli, ["check", str(dataset), "--output-format", "json", *extra], catch_exceptions=False).output for extra in ([], [], ["--no-cache"], ["-j", "1"])]
    reports = [json.loads(o)["diagnostics"] for o in outputs]
    assert reports[0] == reports[1] == reports[2] == reports[3]
    assert (tmp_path / "cli-cache").is_dir()


def test_the_examples_give_the_same_findings_every_way() -> None:
    paths = [ROOT / "examples"]
    assert as_data(run(paths)) == as_data(run(paths, jobs=2))
