"""`fplint check --watch`: check again whenever a file the run reads changes."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest
from factory import edit, pairs_file, valid_turn

from fplint.cli import watch

TIMEOUT = 30.0
BROKEN = edit(valid_turn(1, "fp_david_990"), {"/emotional_context/emotional_indicators": {"worry": ["scared"]}})


def options(**overrides: object) -> dict[str, object]:
    return {"config_path": None, "isolated": False, "select": (), "extend_select": (), "ignore": (), **overrides}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".fplint.yaml").write_text("dataset: ['data/**/*.json']\n", encoding="utf-8")
    (tmp_path / "data" / "more").mkdir(parents=True)
    (tmp_path / "data" / "a.json").write_text(pairs_file(valid_turn(1, "fp_david_991")), encoding="utf-8")
    (tmp_path / "data" / "more" / "b.json").write_text(pairs_file(valid_turn(1, "fp_david_992")), encoding="utf-8")
    return tmp_path


def test_the_files_read_are_the_checked_the_dataset_the_config_and_their_folders(project: Path) -> None:
    names = {os.path.abspath(n) for n in watch.files_read(["data/a.json"], options())}
    assert {str(project / ".fplint.yaml"), str(project / "data" / "a.json"), str(project / "data" / "more" / "b.json")} <= names
    assert str(project / ".fplint-suppressions.yaml") in names  # not there yet: its arrival counts
    assert {str(project / "data"), str(project / "data" / "more")} <= names


def test_a_folder_given_is_watched_down_to_its_empty_subfolders(project: Path) -> None:
    (project / "data" / "empty").mkdir()
    assert str(project / "data" / "empty") in {os.path.abspath(n) for n in watch.files_read(["data"], options())}


def test_a_broken_config_still_leaves_the_files_and_the_config_watched(project: Path) -> None:
    (project / ".fplint.yaml").write_text("rules: {no-such-rule: error}\n", encoding="utf-8")
    names = {os.path.abspath(n) for n in watch.files_read(["data"], options())}
    assert {str(project / ".fplint.yaml"), str(project / "data" / "a.json")} <= names


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "data" / "a.json").write_text(pairs_file(BROKEN), encoding="utf-8"),  # an edit
        lambda root: (root / "data" / "more" / "c.json").write_text("{}", encoding="utf-8"),  # a new file
        lambda root: (root / "data" / "more" / "b.json").unlink(),  # a file removed
        lambda root: (root / ".fplint.yaml").write_text("dataset: []\n", encoding="utf-8"),  # the config
    ],
    ids=["edit", "new-file", "removed", "config"],
)
def test_a_change_runs_the_check_again(project: Path, change) -> None:  # type: ignore[no-untyped-def]
    runs: list[int] = []
    looks: list[float] = []

    def sleep(seconds: float) -> None:
        looks.append(seconds)
        if len(looks) == 3:  # a few quiet looks, then someone saves a file
            time.sleep(0.01)
            change(project)

    watch.watch(lambda: runs.append(1), lambda: watch.files_read(["data"], options()), sleep=sleep, rounds=2)
    assert len(runs) == 2
    assert len(looks) == 3


def test_nothing_changing_means_no_second_run(project: Path) -> None:
    runs: list[int] = []
    looks: list[float] = []

    def sleep(seconds: float) -> None:
        looks.append(seconds)
        if len(looks) > 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        watch.watch(lambda: runs.append(1), lambda: watch.files_read(["data"], options()), sleep=sleep)
    assert runs == [1]


class Reader:
    """The lines a process writes on one stream, read on a thread, waited for with a timeout."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in {TIMEOUT}s; saw: {self.seen}")


def test_a_watching_process_reports_each_change_survives_a_broken_config_and_stops_on_ctrl_c(project: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "fplint", "check", "--watch", "data", "--output-format", "concise", "--no-cache"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        out, err = Reader(process.stdout), Reader(process.stderr)  # type: ignore[arg-type]
        out.wait_for("All checks passed")
        err.wait_for("Watching for file changes")
        (project / "data" / "a.json").write_text(pairs_file(BROKEN), encoding="utf-8")
        assert "FP303 indicator-count" in out.wait_for("data/a.json:")
        out.wait_for("Found 1 error")
        (project / ".fplint.yaml").write_text("rules: {no-such-rule: error}\n", encoding="utf-8")
        assert "no-such-rule" in err.wait_for("fplint: error:")
        (project / ".fplint.yaml").write_text("rules: {indicator-count: {min: 1}}\n", encoding="utf-8")
        out.wait_for("All checks passed")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=TIMEOUT) == 130
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_watch_cannot_watch_standard_input(capsys: pytest.CaptureFixture[str]) -> None:
    from fplint.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["check", "--watch", "-"])
    assert exit_.value.code == 2
    assert "--watch cannot watch standard input" in capsys.readouterr().err
