"""Write an existing set as JSONL shards of N turns: one compact turn a line, in reading order.

Teams at scale keep "millions of turns in sharded JSONL" (issue 15): a few large files rather
than one file a conversation. This writes the bench's sets that way, so ``ray_scale.py`` can
measure the Ray engine where the per-file cost does not count. The turns are taken from the
pairs files in the order ``fplint check`` reads them (``discover``), so a conversation's turns
stay together; one may span two shards, which the conversation rules' groupby joins again.
Each file's ``dataset_metadata`` is left out (a shard holds many conversations).

    .venv/bin/python bench/shard.py SRC DST --turns 1000
    .venv/bin/python bench/shard.py SRC DST --turns 1000 --limit 1   # one shard: measure its size
    .venv/bin/python bench/shard.py SRC DST --turns 300 --compare    # both layouts' findings alike?

``--compare`` runs ``fplint check`` on both layouts and compares the findings modulo where
they are: each as (scope, rule, severity, turn id, pointer within the turn, message), with the
places that messages cite (files, lines, turn pointers) taken out. Findings about a file
itself (scope ``file``: its length, its envelope) belong to the layout and are listed apart;
any other difference makes the exit code 1.

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from run import fplint_command

from fplint.read.discover import discover


def turns(source: Path) -> Iterator[Any]:
    """Every turn of the set's pairs files, in reading order."""
    files, _ = discover([str(source)], source)
    for path in files:
        with open(path, encoding="utf-8") as handle:
            value = json.load(handle)
        if isinstance(value, dict) and isinstance(value.get("training_pairs"), list):
            yield from value["training_pairs"]
        elif isinstance(value, list):
            yield from value
        else:
            raise SystemExit(f"{path}: not a pairs file (training_pairs) nor a list of turns")


def write(source: Path, target: Path, per_shard: int, limit: int | None = None) -> tuple[int, int, int]:
    """Shards of ``per_shard`` turns in ``target``: (shards, turns, bytes) written."""
    target.mkdir(parents=True, exist_ok=True)
    shards = written = size = 0
    out = None
    try:
        for turn in turns(source):
            if written % per_shard == 0:
                if out is not None:
                    out.close()
                    if limit is not None and shards >= limit:
                        out = None
                        break
                out = (target / f"shard-{shards:05d}.jsonl").open("w", encoding="utf-8")
                shards += 1
            line = json.dumps(turn, ensure_ascii=False, separators=(",", ":")) + "\n"
            assert out is not None
            out.write(line)
            size += len(line.encode("utf-8"))
            written += 1
    finally:
        if out is not None:
            out.close()
    return shards, written, size


#: Where another finding or turn is, as messages cite it: the same in both layouts once taken out.
PLACES = (
    (re.compile(r"(in \S+\.jsonl?|of this file)"), "in FILE"),
    (re.compile(r"(at|and) (/training_pairs)?/\d+"), r"\1 TURN"),
    (re.compile(r"\S+\.jsonl?(:\d+(:\d+)?)?"), "FILE"),
    (re.compile(r"\b(line|lines) \d+"), r"\1 N"),
    (re.compile(r"at TURN in FILE"), "in FILE at TURN"),  # "at /30 of this file"
)


def findings(directory: Path) -> Counter[tuple[str, ...]]:
    """``fplint check``'s findings on a directory, each told apart from where it is."""
    options = ("--isolated", "--no-cache", "--output-format", "json")
    done = subprocess.run(
        [*fplint_command(), "check", *options, str(directory)],
        capture_output=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"fplint check {directory}: exit {done.returncode}: {done.stderr.decode()[-500:]}")
    found: Counter[tuple[str, ...]] = Counter()
    for d in json.loads(done.stdout)["diagnostics"]:
        within = d["pointer"] or ""
        if d.get("turn_pointer") and within.startswith(d["turn_pointer"]):
            within = within[len(d["turn_pointer"]) :]
        message = d["message"]
        for pattern, replacement in PLACES:
            message = pattern.sub(replacement, message)
        found[(d["scope"], d["rule"], d["severity"], d.get("turn_id") or "", within, message)] += 1
    return found


def compare(source: Path, target: Path) -> int:
    """Print how the two layouts' findings differ: 0 when they are alike."""
    before, after = findings(source), findings(target)
    print(f"{source}: {sum(before.values()):,} findings; {target}: {sum(after.values()):,}")
    by_rule = Counter(key[1] for key in before.elements())
    print("by rule:", ", ".join(f"{rule} {count}" for rule, count in by_rule.most_common()))

    only = ((before - after), (after - before))
    for name, rows in zip(("only in the files", "only in the shards"), only, strict=True):
        for key, count in sorted(rows.items())[:20]:
            print(f"{name}: {count} x {key}")
        print(f"{name}: {sum(rows.values())} findings", dict(Counter(key[:2] for key in rows.elements())))
    return 0 if not any(key[0] != "file" for rows in only for key in rows) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a set of pairs files (the bench generator's)")
    parser.add_argument("target", type=Path, help="the directory to write shard-NNNNN.jsonl into")
    parser.add_argument("--turns", type=int, default=1000, help="turns a shard (default 1,000)")
    parser.add_argument("--limit", type=int, help="stop after this many shards")
    parser.add_argument("--compare", action="store_true", help="then compare fplint's findings on both")
    args = parser.parse_args()
    if args.turns < 1:
        parser.error("--turns must be at least 1")
    if args.target.exists() and any(args.target.iterdir()):
        parser.error(f"{args.target} is not empty")
    shards, written, size = write(args.source, args.target, args.turns, args.limit)
    free = os.statvfs(args.target)
    print(
        f"{shards:,} shards, {written:,} turns, {size / 2**20:,.1f} MB ({size / max(written, 1):,.0f} B a turn);"
        f" {free.f_bavail * free.f_frsize / 2**30:,.1f} GB left",
        flush=True,
    )
    return compare(args.source, args.target) if args.compare else 0


if __name__ == "__main__":
    sys.exit(main())
