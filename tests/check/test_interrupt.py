"""A rule or plugin that tries to end the process never turns a run into a pass, and a signal
ends a run cleanly: workers gone, exit 128 + signal, the pipe closed. Real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from factory import pairs_file, valid_conversation

from fplint.check.workers import PARALLEL_FROM

RULE = '''
import os, sys, time
from fplint import {base}

class Ender({base}):
    """Ends the process on purpose.

    Why: to test the engine.

    Fails::

        anything

    Passes::

        nothing
    """

    name = "ender"
    code = "ZZ009"

    def __init__(self, **options):
        super().__init__(**options)
        {init}

    def check(self, target):
        {check}
        return []
'''

HOW = {
    "sys.exit(0)": "sys.exit(0)",
    "SystemExit": "raise SystemExit('bye')",
    "KeyboardInterrupt": "raise KeyboardInterrupt",
    "os._exit": "os._exit(0)",
}


def dataset(root: Path, files: int) -> None:
    for i in range(files):
        turns = valid_conversation(2, f"fp_exit_{i:03d}")
        (root / f"c{i:02d}.json").write_text(pairs_file(*turns))


def plugin(root: Path, base: str = "TurnRule", init: str = "pass", check: str = "pass", top: str = "") -> None:
    (root / "ender_rules.py").write_text(top + RULE.format(base=base, init=init, check=check))
    (root / ".fplint.yaml").write_text("plugins: [ender_rules]\n")


def fplint(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), *sys.path])}
    return subprocess.run([sys.executable, "-m", "fplint", *args], cwd=root, env=env, capture_output=True, text=True, check=False, timeout=timeout)


@pytest.mark.parametrize("how", ["sys.exit(0)", "SystemExit", "KeyboardInterrupt"])
@pytest.mark.parametrize("jobs", [1, 4])
def test_a_rule_that_ends_the_run_is_a_crash_not_a_pass(tmp_path: Path, how: str, jobs: int) -> None:
    dataset(tmp_path, PARALLEL_FROM + 2)
    plugin(tmp_path, check=HOW[how])
    done = fplint(tmp_path, "check", "--no-cache", "--jobs", str(jobs), "--output-format", "concise")
    assert done.returncode == 2, done
    assert f"FP000 internal-error rule ender crashed on turn fp_exit_000_turn1: it raised {how.split('(')[0].replace('sys.exit', 'SystemExit')}" in done.stdout
    assert done.stdout.count("internal-error rule ender") == 2 * (PARALLEL_FROM + 2)  # every turn of every file
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize("base", ["ConversationRule", "DatasetRule"])
def test_a_cross_turn_rule_that_exits_is_a_crash(tmp_path: Path, base: str) -> None:
    dataset(tmp_path, 2)
    plugin(tmp_path, base=base, check="sys.exit(0)")
    done = fplint(tmp_path, "check", "--no-cache", "--output-format", "concise")
    assert done.returncode == 2 and "rule ender crashed" in done.stdout, done


@pytest.mark.parametrize("how", ["sys.exit(0)", "SystemExit", "KeyboardInterrupt"])
def test_a_rule_that_exits_while_starting_is_named(tmp_path: Path, how: str) -> None:
    dataset(tmp_path, 1)
    plugin(tmp_path, init=HOW[how])
    done = fplint(tmp_path, "check", "--no-cache")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("fplint: error: rule ender (ender_rules) failed to start:"), done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize("how", ["sys.exit(0)", "SystemExit", "KeyboardInterrupt"])
def test_a_plugin_that_exits_on_import_is_named(tmp_path: Path, how: str) -> None:
    dataset(tmp_path, 1)
    plugin(tmp_path, top=HOW[how] + "\n")
    done = fplint(tmp_path, "check", "--no-cache")
    assert done.returncode == 2
    assert done.stderr.startswith("fplint: error: plugin module 'ender_rules' failed to import:"), done.stderr


def test_os_exit_in_a_worker_is_detected_and_every_other_file_is_reported(tmp_path: Path) -> None:
    dataset(tmp_path, PARALLEL_FROM + 4)
    edit_one = tmp_path / "c03.json"
    plugin(tmp_path, check="if 'c03' in target.path: os._exit(0)")
    edit_one.write_text(edit_one.read_text())
    done = fplint(tmp_path, "check", "--no-cache", "--jobs", "3", "--output-format", "concise")
    assert done.returncode == 2, done
    died = [line for line in done.stdout.splitlines() if "worker process" in line]
    assert len(died) == 1 and died[0].startswith("./c03.json:1:1: FP000 internal-error"), done.stdout
    assert "exit code 0" in died[0] and "ender_rules" in died[0]
    assert f"{PARALLEL_FROM + 4} files" in done.stdout  # every other file was checked


@pytest.mark.parametrize(
    "limit, files",
    [
        ("RLIMIT_NOFILE, (48, 48)", PARALLEL_FROM * 4),  # --jobs bounded by the open files it can have
        ("RLIMIT_NPROC, (0, 0)", PARALLEL_FROM * 2),  # no worker can start: one process does the work
    ],
)
def test_jobs_beyond_what_the_machine_allows(tmp_path: Path, limit: str, files: int) -> None:
    dataset(tmp_path, files)
    script = f"import resource, sys; resource.setrlimit(resource.{limit}); from fplint.cli import main; main(sys.argv[1:])"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", script, "check", "--no-cache", "--jobs", "128", "--output-format", "concise", "--ignore", "quality-distribution"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done
    assert f"All checks passed ({files} files" in done.stdout


# -- signals ------------------------------------------------------------------------------

SLOW = "open('started', 'a').close(); time.sleep(0.05)"  # every turn: the run lasts long enough to be interrupted


def wait_until_checking(root: Path, pid: int, workers: int) -> set[int]:
    """Wait until rules run (and, with workers, the workers are there); the workers' ids."""
    deadline = time.monotonic() + 30
    while not (root / "started").exists() or len(children(pid)) < workers:
        assert time.monotonic() < deadline, "the run never started"
        time.sleep(0.02)
    return children(pid)


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
@pytest.mark.parametrize("jobs", [1, 4])
def test_a_signal_ends_the_run_and_its_workers(tmp_path: Path, signum: int, code: int, jobs: int) -> None:
    dataset(tmp_path, PARALLEL_FROM * 3)
    plugin(tmp_path, check=SLOW)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    # | tee: the reader of our stdout must see EOF once fplint is gone
    process = subprocess.Popen([sys.executable, "-m", "fplint", "check", "--no-cache", "--jobs", str(jobs), "--output-file", "out.json"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers = wait_until_checking(tmp_path, process.pid, 2 if jobs > 1 else 0)
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)  # EOF on both pipes: nothing else holds them
    assert process.returncode == code, err
    assert err.decode().endswith(f"fplint: error: interrupted ({signal.Signals(signum).name})\n")
    assert "Traceback" not in err.decode()
    time.sleep(0.2)
    assert not [pid for pid in workers if alive(pid)], "orphaned workers"
    assert not (tmp_path / "out.json").exists()  # no half-written report
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_with_their_main_process_even_if_it_is_killed(tmp_path: Path) -> None:
    dataset(tmp_path, PARALLEL_FROM * 3)
    plugin(tmp_path, check=SLOW)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    process = subprocess.Popen([sys.executable, "-m", "fplint", "check", "--no-cache", "--jobs", "3"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    workers = wait_until_checking(tmp_path, process.pid, 2)
    process.kill()
    assert process.stdout is not None
    process.stdout.read()  # EOF: no worker holds the pipe
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(pid)]
