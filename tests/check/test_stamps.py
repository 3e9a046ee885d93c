"""The warm cache takes an unchanged file's result by its stamp, without reading it; any change
the stamp cannot vouch for (new bytes, a forged or moved stamp, a file grown past the cap) is
read and hashed again."""

from __future__ import annotations

import dataclasses
import functools
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from factory import edit, pairs_file, valid_conversation

from fplint.check import workers
from fplint.check.cache import Cache
from fplint.check.engine import Engine
from fplint.check.run import lint_files
from fplint.config import Config, load_config
from fplint.read import files

KEY = b"s" * 32
LONG_AGO = time.time() - 3600


def settle(path: Path) -> None:
    """Give ``path`` a modification time an hour back: old enough to be stamped."""
    os.utime(path, (LONG_AGO, LONG_AGO))


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for i in range(3):
        turns = valid_conversation(2, f"fp_stamp_{i:03d}")
        if i == 1:
            turns[0] = edit(turns[0], {"/training_metadata/generate_variations_count": 40})
        (folder / f"c{i}.json").write_text(pairs_file(*turns))
        settle(folder / f"c{i}.json")
    return folder


@functools.cache
def configured() -> tuple[Config, Engine]:
    """The default config and its engine, built once (before a test stops files being read)."""
    config = load_config(discover=False)
    return config, Engine.from_config(config)


def run(folder: Path, cache: Cache | None) -> list[dict[str, Any]]:
    config, engine = configured()
    report = lint_files([str(folder)], config, engine, cache=cache)
    return [d.as_dict() for d in report.diagnostics]


def stamps(cache: Cache) -> dict[str, bytes]:
    with sqlite3.connect(cache.path) as db:
        return dict(db.execute("SELECT path, entry FROM stamps").fetchall())


def unreadable(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make reading any file fail loudly; the paths fplint tried to read are listed."""
    tried: list[str] = []

    def refuse(path: Any, limit: int = 0) -> bytes:
        tried.append(str(path))
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(files, "read_bytes", refuse)
    return tried


def test_a_warm_run_reads_no_unchanged_file(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = run(dataset, None)
    assert run(dataset, Cache(tmp_path / "cache", "f", key=KEY)) == expected
    assert len(stamps(Cache(tmp_path / "cache", "f", key=KEY))) == 3
    tried = unreadable(monkeypatch)
    assert run(dataset, Cache(tmp_path / "cache", "f", key=KEY)) == expected
    assert tried == []


def test_a_file_changed_under_its_old_time_is_read_again(dataset: Path, tmp_path: Path) -> None:
    run(dataset, Cache(tmp_path / "cache", "f", key=KEY))
    target = dataset / "c0.json"
    text = target.read_text()
    changed = text.replace('"generate_variations_count": 12', '"generate_variations_count": 41', 1)
    assert changed != text and len(changed) == len(text)
    target.write_text(changed)
    settle(target)  # same size, same modification time as before: only its change time tells
    found = run(dataset, Cache(tmp_path / "cache", "f", key=KEY))
    assert found == run(dataset, None)
    assert any(d["path"].endswith("c0.json") and d["rule"] == "variations-count" for d in found)


@pytest.mark.parametrize("forgery", ["unsigned", "moved"])
def test_a_forged_or_moved_stamp_is_not_used(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forgery: str
) -> None:
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    expected = run(dataset, cache)
    found = stamps(cache)
    clean, dirty = str(dataset / "c0.json"), str(dataset / "c1.json")
    with sqlite3.connect(cache.path) as db:
        if forgery == "unsigned":  # the clean file's digest under the dirty one's stamp, no valid MAC
            stamp = found[dirty][32 + 20 :]
            entry = b"\x00" * 32 + found[clean][32 : 32 + 20] + stamp
        else:  # a validly signed stamp of another path
            entry = found[clean]
        db.execute("UPDATE stamps SET entry = ? WHERE path = ?", (entry, dirty))
    tried: list[str] = []
    real = files.read_bytes

    def spy(path: Any, limit: int = files.DEFAULT_MAX_FILE_SIZE) -> bytes:
        tried.append(str(path))
        return real(path, limit)

    monkeypatch.setattr(files, "read_bytes", spy)
    assert run(dataset, Cache(tmp_path / "cache", "f", key=KEY)) == expected
    assert [Path(p).name for p in tried] == ["c1.json"]  # only the forged one was read again


def test_a_file_grown_past_the_cap_is_not_taken_from_its_stamp(dataset: Path, tmp_path: Path) -> None:
    run(dataset, Cache(tmp_path / "cache", "f", key=KEY))
    config = dataclasses.replace(
        load_config(discover=False), max_file_size=(dataset / "c2.json").stat().st_size - 1
    )
    report = lint_files(
        [str(dataset)], config, Engine.from_config(config), cache=Cache(tmp_path / "cache", "f", key=KEY)
    )
    assert {d.rule for d in report.diagnostics if d.path.endswith("c2.json")} == {"unreadable-file"}


def test_a_file_modified_just_now_is_not_stamped(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "new.json").write_text(pairs_file(*valid_conversation(1, "fp_stamp_100")))
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    run(folder, cache)
    assert stamps(Cache(tmp_path / "cache", "f", key=KEY)) == {}


def test_a_warm_run_decodes_its_results_a_batch_at_a_time(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = run(dataset, None)
    run(dataset, Cache(tmp_path / "cache", "f", key=KEY))
    asked: list[int] = []
    real = Cache.get_many
    monkeypatch.setattr(Cache, "get_many", lambda self, keys, wanted=None: asked.append(len(keys)) or real(self, keys, wanted))
    monkeypatch.setattr(workers._Fetched, "BATCH", 2)
    assert run(dataset, Cache(tmp_path / "cache", "f", key=KEY)) == expected
    assert asked == [2, 1]


def test_a_result_gone_after_its_stamp_was_read_is_checked_after_all(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = run(dataset, None)
    run(dataset, Cache(tmp_path / "cache", "f", key=KEY))
    real = Cache.get_many
    monkeypatch.setattr(Cache, "get_many", lambda self, keys, wanted=None: dict(list(real(self, keys, wanted).items())[1:]))
    assert run(dataset, Cache(tmp_path / "cache", "f", key=KEY)) == expected


def test_stamps_without_results_send_the_files_to_the_workers(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(dataset, Cache(tmp_path / "cache", "f", key=KEY))
    here: list[Any] = []
    monkeypatch.setattr(workers, "_check_here", lambda *args: here.append(args) or workers._check(*args[3]))
    another = Cache(tmp_path / "cache", "another config", key=KEY)  # the same stamps, other keys
    assert run(dataset, another) == run(dataset, None)
    assert here == []


def used(cache: Cache) -> dict[str, int]:
    with sqlite3.connect(cache.path) as db:
        return dict(db.execute("SELECT key, used FROM results").fetchall())


def test_a_warm_run_within_the_hour_rewrites_no_time_of_use(dataset: Path, tmp_path: Path) -> None:
    run(dataset, Cache(tmp_path / "cache", "f", key=KEY))
    run(dataset, Cache(tmp_path / "cache", "f", key=KEY))  # stamps the files
    before = used(Cache(tmp_path / "cache", "f", key=KEY))
    run(dataset, Cache(tmp_path / "cache", "f", key=KEY))
    assert used(Cache(tmp_path / "cache", "f", key=KEY)) == before


def test_an_entry_last_used_long_ago_is_marked_used_again(dataset: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "f", key=KEY)
    run(dataset, cache)
    run(dataset, Cache(tmp_path / "cache", "f", key=KEY))
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE results SET used = 1")
    run(dataset, Cache(tmp_path / "cache", "f", key=KEY))
    assert all(when > time.time_ns() - 60 * 10**9 for when in used(cache).values())
