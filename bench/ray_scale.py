"""The Ray engine against the local one: ``fplint check --jobs 2`` and ``--engine ray``.

On the bench generator's clean dataset (``run.py``, about 4 turns a pairs file) of 100,000
turns, and of 1,000,000 made as ten copies of it with every conversation renumbered (each
copy's ids their own: the same files, 10x, without generating a million turns one by one),
it measures for each engine: wall time, exit code, findings, turns/s and turns/s per core,
the driver's peak RSS (the ``fplint`` process) and the workers' (Ray's worker processes, or
the local pool's: the largest and the sum, sampled every half second), and the driver's RSS
sampled over the run (flat or growing). Both runs' JSON reports are compared once sorted.

    .venv/bin/python bench/ray_scale.py --sizes 100000 --engines local,ray
    .venv/bin/python bench/ray_scale.py --sizes 1000000 --engines ray --json figures.json

Figures and the design: docs/scale.md. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from run import DIVERSITY_RULES, fplint_command
from shapes import conversation_id, ensure_dataset, load_sources

BASE = 100_000


def ensure(workdir: Path, size: int) -> Path:
    """The dataset of ``size`` turns (a multiple of 100,000): the generator's, or copies of it."""
    base = ensure_dataset(workdir, load_sources(), BASE, "clean")
    if size == BASE:
        return base.directory
    copies = size // BASE
    directory = workdir / f"fp-bench-clean-{size}-copies-of-{base.directory.name}"
    done = directory / "manifest.txt"
    if done.is_file():
        return directory
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir()
    conversations = len({name.split("-part")[0].removesuffix(".json") for name in _names(base.directory)})
    pattern = re.compile(r"fp_bench([a-z]+)_(\d{3})")
    for copy in range(copies):
        target = directory / f"copy{copy:02d}"
        target.mkdir()

        def renumber(match: re.Match[str], shift: int = copy * conversations) -> str:
            letters, digits = match.group(1), int(match.group(2))
            number = _letters_value(letters) * 1000 + digits
            return conversation_id(number + shift)

        for name in _names(base.directory):
            text = (base.directory / name).read_text(encoding="utf-8")
            (target / pattern.sub(renumber, name)).write_text(pattern.sub(renumber, text), encoding="utf-8")
    done.write_text(f"{copies} copies of {base.directory}\n", encoding="utf-8")
    return directory


def _names(directory: Path) -> list[str]:
    return (directory / "manifest.txt").read_text(encoding="utf-8").split()


def _letters_value(letters: str) -> int:
    """The thousands of ``conversation_id``: ``a`` 0 … ``z`` 25, ``ba`` 26 …"""
    value = 0
    for letter in letters:
        value = value * 26 + ord(letter) - ord("a")
    return value


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as kids:
                found.extend(int(k) for k in kids.read().split())
    except OSError:
        pass
    return found


def _descendants(pid: int) -> list[int]:
    """Every process under ``pid``: a local pool's workers, or the local Ray the driver started
    (its raylet's workers, and the object store and GCS)."""
    found, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _is_worker(pid: int, engine: str) -> bool:
    """A process that checks files: Ray's ``ray::`` workers, or any child of a local run."""
    if engine != "ray":
        return True
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmd:
            return cmd.read(5) == b"ray::"
    except OSError:
        return False


class Sampler(threading.Thread):
    """Every half second: the driver's RSS, and its workers' (the largest, and the sum)."""

    def __init__(self, pid: int, engine: str, trace: Path | None = None) -> None:
        super().__init__(daemon=True)
        self.pid, self.engine, self.trace = pid, engine, trace
        self.driver: list[tuple[float, int]] = []
        self.worker_peak = 0
        self.workers_peak_sum = 0
        self.cpu: dict[int, float] = {}  # the last CPU seconds seen of every descendant
        self.stop = threading.Event()

    def run(self) -> None:
        started = time.monotonic()
        while not self.stop.wait(0.5):
            self.driver.append((time.monotonic() - started, _rss(self.pid)))
            everyone = _descendants(self.pid)
            for pid in [self.pid, *everyone]:  # each process's own time (not its children's)
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid))
            workers = [p for p in everyone if _is_worker(p, self.engine)]
            sizes = [_rss(w) for w in workers]
            if sizes:
                self.worker_peak = max(self.worker_peak, max(sizes))
                self.workers_peak_sum = max(self.workers_peak_sum, sum(sizes))
            if self.trace is not None and len(self.driver) % 20 == 0:  # every 10 s, as it goes
                with self.trace.open("a", encoding="utf-8") as out:
                    seconds, rss = self.driver[-1]
                    out.write(f"{seconds:.0f}\t{rss / 2**20:.0f}\t{sum(sizes) / 2**20:.0f}\t{len(sizes)}\n")


def measure(
    directory: Path, size: int, engine: str, workdir: Path, cores: int, trace: Path | None = None
) -> dict[str, Any]:
    # The generated conversations are copies of a few sources: the diversity rules would flag
    # every one of them (bench/run.py leaves them out too).
    options = ["--isolated", "--no-cache", "--output-format", "json", "--ignore", ",".join(DIVERSITY_RULES)]
    options += ["--jobs", str(cores)] if engine == "local" else ["--engine", "ray"]
    out = workdir / f"report-{engine}-{size}.json"
    env = dict(os.environ)
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as stdout:
        child = subprocess.Popen(
            [*fplint_command(), "check", *options, str(directory)],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=env,
        )
        sampler = Sampler(child.pid, engine, trace)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        sampler.stop.set()
    seconds = time.perf_counter() - started
    cpu = sum(sampler.cpu.values())  # the driver's and its descendants', each sampled to its end
    assert child.stderr is not None
    errors = child.stderr.read().decode("utf-8", "replace")[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    driver = sampler.driver
    half = [rss for t, rss in driver if t >= seconds / 2]
    first = [rss for t, rss in driver if t < seconds / 2]
    return {
        "size": size,
        "engine": engine,
        "seconds": round(seconds, 1),
        "exit_code": os.waitstatus_to_exitcode(status),
        "turns": report["summary"]["turns"],
        "diagnostics": len(report["diagnostics"]),
        "turns_per_s": round(size / seconds),
        "turns_per_s_per_core": round(size / seconds / cores),
        "cpu_seconds": round(cpu),
        "turns_per_cpu_second": round(size / cpu),
        "driver_peak_rss_mb": round(usage.ru_maxrss / 1024),
        "driver_rss_first_half_max_mb": round(max(first, default=0) / 2**20),
        "driver_rss_second_half_max_mb": round(max(half, default=0) / 2**20),
        "worker_peak_rss_mb": round(sampler.worker_peak / 2**20),
        "workers_peak_sum_rss_mb": round(sampler.workers_peak_sum / 2**20),
        "stderr": errors.strip()[-300:],
        "report": str(out),
    }


def sorted_json(path: str) -> str:
    report = json.loads(Path(path).read_text(encoding="utf-8"))
    report["diagnostics"].sort(key=lambda d: json.dumps(d, sort_keys=True))
    return json.dumps(report, sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated multiples of 100,000")
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ray-bench"))
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--json", type=Path, help="append the figures to this JSON-lines file")
    parser.add_argument(
        "--trace", type=Path, help="append, every 10 s: seconds, driver RSS MB, workers' RSS MB, workers"
    )
    parser.add_argument(
        "--dataset",
        type=Path,
        help="measure this set (of the one size given) instead of the generator's: a set made by an"
        " earlier generator version, without writing it again",
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.dataset is not None and len(sizes) != 1:
        parser.error("--dataset takes one size")
    for size in sizes:
        directory = args.dataset or ensure(args.workdir, size)
        figures = [
            measure(directory, size, engine, args.workdir, args.cores, args.trace)
            for engine in args.engines.split(",")
        ]
        for row in figures:
            print(json.dumps(row), flush=True)
            if args.json:
                with args.json.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(row) + "\n")
        if len(figures) == 2:
            same = sorted_json(figures[0]["report"]) == sorted_json(figures[1]["report"])
            print(f"{size:,} turns: sorted JSON reports {'identical' if same else 'DIFFER'}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
