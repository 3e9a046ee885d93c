"""Standard streams: a reader that goes away, a closed stdout, and '-' for standard input."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from factory import edit, pairs_file, valid_turn

from fplint.cli import main


def command(*args: str, cwd: Path) -> list[str]:
    return [sys.executable, "-m", "fplint", *args]


ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


@pytest.mark.parametrize("args", [["rules"], ["rules", "--output-format", "markdown"], ["explain", "FP201"], ["schema"]])
def test_a_reader_that_is_gone_is_a_clean_end(tmp_path: Path, args: list[str]) -> None:
    # `fplint rules | head`: once head has gone, each write fails with EPIPE
    read, write = os.pipe()
    os.close(read)
    done = subprocess.run(command(*args, cwd=tmp_path), cwd=tmp_path, env=ENV, stdout=write, stderr=subprocess.PIPE, check=False, timeout=60)
    os.close(write)
    assert done.returncode == 0 and done.stderr == b""


def test_check_into_a_reader_that_stops_early_keeps_its_exit_code(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"d{i}.json").write_text(pairs_file(edit(valid_turn(), {"/id": 5})))
    read, write = os.pipe()
    os.close(read)  # nobody will read: the first write fails with EPIPE
    done = subprocess.run(command("check", "--no-cache", cwd=tmp_path), cwd=tmp_path, env=ENV, stdout=write, stderr=subprocess.PIPE, check=False, timeout=60)
    os.close(write)
    assert done.returncode == 1 and done.stderr == b""  # errors found, said by the exit code alone


@pytest.mark.parametrize("args", [["rules"], ["check", "--no-cache", "d.json"], ["--version"]])
def test_a_closed_stdout_is_no_internal_error(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "d.json").write_text(pairs_file(valid_turn()))
    done = subprocess.run([*command(*args, cwd=tmp_path)], cwd=tmp_path, env=ENV, capture_output=True, check=False, timeout=60, preexec_fn=lambda: os.close(1))
    assert done.returncode == 0 and done.stderr == b"", done.stderr


def run(args: list[str], stdin: bytes, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with pytest.raises(SystemExit) as exit:
        main(args)
    return int(exit.value.code or 0), capsys.readouterr().out


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.json").write_text(pairs_file(edit(valid_turn(), {"/id": 7})))  # not read unless named
    return tmp_path


def test_dash_reads_standard_input(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["check", "--no-cache", "--output-format", "concise", "-"], pairs_file(edit(valid_turn(), {"/id": 5})).encode(), monkeypatch, capsys)
    assert code == 1
    assert out.splitlines()[0].startswith("<stdin>:") and "other.json" not in out
    assert "(1 file, 1 turn" in out


def test_stdin_filename_names_it_and_picks_the_parser(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["check", "--no-cache", "--output-format", "concise", "-", "--stdin-filename", "data/x.yaml"], b"training_pairs: [\n", monkeypatch, capsys)
    assert code == 1 and out.startswith("data/x.yaml:") and "FP101" in out


def test_stdin_stands_in_for_the_file_of_its_name(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # an editor's unsaved buffer: the file on disk has a defect, the buffer does not
    _, out = run(["check", "--no-cache", "--output-format", "concise", "-", "other.json", "--stdin-filename", "other.json"], pairs_file(valid_turn()).encode(), monkeypatch, capsys)
    assert "FP" not in out.split("note:")[0] and "(1 file, 1 turn" in out


def test_stdin_with_other_paths(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["check", "--no-cache", "--output-format", "concise", "-", "other.json"], pairs_file(valid_turn()).encode(), monkeypatch, capsys)
    assert code == 1 and "other.json:" in out and "(2 files, 2 turns" in out


class Endless(io.RawIOBase):
    """An input that never ends (``cat /dev/zero |``), counting what is read from it."""

    read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = b"\0" * len(buffer)
        self.read_bytes += len(buffer)
        return len(buffer)


def test_an_endless_standard_input_is_read_only_to_the_size_cap(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_hang: None) -> None:
    (folder / ".fplint.yaml").write_text("max-file-size: 1KB\n")
    endless = Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    with pytest.raises(SystemExit) as exit:
        main(["check", "--no-cache", "--output-format", "concise", "-"])
    out = capsys.readouterr().out
    assert exit.value.code == 1 and "<stdin>:1:1: FP105 unreadable-file" in out and "more than 1 KB" in out
    assert endless.read_bytes < 64 * 1024  # a buffer's worth past the cap, no more


@pytest.mark.parametrize("term, rubbed", [("xterm", "\r\x1b[K"), ("dumb", "\r" + " " * 22 + "\r")])
def test_the_progress_counter_is_rubbed_out_only_when_shown_and_with_spaces_on_a_dumb_terminal(
    term: str, rubbed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fplint.cli.options import Progress

    monkeypatch.setenv("TERM", term)
    progress = Progress()
    progress(50, 100)  # a short run: nothing shown, nothing to rub out
    progress.clear()
    assert capsys.readouterr().err == ""
    progress.started -= 5
    progress(250, 500)
    progress.clear()
    assert capsys.readouterr().err == "\rfplint: 250/500 files" + rubbed
