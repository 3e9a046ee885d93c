"""Output files: written through links, atomically, keeping permissions; devices in place."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from factory import pairs_file, valid_turn

from fplint.atomic import write_text, writing
from fplint.cli import main


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.json").write_text(pairs_file(valid_turn()))
    return tmp_path


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exit:
        main(list(args))
    return int(exit.value.code or 0)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_link_is_written_through_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "report.txt"
    target.write_text("stale")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_text(link, "fresh")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "fresh"
    assert [p.name for p in (tmp_path / "real").iterdir()] == ["report.txt"]  # no temporary left


def test_a_chain_of_links_reaches_the_real_file(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    (tmp_path / "b").symlink_to(target)  # dangling: the file does not exist yet
    (tmp_path / "a").symlink_to(tmp_path / "b")
    write_text(tmp_path / "a", "x")
    assert target.read_text() == "x" and (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_text(target, "new")
    assert mode(target) == 0o640 and target.read_text() == "new"


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_umask(tmp_path: Path, umask: int, expected: int) -> None:
    old = os.umask(umask)
    try:
        write_text(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new.txt") == expected


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt), writing(target) as out:
        out.write("half")
        raise KeyboardInterrupt
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["report.txt"]


def test_output_file_through_a_link(data: Path) -> None:
    (data / "out").mkdir()
    real = data / "out" / "r.json"
    real.write_text("{}")
    real.chmod(0o604)
    (data / "r.json").symlink_to(real)
    assert run("check", "--no-cache", "d.json", "--output-format", "json", "--output-file", "r.json") == 0
    assert (data / "r.json").is_symlink() and json.loads(real.read_text())["summary"]["turns"] == 1
    assert mode(real) == 0o604


def test_baseline_output_through_a_link(data: Path) -> None:
    real = data / "kept.json"
    (data / "baseline.json").symlink_to(real)
    assert run("baseline", "--no-cache", "d.json", "--output", "baseline.json") == 0
    assert (data / "baseline.json").is_symlink() and json.loads(real.read_text())["entries"] == []


def cli(*args: str, cwd: Path, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-m", "fplint", *args], cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, check=False, timeout=60)


def test_dev_stdout_to_a_pipe(data: Path) -> None:
    before = os.lstat("/dev/stdout")
    done = cli("check", "--no-cache", "d.json", "--output-format", "json", "--output-file", "/dev/stdout", cwd=data)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert text.index('"fplint_version"') < text.index("All checks passed")  # the report, then the summary
    after = os.lstat("/dev/stdout")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)  # written through, not replaced


def test_dev_stdout_redirected_to_a_file_keeps_both_reports(data: Path) -> None:
    with open(data / "log.txt", "wb") as log:
        done = cli("check", "--no-cache", "d.json", "--output-format", "json", "--output-file", "/dev/stdout", cwd=data, stdout=log.fileno())
    assert done.returncode == 0, done.stderr
    text = (data / "log.txt").read_text()
    assert '"fplint_version"' in text and "All checks passed" in text


def test_a_configured_baseline_that_leads_outside_the_project_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    project, outside = tmp_path / "project", tmp_path / "home"
    project.mkdir()
    outside.mkdir()
    (outside / ".bashrc").write_text("precious")
    monkeypatch.chdir(project)
    (project / "d.json").write_text(pairs_file(valid_turn()))
    (project / "fplint-baseline.json").symlink_to(outside / ".bashrc")  # committed by a pull request
    (project / ".fplint.yaml").write_text("baseline: fplint-baseline.json\n")
    assert run("baseline", "--no-cache", "d.json") == 2
    assert (outside / ".bashrc").read_text() == "precious"
    err = capsys.readouterr().err
    assert err.startswith("fplint: error: the config's baseline ") and "fplint-baseline.json leads outside the project" in err and err.count("\n") == 1
    assert run("baseline", "--no-cache", "d.json", "--output", "fplint-baseline.json") == 0  # named on the command line: written through
    assert json.loads((outside / ".bashrc").read_text())["entries"] == []
