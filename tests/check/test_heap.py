"""During a run the cycle collector's young collections are rare; after it, as they were."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from factory import pairs_file, valid_turn

from fplint.check import heap
from fplint.check.engine import Engine
from fplint.check.heap import YOUNG, long_lived
from fplint.check.run import lint_files
from fplint.config import load_config


@pytest.fixture(autouse=True)
def default_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_young_collections_wait_for_many_new_objects_inside() -> None:
    with long_lived():
        assert gc.get_threshold() == (YOUNG, 10, 10)


def test_the_threshold_is_put_back_after() -> None:
    with long_lived():
        pass
    assert gc.get_threshold() == (700, 10, 10)


def test_the_threshold_is_put_back_when_the_run_fails() -> None:
    with pytest.raises(KeyError), long_lived():
        raise KeyError("x")
    assert gc.get_threshold() == (700, 10, 10)


def test_a_nested_run_leaves_it_raised_until_the_outer_one_ends() -> None:
    with long_lived():
        with long_lived():
            pass
        assert gc.get_threshold()[0] == YOUNG
    assert gc.get_threshold()[0] == 700


def test_a_higher_threshold_the_user_set_is_kept() -> None:
    gc.set_threshold(YOUNG * 2, 10, 10)
    with long_lived():
        assert gc.get_threshold()[0] == YOUNG * 2
    assert gc.get_threshold()[0] == YOUNG * 2


def test_a_collector_turned_off_by_threshold_stays_off() -> None:
    gc.set_threshold(0)
    with long_lived():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0
    assert heap._runs == 0


def test_a_run_holds_the_threshold_while_it_reads_files(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(pairs_file(valid_turn(1, "fp_david_901")), encoding="utf-8")
    seen: list[int] = []

    def read(path: str) -> bytes | None:
        seen.append(gc.get_threshold()[0])
        return None

    config = load_config(discover=False)
    lint_files([str(tmp_path)], config, Engine.from_config(config), read=read)
    assert seen == [YOUNG]
    assert gc.get_threshold()[0] == 700


def test_a_threshold_set_while_the_run_is_in_progress_is_left_as_set() -> None:
    with long_lived():
        gc.set_threshold(500, 10, 10)
    assert gc.get_threshold()[0] == 500


def test_a_run_interrupted_before_it_counted_itself_is_repaired_by_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.set_threshold(YOUNG, 10, 10)  # raised, then Ctrl-C before the run was counted
    monkeypatch.setattr(heap, "_saved", 700)
    with long_lived():
        assert gc.get_threshold()[0] == YOUNG
    assert gc.get_threshold()[0] == 700
