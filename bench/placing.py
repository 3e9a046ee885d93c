"""What reading and placing cost on a set, phase by phase, in one process (CPU seconds, best of N).

The phases of issue 17 that a whole run hides among 30 rules:

* ``floor``: orjson reading every file's bytes, nothing else;
* ``parse``: ``parse_json._fast``, orjson plus the guards that prove no key was repeated
  and no integer was read as a float (``parse - floor`` is what the guards cost);
* ``place``: on loaded documents, the line of every turn (the per-turn verdicts) and of every
  finding a full run reports, as a run places them;
* ``cross``: the files with conversation or dataset findings loaded again and those
  findings placed, as the run does once every file is read;
* ``keep``: what replaced ``cross`` where it can: each worker packing, for every turn while
  it has the file (its own findings placed already), the place of every pointer the default
  rules' cross-file rules declare (``reports_at``; ``fplint.check.kept.pack``);
* ``unpack``: the run's side of it, the kept places of each file with cross-file findings
  unpacked (``fplint.check.kept.unpack``); ``B/turn``: the packed bytes a turn.

The findings come from one ``fplint check --output-format json`` of the set first. Compare
trees by running this script with ``PYTHONPATH`` set to each (a ``git archive`` of the
commit before), alternately. Not part of the test suite:

    .venv/bin/python bench/placing.py /tmp/perf/sets/fp-bench-real-1000-* --repeat 5
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from fplint.check.engine import Engine
from fplint.check.kept import Kept, pack, unpack
from fplint.config import load_config
from fplint.read import parse_json
from fplint.read.document import Document
from fplint.read.loader import load


def best(repeat: int, step: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    """The least CPU time of ``repeat`` runs of ``step`` (``before`` runs first, untimed)."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.process_time()
        step()
        times.append(time.process_time() - started)
    return min(times)


def findings(directory: Path) -> list[dict[str, object]]:
    command = [sys.executable, "-m", "fplint", "check", "-j1", "--isolated", "--no-cache"]
    done = subprocess.run(
        [*command, "--output-format", "json", str(directory)], capture_output=True, text=True, check=False
    )
    return list(json.loads(done.stdout)["diagnostics"])


def measure(directory: Path, repeat: int) -> dict[str, float]:
    files = sorted(str(p) for p in directory.glob("*.json"))
    data = [Path(f).read_bytes() for f in files]
    by_path: dict[str, list[str]] = collections.defaultdict(list)
    own: dict[str, list[str]] = collections.defaultdict(list)  # what the worker places itself
    cross: dict[str, list[str]] = collections.defaultdict(list)
    for d in findings(directory):
        by_path[str(d["path"])].append(str(d["pointer"]))
        scope = cross if d["scope"] in ("conversation", "dataset") else own
        scope[str(d["path"])].append(str(d["pointer"]))
    loads = orjson.loads  # the fast extra: the floor the guards are measured against
    documents: list[Document] = []

    def place(found: dict[str, list[str]] = by_path) -> None:
        for document in documents:
            for turn in document.turns:
                document.locate(turn.pointer)
            for pointer in found.get(document.path, ()):
                document.locate(pointer)

    def cross_place() -> None:
        for path, pointers in cross.items():
            document = load(path)
            for pointer in pointers:
                document.locate(pointer)

    pointers = Engine.from_config(load_config(discover=False)).kept
    packed: dict[str, Kept] = {}

    def keep() -> None:
        for document in documents:
            packed[document.path] = pack(document, document.turns, pointers)

    def unpacked() -> None:
        for path in cross:
            unpack(packed[path], len(pointers))

    def fresh() -> None:
        documents[:] = [load(f) for f in files]

    def placed() -> None:  # what the worker has done by then: every turn and its own findings placed
        fresh()
        place(own)

    return {
        "floor": best(repeat, lambda: [loads(b) for b in data]),
        "parse": best(repeat, lambda: [parse_json._fast(b) for b in data]),
        "place": best(repeat, place, fresh),
        "cross": best(repeat, cross_place),
        "keep": best(repeat, keep, placed),
        "unpack": best(repeat, unpacked),
        "bytes": sum(len(k[1]) for k in packed.values()) / max(sum(len(k[0]) for k in packed.values()), 1),
        "findings": float(sum(len(v) for v in by_path.values())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(
        "| set | floor s | parse s | guards s | place s | cross s | keep s | unpack s | B/turn | findings |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for directory in args.sets:
        m = measure(directory, args.repeat)
        print(
            f"| {directory.name} | {m['floor']:.3f} | {m['parse']:.3f} | {m['parse'] - m['floor']:.3f} "
            f"| {m['place']:.3f} | {m['cross']:.3f} | {m['keep']:.3f} | {m['unpack']:.3f} | {m['bytes']:.1f} "
            f"| {int(m['findings']):,} |"
        )


if __name__ == "__main__":
    main()
