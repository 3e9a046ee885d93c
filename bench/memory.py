"""What the main process keeps per turn for the cross-file rules, and its peak memory.

Runs the conversation and dataset rules alone (the per-turn rules keep nothing across
files) over a set, in this process (``-j1``), and prints the peak RSS before the
cross-file rules finish and at the end, and the bytes per turn (a ``sys.getsizeof`` walk,
each object counted once) of the summaries and states the run holds when the files are
read, and of the report's turn places. Not part of the test run.

    .venv/bin/python bench/memory.py /tmp/fplint-bench/fp-bench-real-10000-...
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from collections import Counter
from typing import Any

CROSS_FILE_RULES = (
    "turn-sequence",
    "history-consistent",
    "repeated-input",
    "progression-consistent",
    "duplicate-turn",
    "persona-consistency",
    "quality-distribution",
    "near-duplicate",
    "strategy-diversity",
)


def size(obj: Any, seen: set[int], by_type: Counter[str]) -> int:
    """Bytes of ``obj`` and everything it holds, each object once (``seen``)."""
    total, stack = 0, [obj]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        bytes_ = sys.getsizeof(item)
        total += bytes_
        by_type[type(item).__name__] += bytes_
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif not isinstance(item, (str, bytes, int, float, type(None))):
            if hasattr(item, "__dict__"):
                stack.append(item.__dict__)
            stack.extend(getattr(item, k) for k in getattr(type(item), "__slots__", ()) if hasattr(item, k))
    return total


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", help="a folder of dataset files")
    parser.add_argument("--rules", default=",".join(CROSS_FILE_RULES), help="comma-separated rules to run")
    args = parser.parse_args()

    from fplint.check import run
    from fplint.check.engine import Engine
    from fplint.config import load_config

    config = load_config(overrides={"select": args.rules.split(",")}, discover=False)
    engine = Engine.from_config(config)
    held: dict[str, Any] = {}
    finish = run.Sink.finish

    def measured(self: run.Sink, engine: Engine, summaries: Any, states: Any, files: int) -> list[str]:
        gc.collect()
        held["peak before"] = peak_mb()
        seen: set[int] = set()
        held["by type"] = Counter()
        held["summaries"] = size(summaries, seen, held["by type"])
        held["states"] = size(states, seen, held["by type"])
        return finish(self, engine, summaries, states, files)

    run.Sink.finish = measured  # type: ignore[method-assign]
    started = time.process_time()
    report = run.lint_files([args.dataset], config, engine, jobs=1)
    cpu = time.process_time() - started
    turns = max(report.turns, 1)
    places = size(report.places, set(), Counter())
    print(
        f"{report.turns:,} turns, {report.files:,} files, {len(report.diagnostics):,} diagnostics; "
        f"CPU {cpu:.1f} s; peak RSS {held['peak before']:.0f} MB when the files are read, {peak_mb():.0f} MB at the end"
    )
    print(
        f"bytes a turn: summaries {held['summaries'] / turns:.0f}, states {held['states'] / turns:.0f}, "
        f"places {places / turns:.0f}"
    )
    for name, total in held["by type"].most_common(8):
        print(f"  {name:16} {total / turns:7.0f}")


if __name__ == "__main__":
    main()
