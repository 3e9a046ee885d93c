"""Cross-turn findings placed in their files: in worker processes when many files are read again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from factory import edit, pairs_file, valid_conversation

from fplint.check import workers
from fplint.check.engine import Engine
from fplint.check.run import lint_files
from fplint.config import load_config


def dataset(root: Path, files: int = 12) -> list[str]:
    """Conversations whose second turn misquotes the first in its history: history-consistent
    reports it with a fix, so each file is read again to place its finding."""
    for i in range(files):
        turns = valid_conversation(2, f"fp_marcus_{100 + i:03d}")
        turns[1] = edit(turns[1], {"/conversation_history/0/content": f"Something else entirely, number {i}."})
        (root / f"c{i:02d}.json").write_text(pairs_file(*turns), encoding="utf-8")
    return [str(root)]


def run(paths: list[str], jobs: int) -> list[dict[str, Any]]:
    config = load_config(discover=False)
    report = lint_files(paths, config, Engine.from_config(config), jobs=jobs)
    return [d.as_dict() for d in report.diagnostics]


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The work each pool of worker processes was started for."""
    started: list[str] = []
    real = workers._pool

    def spy(*args: Any, **kwargs: Any) -> Any:
        started.append(getattr(args[6] if len(args) > 6 else kwargs.get("run_batch"), "__name__", "check"))
        return real(*args, **kwargs)

    monkeypatch.setattr(workers, "_pool", spy)
    return started


def test_many_files_read_again_are_placed_in_workers_as_one_process_places_them(
    tmp_path: Path, pools: list[str]
) -> None:
    paths = dataset(tmp_path)
    alone = run(paths, jobs=1)
    assert sum(d["rule"] == "history-consistent" and d["fix"] is not None for d in alone) == 12
    assert run(paths, jobs=2) == alone
    assert "_place_batch" in pools


def test_a_few_files_are_placed_in_this_process(tmp_path: Path, pools: list[str]) -> None:
    paths = dataset(tmp_path, files=workers.PARALLEL_FROM - 1)
    run(paths, jobs=2)
    assert "_place_batch" not in pools


def _dies(items: Any) -> Any:
    os._exit(3)


def test_a_worker_that_dies_while_placing_leaves_the_rest_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = dataset(tmp_path)
    alone = run(paths, jobs=1)
    monkeypatch.setattr(workers, "_place_batch", _dies)
    assert run(paths, jobs=2) == alone
