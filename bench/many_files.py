"""What the driver keeps of each file: ``Run`` fed N synthetic file results, without Ray.

A run over many files lists them (``prepare``), then takes each file's result in reading
order (``Run.take``: a Ray run's driver reads back one row a file; a local run takes its
workers' results) and closes. This measures the driver process's own memory (``RssAnon`` from
/proc/self/status) after the listing and after the results, for each number of files, each in
a fresh process, and gives the growth a file. The results are shaped like the bench set's (a
pairs file of 3-4 turns, each with its place and id; no finding, or one in every K files).

    .venv/bin/python bench/many_files.py --files 30000,100000,300000
    PYTHONPATH=/tmp/before .venv/bin/python bench/many_files.py ...   # another tree's code

Not part of the test suite; figures in docs/scale.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: A long folder, as the bench's sets have: every path is a new string of this length or so.
FOLDER = "/tmp/ray-bench/fp-bench-clean-1000000-copies-of-fp-bench-clean-100000-ac715c2c9306/copy03"


def memory() -> dict[str, int]:
    """This process's RssAnon and VmHWM (peak RSS), in bytes."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("RssAnon", "VmHWM", "VmRSS"):
                found[key] = int(value.split()[0]) * 1024
    return found


def child(files: int, findings_every: int) -> dict[str, Any]:
    """In this process: list ``files`` files, take a result for each, close; memory at each step."""
    import fplint
    import fplint.check.run as run_module
    from fplint.api import default_config
    from fplint.check.engine import Engine, FileResult
    from fplint.model import Diagnostic, Severity

    config = default_config()
    engine = Engine.from_config(config)

    def listed(paths: Any, config: Any, empty: Any = None) -> tuple[list[str], list[str]]:
        return [f"{FOLDER}/fp_bench{n // 1000:04d}_{n % 1000:03d}.json" for n in range(files)], []

    run_module.checked_files = listed  # type: ignore[assignment]  # the listing, without a disk
    gc.collect()
    start = memory()
    run = run_module.prepare([FOLDER], config, engine)
    gc.collect()
    listed_at = memory()
    started = time.process_time()
    for n, (path, _) in enumerate(run.work):
        path = "".join([path[:1], path[1:]])  # a new string, as a row read back gives
        conversation = f"fp_bench{n // 1000:04d}_{n % 1000:03d}"
        turns = 3 + n % 2
        ids = [f"{conversation}_turn{k + 1}" for k in range(turns)]
        diagnostics = []
        if findings_every and n % findings_every == 0:
            diagnostics.append(
                Diagnostic(
                    path, 12, 5, "/training_pairs/0/id", ids[0], "schema", "FP201", Severity.ERROR, "x"
                )
            )
        run.take(
            FileResult(
                path,
                diagnostics=diagnostics,
                turns=turns,
                turn_ids=ids,
                places=[(f"/training_pairs/{k}", 12 + 300 * k, ids[k]) for k in range(turns)],
            )
        )
    taken = time.process_time() - started
    gc.collect()
    read_back = memory()
    report = run.close(run.sink.close([], [], {}), engine, time.perf_counter())
    gc.collect()
    closed = memory()
    assert report.files == files, report.files
    mb = 2**20
    return {
        "files": files,
        "findings_every": findings_every,
        "start_anon_mb": round(start["RssAnon"] / mb, 1),
        "listing_anon_mb": round((listed_at["RssAnon"] - start["RssAnon"]) / mb, 1),
        "readback_anon_mb": round((read_back["RssAnon"] - listed_at["RssAnon"]) / mb, 1),
        "readback_bytes_a_file": round((read_back["RssAnon"] - listed_at["RssAnon"]) / files),
        "closed_anon_mb": round(closed["RssAnon"] / mb, 1),
        "peak_rss_mb": round(closed["VmHWM"] / mb, 1),
        "take_cpu_us_a_file": round(taken / files * 1e6, 1),
        "fplint": str(Path(fplint.__file__).parent),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", default="30000,100000,300000", help="comma-separated numbers of files")
    parser.add_argument(
        "--findings-every", type=int, default=0, help="one finding in every K files (0: none)"
    )
    parser.add_argument("--json", type=Path, help="append the figures to this JSON-lines file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.findings_every)))
        return
    for files in (int(f) for f in args.files.split(",")):
        command = [
            sys.executable,
            __file__,
            "--child",
            str(files),
            "--findings-every",
            str(args.findings_every),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        row = json.loads(done.stdout)
        print(json.dumps(row), flush=True)
        if args.json:
            with args.json.open("a", encoding="utf-8") as out:
                out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    sys.exit(main())
