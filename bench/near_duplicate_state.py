"""near-duplicate's state in one process: collect, partial and merge over synthetic turns, then finish.

No full lint: turns are made here (random words, a response of ~60 and an input of ~25 words
each, four turns a "file", a conversation a file, one text in a hundred a copy of an earlier
one), each file's turns are collected and folded (``partial``) and merged into the run's
state at once, as the main process of a run does, and only the merged state is kept. Each
size runs in a fresh child process and reports, in MB: the resident memory the merged state
added (``/proc/self/statm`` after the merges, less before), the peak RSS of the whole child
(``ru_maxrss``), and with ``--tracemalloc`` the Python heap the state holds and the peak of
``finish``; and in CPU seconds: the merges and ``finish``. Not part of the test suite:

    nice -n 10 .venv/bin/python bench/near_duplicate_state.py --sizes 10000,100000,300000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from typing import Any

VOCABULARY = 5_000
PER_FILE = 4


def _text(rng: random.Random, words: int) -> str:
    return " ".join(f"w{rng.randrange(VOCABULARY)}" for _ in range(words))


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(size: int, trace: bool) -> dict[str, Any]:
    """The figures of one size, in this process."""
    from fplint.model import Turn
    from fplint.rule import Collected, Dataset
    from fplint.rules.near_duplicate import NearDuplicate

    rng = random.Random(size)
    rule = NearDuplicate()
    kept: list[tuple[str, str]] = []  # a few texts to copy later
    if trace:
        tracemalloc.start()
    before_rss = _rss_mb()
    before_heap = tracemalloc.get_traced_memory()[0] if trace else 0
    clock = time.process_time
    merge_s = 0.0
    merged: Any = None
    for file in range(0, size, PER_FILE):
        turns = []
        for number in range(min(PER_FILE, size - file)):
            if kept and rng.random() < 0.01:
                response, question = rng.choice(kept)
            else:
                response, question = _text(rng, 60), _text(rng, 25)
                if len(kept) < 100:
                    kept.append((response, question))
            value = {
                "id": f"fp_c{file}_turn{number + 1}",
                "conversation_id": f"fp_c{file}",
                "target_response": response,
                "current_user_input": question,
            }
            turns.append(Turn(value, f"data/f{file:07d}.json", f"/training_pairs/{number}", number))
        state = rule.partial(
            [Collected(t.ref, number + 1, rule.collect(t)) for number, t in enumerate(turns)]
        )
        started = clock()
        merged = state if merged is None else rule.merge(merged, state)
        merge_s += clock() - started
    after_rss = _rss_mb()
    after_heap = tracemalloc.get_traced_memory()[0] if trace else 0
    if trace:
        tracemalloc.reset_peak()
    started, usage = clock(), resource.getrusage(resource.RUSAGE_SELF)
    findings = sum(1 for _ in rule.finish(merged, Dataset()))
    finish_s = clock() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    finish_peak = tracemalloc.get_traced_memory()[1] - after_heap if trace else 0
    return {
        "turns": size,
        "state_rss_mb": after_rss - before_rss,
        "state_heap_mb": (after_heap - before_heap) / 2**20,
        "finish_peak_mb": finish_peak / 2**20,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "merge_s": merge_s,
        "finish_s": finish_s,
        "finish_sys_s": after.ru_stime - usage.ru_stime,
        "finish_faults": after.ru_minflt - usage.ru_minflt,
        "findings": findings,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,300000")
    parser.add_argument("--tracemalloc", action="store_true", help="also the Python heap (slower)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure(args.child, args.tracemalloc)))
        return
    print(
        "| turns | state RSS MB | state heap MB | finish peak MB | max RSS MB | merge CPU s | finish CPU s | of it system s | finish page faults | findings |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in map(int, args.sizes.split(",")):
        command = [sys.executable, __file__, "--child", str(size)] + (
            ["--tracemalloc"] if args.tracemalloc else []
        )
        got = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        print(
            f"| {got['turns']:,} | {got['state_rss_mb']:.1f} | {got['state_heap_mb']:.1f} | {got['finish_peak_mb']:.1f} "
            f"| {got['max_rss_mb']:.1f} | {got['merge_s']:.2f} | {got['finish_s']:.2f} "
            f"| {got['finish_sys_s']:.2f} | {got['finish_faults']:,} | {got['findings']:,} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
