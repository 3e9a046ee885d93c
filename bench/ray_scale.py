"""The Ray engine against the local one: ``fplint check --jobs 2`` and ``--engine ray``.

On the bench generator's clean dataset (``run.py``, about 4 turns a pairs file) of 100,000
turns, and of 1,000,000 made as ten copies of it with every conversation renumbered (each
copy's ids their own: the same files, 10x, without generating a million turns one by one),
it measures for each engine: wall time, exit code, findings, turns/s and turns/s per core,
the driver's peak RSS (the ``fplint`` process) and the workers' (Ray's worker processes, or
the local pool's: the largest and the sum, sampled every half second), and the driver's memory
sampled over the run (flat or growing): its own (RssAnon) apart from the pages it shares
(RssShmem: Ray's object store maps its objects into the processes that read them).
``--dataset`` measures an existing set, such as the JSONL shards ``shard.py`` writes. Both runs' JSON reports are compared once sorted.

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


#: The lines of /proc/PID/status read: VmRSS is RssAnon + RssFile + RssShmem. Object-store
#: pages that Ray maps into a process count as shared (RssShmem), not as its own (RssAnon).
MEMORY = ("VmRSS", "RssAnon", "RssShmem")


def _memory(pid: int) -> dict[str, int]:
    """A process's resident memory in bytes, by kind (``MEMORY``); zeros once it is gone."""
    found = dict.fromkeys(MEMORY, 0)
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in found:
                    found[key] = int(value.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return found


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


#: The trace's columns (MB but the first and last), written as its first line.
TRACE_COLUMNS = (
    "seconds",
    "driver_rss",
    "driver_anon",
    "driver_shmem",
    "workers_rss_sum",
    "workers_anon_sum",
    "workers_anon_max",
    "workers_shmem_max",
    "workers",
)


class Sampler(threading.Thread):
    """Every half second: the driver's memory (``MEMORY``), and its workers' (the largest, and
    the sum: a page shared by several workers counts in each, so the sums of VmRSS and
    RssShmem overstate; the sum of RssAnon does not)."""

    def __init__(self, pid: int, engine: str, trace: Path | None = None) -> None:
        super().__init__(daemon=True)
        self.pid, self.engine, self.trace = pid, engine, trace
        self.driver: list[tuple[float, dict[str, int]]] = []
        self.worker_peak: dict[str, int] = dict.fromkeys(MEMORY, 0)  # the largest worker's, by kind
        self.workers_peak_sum: dict[str, int] = dict.fromkeys(MEMORY, 0)  # all of them together
        self.cpu: dict[int, float] = {}  # the last CPU seconds seen of every descendant
        self.stop = threading.Event()

    def run(self) -> None:
        started = time.monotonic()
        if self.trace is not None:
            with self.trace.open("a", encoding="utf-8") as out:
                out.write("# " + "\t".join(TRACE_COLUMNS) + "\n")
        while not self.stop.wait(0.5):
            self.driver.append((time.monotonic() - started, _memory(self.pid)))
            everyone = _descendants(self.pid)
            for pid in [self.pid, *everyone]:  # each process's own time (not its children's)
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid))
            workers = [_memory(p) for p in everyone if _is_worker(p, self.engine)]
            sums = {kind: sum(w[kind] for w in workers) for kind in MEMORY}
            largest = {kind: max((w[kind] for w in workers), default=0) for kind in MEMORY}
            for kind in MEMORY:
                self.worker_peak[kind] = max(self.worker_peak[kind], largest[kind])
                self.workers_peak_sum[kind] = max(self.workers_peak_sum[kind], sums[kind])
            if self.trace is not None and len(self.driver) % 20 == 0:  # every 10 s, as it goes
                seconds, driver = self.driver[-1]
                row = [driver["VmRSS"], driver["RssAnon"], driver["RssShmem"]]
                row += [sums["VmRSS"], sums["RssAnon"], largest["RssAnon"], largest["RssShmem"]]
                with self.trace.open("a", encoding="utf-8") as out:
                    out.write(
                        f"{seconds:.0f}\t"
                        + "\t".join(f"{b / 2**20:.0f}" for b in row)
                        + f"\t{len(workers)}\n"
                    )


def measure(
    directory: Path, size: int, engine: str, workdir: Path, cores: int, trace: Path | None = None
) -> dict[str, Any]:
    # The generated conversations are copies of a few sources: the diversity rules would flag
    # every one of them (bench/run.py leaves them out too).
    options = ["--isolated", "--no-cache", "--output-format", "json", "--ignore", ",".join(DIVERSITY_RULES)]
    options += ["--jobs", str(cores)] if engine == "local" else ["--engine", "ray"]
    out = workdir / f"report-{engine}-{size}-{directory.name}.json"
    log = out.with_suffix(".stderr")  # a file, not a pipe: a long run's stderr never blocks it
    env = dict(os.environ)
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as stdout, log.open("w", encoding="utf-8") as stderr:
        child = subprocess.Popen(
            [*fplint_command(), "check", *options, str(directory)],
            stdout=stdout,
            stderr=stderr,
            env=env,
        )
        sampler = Sampler(child.pid, engine, trace)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        sampler.stop.set()
    seconds = time.perf_counter() - started
    cpu = sum(sampler.cpu.values())  # the driver's and its descendants', each sampled to its end
    errors = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    try:
        report = json.loads(out.read_text(encoding="utf-8"))
    except ValueError:  # the run failed: its figures still say how far it got, stderr why
        report = {"summary": {"files": None, "turns": None}, "diagnostics": []}
    mb = 2**20
    driver = sampler.driver
    half = [m for t, m in driver if t >= seconds / 2]
    first = [m for t, m in driver if t < seconds / 2]
    figures: dict[str, Any] = {
        "size": size,
        "engine": engine,
        "files": report["summary"]["files"],
        "seconds": round(seconds, 1),
        "exit_code": os.waitstatus_to_exitcode(status),
        "turns": report["summary"]["turns"],
        "diagnostics": len(report["diagnostics"]),
        "turns_per_s": round(size / seconds),
        "turns_per_s_per_core": round(size / seconds / cores),
        "cpu_seconds": round(cpu),
        "turns_per_cpu_second": round(size / cpu),
        "driver_peak_rss_mb": round(usage.ru_maxrss / 1024),
    }
    for kind, name in (("VmRSS", "rss"), ("RssAnon", "anon"), ("RssShmem", "shmem")):
        figures[f"driver_{name}_max_mb"] = round(max((m[kind] for _, m in driver), default=0) / mb)
        figures[f"driver_{name}_first_half_max_mb"] = round(max((m[kind] for m in first), default=0) / mb)
        figures[f"driver_{name}_second_half_max_mb"] = round(max((m[kind] for m in half), default=0) / mb)
        figures[f"worker_peak_{name}_mb"] = round(sampler.worker_peak[kind] / mb)
        figures[f"workers_peak_sum_{name}_mb"] = round(sampler.workers_peak_sum[kind] / mb)
    return figures | {
        "stderr": errors.strip()[-1000:],
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
        "--trace",
        type=Path,
        help="append, every 10 s, the driver's and the workers' memory (TRACE_COLUMNS; the first line names them)",
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
