"""What near-duplicate costs on the 10,000-turn benchmark set: a full run with and without it.

Two datasets of the same shape (``run.py``'s generator, 10,000 turns, ~4 turns a file):

* ``copies``: ``run.py``'s clean set as it is. Every conversation there is a copy of an
  example conversation with the client's name swapped, so nearly every response and input
  is a near-duplicate: the worst case, ~20,000 findings to find, stamp and print.
* ``distinct``: the same files with every word of every string (and of every
  ``word_choice_rationale`` key) replaced by a pseudo-word of its own conversation, so no
  two conversations share a phrase while every other rule still passes: the usual case,
  where the rule only sketches and indexes.

For each, ``fplint check DIR --isolated --no-cache --output-format json`` runs with the
default rules (``strategy-diversity`` left out: it judges the copies too) and with
``--ignore near-duplicate`` as well, alternately, best of ``--repeat``; the figures are
wall time and CPU time (the run's processes, workers included: the ratio to read on a busy
machine), the peak RSS of the main process (where the rule's merged state and ``finish``
live; workers come and go) and the count of findings. The same main-process RSS is measured
at ``--rss-size`` turns (1,000) too: the rule's extra RSS at both sizes says how it grows a
turn. Then, in this process, the rule's own steps on the same turns, in CPU seconds:
collect (a sketch per text), partial, merge, finish (timed, then run again under
tracemalloc for its peak), and the size of its merged state. Not part of the test suite:

    .venv/bin/python bench/near_duplicate.py --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py: the child-process runner
import shapes  # bench/shapes.py: the generator

TARGET_SLOWDOWN = 1.20  # a full run with near-duplicate, over one without: at most
#: String values that are names from a fixed list, not prose: left as they are.
KEEP = {"id", "conversation_id", "valence", "role", "system_prompt", "client_persona", "client_background"}
_WORD = re.compile(r"[A-Za-z]{3,}")


def distinct(copies: shapes.DataSet, workdir: Path) -> Path:
    """``copies`` with each conversation's words made its own (kept when already made)."""
    target = workdir / (copies.directory.name + "-distinct")
    manifest = target / "manifest.txt"
    if manifest.is_file():
        return target
    target.mkdir(parents=True, exist_ok=True)
    for path in copies.files:
        document = json.loads(path.read_text(encoding="utf-8"))
        for turn in document["training_pairs"]:
            _rewrite(turn, turn["conversation_id"])
        (target / path.name).write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    manifest.write_text("\n".join(p.name for p in copies.files) + "\n", encoding="utf-8")
    return target


def _rewrite(value: Any, salt: str, key: str = "") -> Any:
    if isinstance(value, dict):
        renamed = key == "word_choice_rationale"
        items = [(_words(k, salt) if renamed else k, _rewrite(v, salt, k)) for k, v in value.items()]
        value.clear()
        value.update(items)
        return value
    if isinstance(value, list):
        value[:] = [_rewrite(v, salt, key) for v in value]
        return value
    if isinstance(value, str) and key not in KEEP:
        return _words(value, salt)
    return value


def _words(text: str, salt: str) -> str:
    """Every word of three letters or more as a pseudo-word of this conversation's own."""

    def pseudo(match: re.Match[str]) -> str:
        word = match.group()
        code = zlib.crc32(f"{salt}:{word.lower()}".encode())
        letters = "".join(
            "bcdfghjklmnprstvz"[(code >> (4 * i)) % 17] + "aeiou"[(code >> i) % 5] for i in range(3)
        )
        return letters.capitalize() if word[0].isupper() else letters

    return _WORD.sub(pseudo, text)


#: ``fplint check`` in this interpreter, writing the process's own peak RSS (KiB) to the
#: file named first when it exits: workers, which come and go, are not counted.
MAIN_RSS = """
import atexit, resource, sys
side = sys.argv.pop(1)
atexit.register(lambda: open(side, "w").write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))
from fplint.cli import main
main()
"""


def lint_main_rss(directory: Path, workdir: Path, options: list[str]) -> tuple[run.Run, int, dict[str, Any]]:
    """One run, its main process's peak RSS in bytes, and its report."""
    side = workdir / "main-rss.txt"
    side.unlink(missing_ok=True)
    out = workdir / "fplint-out.json"
    command = [sys.executable, "-c", MAIN_RSS, str(side), "check", *options, str(directory)]
    result = run.run_child(command, workdir, out)
    report = json.loads(out.read_text(encoding="utf-8"))
    return result, int(side.read_text(encoding="utf-8")) * 1024, report


def full_runs(directory: Path, workdir: Path, repeat: int) -> dict[str, Any]:
    """Best wall and CPU time and the main process's peak RSS of a full run with and without
    the rule, alternately."""
    # the other diversity rules stay out of both: only near-duplicate's cost is measured
    options = run.check_options(ignore=tuple(r for r in run.DIVERSITY_RULES if r != "near-duplicate"))
    runs: dict[str, list[run.Run]] = {"with": [], "without": []}
    main_rss: dict[str, list[int]] = {"with": [], "without": []}
    counts: dict[str, int] = {}
    for _ in range(repeat):
        for label, extra in (("with", []), ("without", ["--ignore", "near-duplicate"])):
            result, rss, report = lint_main_rss(directory, workdir, [*options, *extra])
            runs[label].append(result)
            main_rss[label].append(rss)
            counts[label] = len(report["diagnostics"])
            counts[label + "_near_duplicate"] = sum(
                d["rule"] == "near-duplicate" for d in report["diagnostics"]
            )
    best = {label: min(r.seconds for r in rs) for label, rs in runs.items()}
    cpu = {label: min(r.cpu for r in rs) for label, rs in runs.items()}
    return {
        "seconds_with": best["with"],
        "seconds_without": best["without"],
        "slowdown": best["with"] / best["without"],
        "cpu_with": cpu["with"],
        "cpu_without": cpu["without"],
        "cpu_slowdown": cpu["with"] / cpu["without"],
        "main_rss_mb_with": max(main_rss["with"]) / 2**20,
        "main_rss_mb_without": max(main_rss["without"]) / 2**20,
        "peak_rss_mb_with": max(r.max_rss for r in runs["with"]) / 2**20,
        "peak_rss_mb_without": max(r.max_rss for r in runs["without"]) / 2**20,
        "diagnostics": counts,
    }


def phases(directory: Path) -> dict[str, Any]:
    """The rule's own steps over every turn of ``directory``, in this process."""
    from fplint.read.loader import load
    from fplint.rule import Collected, Dataset
    from fplint.rules.near_duplicate import NearDuplicate

    documents = [load(p) for p in sorted(directory.glob("*.json"))]
    rule = NearDuplicate()
    clock = time.process_time  # CPU seconds: the machine's other work does not count
    started = clock()
    collected = [[Collected(t.ref, t.turn_number, rule.collect(t)) for t in d.turns] for d in documents]
    collect_s = clock() - started
    started = clock()
    states = [rule.partial(c) for c in collected]
    partial_s = clock() - started
    started = clock()
    merged = states[0]
    for state in states[1:]:
        merged = rule.merge(merged, state)
    merge_s = clock() - started
    state_bytes = len(pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL))
    started = clock()
    findings = sum(1 for _ in rule.finish(merged, Dataset()))
    finish_s = clock() - started
    tracemalloc.start()  # a second finish for its peak: tracemalloc slows what it watches
    sum(1 for _ in rule.finish(merged, Dataset()))
    _, finish_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    turns = sum(len(c) for c in collected)
    return {
        "turns": turns,
        "collect_s": collect_s,
        "collect_us_per_turn": collect_s / turns * 1e6,
        "partial_s": partial_s,
        "merge_s": merge_s,
        "finish_s": finish_s,
        "findings": findings,
        "state_mb": state_bytes / 2**20,
        "finish_peak_mb": finish_peak / 2**20,
    }


def rss_only(directory: Path, workdir: Path) -> dict[str, float]:
    """The main process's peak RSS (MB) of one run with and one without the rule."""
    options = run.check_options(ignore=tuple(r for r in run.DIVERSITY_RULES if r != "near-duplicate"))
    found = {}
    for label, extra in (("with", []), ("without", ["--ignore", "near-duplicate"])):
        found[label] = lint_main_rss(directory, workdir, [*options, *extra])[1] / 2**20
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="turns (default: 10000)")
    parser.add_argument(
        "--rss-size",
        type=int,
        default=1_000,
        help="turns of the smaller sets, for RSS only (default: 1000; 0: none)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (default: 3)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "fplint-bench",
        help="where the datasets are made and kept (default: fplint-bench in the temporary folder)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        dest="json_out",
        help="also write every figure to this file",
    )
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    workdir = args.workdir.resolve()
    sources = shapes.load_sources()
    copies = shapes.ensure_dataset(workdir, sources, args.size, "clean")
    sets = {"copies": copies.directory, "distinct": distinct(copies, workdir)}
    figures: dict[str, Any] = {
        "machine": run.machine_info(),
        "load_average": os.getloadavg(),
        "size": args.size,
        "repeat": args.repeat,
    }
    for name, directory in sets.items():
        run.log(f"{name}: {directory}")
        figures[name] = {
            "full": full_runs(directory, workdir, args.repeat),
            "rule": phases(directory),
        }
    if args.rss_size:
        small = shapes.ensure_dataset(workdir, sources, args.rss_size, "clean")
        for name, directory in (
            ("copies", small.directory),
            ("distinct", distinct(small, workdir)),
        ):
            run.log(f"{name}, {args.rss_size:,} turns: {directory}")
            figures[name]["small_rss_mb"] = rss_only(directory, workdir)
    figures["load_average_after"] = os.getloadavg()
    for line in report(figures, args.size, args.rss_size):
        print(line)
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def report(figures: dict[str, Any], size: int, small: int) -> list[str]:
    """The figures as the tables docs/performance.md quotes."""
    load = " → ".join(f"{figures[k][0]:.1f}" for k in ("load_average", "load_average_after"))
    lines = [
        f"near-duplicate on {size:,} turns, best of {figures['repeat']}; fplint {figures['machine']['source']}; "
        f"load average {load} on {os.cpu_count()} cores",
        "",
        "| set | without s | with s | slowdown (≤1.20) | CPU without s | CPU with s | CPU ratio "
        "| main RSS without MB | main RSS with MB | near-duplicate findings |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in ("copies", "distinct"):
        full = figures[name]["full"]
        lines.append(
            f"| {name} | {full['seconds_without']:.2f} | {full['seconds_with']:.2f} "
            f"| {full['slowdown']:.2f} {run.mark(full['slowdown'] <= TARGET_SLOWDOWN)} "
            f"| {full['cpu_without']:.2f} | {full['cpu_with']:.2f} | {full['cpu_slowdown']:.2f} "
            f"| {full['main_rss_mb_without']:.1f} | {full['main_rss_mb_with']:.1f} "
            f"| {full['diagnostics'].get('with_near_duplicate', 0):,} |"
        )
    if small:
        lines += [
            "",
            f"the rule's extra main-process RSS, {small:,} → {size:,} turns:",
            "",
        ]
        for name in ("copies", "distinct"):
            full, rss = figures[name]["full"], figures[name]["small_rss_mb"]
            extra_small = rss["with"] - rss["without"]
            extra = full["main_rss_mb_with"] - full["main_rss_mb_without"]
            per_turn = (extra - extra_small) * 2**20 / (size - small) if size > small else float("nan")
            lines.append(
                f"- {name}: {extra_small:+.1f} MB over {rss['without']:.1f} MB at {small:,}; "
                f"{extra:+.1f} MB over {full['main_rss_mb_without']:.1f} MB at {size:,} "
                f"(≈ {per_turn:,.0f} bytes a turn)"
            )
    lines.append("")
    for name in ("copies", "distinct"):
        rule = figures[name]["rule"]
        lines.append(
            f"{name}: CPU collect {rule['collect_s']:.2f} s ({rule['collect_us_per_turn']:.0f} µs/turn), "
            f"partial {rule['partial_s']:.2f} s, merge {rule['merge_s']:.3f} s, finish {rule['finish_s']:.2f} s "
            f"({rule['findings']:,} findings, peak {rule['finish_peak_mb']:.1f} MB), state {rule['state_mb']:.1f} MB"
        )
    return lines


if __name__ == "__main__":
    main()
