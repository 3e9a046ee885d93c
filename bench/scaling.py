"""Scaling benchmark: does fplint's cost grow in proportion to its input, at every scope?

For each scope, a hostile input is generated at 1x and at 10x size, and ``fplint check`` runs
on each as a subprocess (``--isolated --no-cache --output-format json``): its CPU time (user +
system, steadier than wall time on a shared machine), wall time, peak RSS and findings are
measured, and the 10x/1x ratios printed. Linear work gives a CPU ratio near 10 (a little less:
start-up is paid once); quadratic work, near 100. Not part of the test suite.

Scopes (each input aims at the rules of that scope, with a defect in every unit so that the
finding paths run too):

* ``file``: one pairs file of N small turns, each repeating a key (duplicate-key, whose
  findings are placed in their turn) and carrying an unexpected key (schema);
* ``repeats``: one object repeating one key N times (duplicate-key, each repeat with the fix
  that drops the occurrence before it);
* ``turn``: one turn whose lists and texts hold N items (sentences, indicators, history
  entries, rationale words): the turn rules over one large turn;
* ``conversation``: one conversation of N small turns in one file, with an empty history in
  every turn, a progression that disagrees with the previous turn, every 10th number missing
  and every 7th used twice (history-consistent, progression-consistent, turn-sequence);
* ``dataset``: N small turns over N/10 files, every turn's id used twice (duplicate-turn,
  turn-identity, quality-distribution);
* ``jsonl``: one JSONL file of N lines, one small turn a line;
* ``recovery``: one pairs file of N small turns, every 10th with a bare (unquoted) word where
  a string should be: the file is read around each syntax error (fplint.read.recover).

Run ``python bench/scaling.py --help``; the figures are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from run import LAUNCHER, fplint_command  # bench/run.py: the same measuring launcher

#: Sizes at 1x (the 10x run multiplies them by ``--factor``).
BASE = {
    "file": 6_000,
    "repeats": 10_000,
    "turn": 300,
    "conversation": 3_000,
    "dataset": 3_000,
    "jsonl": 10_000,
    "recovery": 6_000,
}
#: A CPU ratio above this (for a 10x input) is reported as not linear.
LINEAR_LIMIT = 15.0


def small_turn(number: int, conversation: str, turn_id: str | None = None) -> dict[str, Any]:
    """A small turn: what the conversation and dataset rules read, and a few messages."""
    return {
        "id": turn_id or f"{conversation}_turn{number}",
        "conversation_id": conversation,
        "turn_number": number,
        "conversation_history": [],
        "current_user_input": f"I keep worrying about money, and today it is about bill {number}.",
        "target_response": f"That worry makes sense. Let's look at bill {number} together, one step at a time.",
        "emotional_context": {
            "detected_emotions": {"primary": "anxiety", "primary_confidence": 0.8, "intensity": 0.6},
            "emotional_progression": {"previous_turn_primary": "shame", "turn_1": "shame"},
        },
        "training_metadata": {"quality_score": 5 if number % 3 else 3},
    }


def gen_file(directory: Path, n: int) -> None:
    parts = []
    for i in range(1, n + 1):
        text = json.dumps(small_turn(1, f"fp_file{i:07d}_001"))
        parts.append(text[:-1] + ', "turn_number": 1, "unexpected_key": true}')
    (directory / "file.json").write_text('{"training_pairs": [' + ",\n".join(parts) + "]}")


def gen_repeats(directory: Path, n: int) -> None:
    (directory / "repeats.json").write_text(
        '{"training_pairs": [], ' + ", ".join(f'"k": {i}' for i in range(n)) + "}"
    )


def gen_turn(directory: Path, n: int) -> None:
    turn = json.loads(
        (
            Path(__file__).resolve().parent.parent / "examples" / "valid" / "fp_jennifer_001-part1.json"
        ).read_text()
    )["training_pairs"][0]
    sentences = turn["response_breakdown"]["sentences"]
    response = turn["target_response"]
    turn["target_response"] = " ".join([response] * n)
    turn["response_breakdown"]["sentences"] = [
        dict(s, sentence_number=i + 1) for i, s in enumerate(sentences * n)
    ]
    for key, examples in turn["emotional_context"]["emotional_indicators"].items():
        turn["emotional_context"]["emotional_indicators"][key] = examples * n
    turn["conversation_history"] = [{"turn": i, "role": "user", "content": "..."} for i in range(n)]
    (directory / "turn.json").write_text(json.dumps({"training_pairs": [turn]}))


def gen_conversation(directory: Path, n: int) -> None:
    turns = []
    for i in range(1, n + 1):
        if i % 10 == 0:
            continue  # a gap
        turns.append(small_turn(i, "fp_conv_001"))
        if i % 7 == 0:
            turns.append(small_turn(i, "fp_conv_001", f"fp_conv_001_turn{i}b"))
    (directory / "conversation.json").write_text(json.dumps({"training_pairs": turns}))


def gen_dataset(directory: Path, n: int) -> None:
    per_file = 10
    for f in range(n // per_file):
        turns = [small_turn(1, f"fp_data{(f * per_file + i) // 2:07d}_001") for i in range(per_file)]
        (directory / f"data-{f:06d}.json").write_text(json.dumps({"training_pairs": turns}))


def gen_jsonl(directory: Path, n: int) -> None:
    with open(directory / "lines.jsonl", "w") as out:
        for i in range(n):
            out.write(json.dumps(small_turn(1, f"fp_line{i:08d}_001")) + "\n")


def gen_recovery(directory: Path, n: int) -> None:
    turns = [small_turn(i + 1, f"fp_broken{i // 4:07d}_001") for i in range(n)]
    text = json.dumps({"training_pairs": turns}, indent=1)
    for i in range(0, n, 10):  # the id of every 10th turn written bare
        quoted = json.dumps(turns[i]["id"])
        text = text.replace(quoted, quoted[1:-1], 1)
    (directory / "broken.json").write_text(text)


GENERATORS: dict[str, Callable[[Path, int], None]] = {
    "file": gen_file,
    "repeats": gen_repeats,
    "turn": gen_turn,
    "conversation": gen_conversation,
    "dataset": gen_dataset,
    "jsonl": gen_jsonl,
    "recovery": gen_recovery,
}


def measure(directory: Path, extra: Sequence[str]) -> dict[str, Any]:
    out = directory.parent / (directory.name + ".out")
    command = [
        *fplint_command(),
        "check",
        "--isolated",
        "--no-cache",
        "--output-format",
        "json",
        *extra,
        str(directory),
    ]
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(out), *command], capture_output=True, text=True, check=True
    )
    wall, code, rss, cpu = done.stdout.split()
    try:
        findings = json.loads(out.read_text())["summary"]
        count = findings.get("errors", 0) + findings.get("warnings", 0)
    except (ValueError, KeyError):
        count = -1
    out.unlink()
    size = sum(p.stat().st_size for p in directory.iterdir())
    return {
        "wall": float(wall),
        "cpu": float(cpu),
        "exit": int(code),
        "rss": int(rss) * 1024,
        "findings": count,
        "bytes": size,
    }


def run(
    scopes: Sequence[str], factor: int, scale: float, workdir: Path, extra: Sequence[str]
) -> list[dict[str, Any]]:
    rows = []
    for scope in scopes:
        sizes = [max(1, int(BASE[scope] * scale)), max(1, int(BASE[scope] * scale)) * factor]
        figures = []
        for n in sizes:
            directory = workdir / f"{scope}-{n}"
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir(parents=True)
            GENERATORS[scope](directory, n)
            print(
                f"  {scope} n={n:,}: {sum(p.stat().st_size for p in directory.iterdir()) / 1e6:.1f} MB ...",
                file=sys.stderr,
                flush=True,
            )
            figures.append({"n": n, **measure(directory, extra)})
            shutil.rmtree(directory)
        small, large = figures
        rows.append(
            {
                "scope": scope,
                "small": small,
                "large": large,
                "cpu_ratio": large["cpu"] / small["cpu"] if small["cpu"] else float("inf"),
                "rss_ratio": large["rss"] / small["rss"],
                "findings_ratio": large["findings"] / small["findings"]
                if small["findings"] > 0
                else float("nan"),
            }
        )
    return rows


def table(rows: Sequence[dict[str, Any]], factor: int) -> str:
    lines = [
        f"| scope | n (1x → {factor}x) | MB | CPU s | wall s | peak RSS MB | findings | CPU ratio | RSS ratio | linear |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        s, g = r["small"], r["large"]
        ok = "yes" if r["cpu_ratio"] <= LINEAR_LIMIT * factor / 10 else "NO"
        lines.append(
            f"| {r['scope']} | {s['n']:,} → {g['n']:,} | {s['bytes'] / 1e6:.1f} → {g['bytes'] / 1e6:.1f} "
            f"| {s['cpu']:.1f} → {g['cpu']:.1f} | {s['wall']:.1f} → {g['wall']:.1f} "
            f"| {s['rss'] / 1e6:.0f} → {g['rss'] / 1e6:.0f} | {s['findings']:,} → {g['findings']:,} "
            f"| {r['cpu_ratio']:.1f} | {r['rss_ratio']:.1f} | {ok} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scopes", default=",".join(GENERATORS), help="comma-separated: " + ", ".join(GENERATORS)
    )
    parser.add_argument(
        "--factor", type=int, default=10, help="size of the large run over the small one (10)"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply the base sizes (0.1 for a quick look)"
    )
    parser.add_argument(
        "--workdir", type=Path, help="where inputs are generated (default: a temporary folder)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--fplint-args", default="", help="extra arguments for fplint check (e.g. '--jobs 1')"
    )
    args = parser.parse_args(argv)
    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
    unknown = [s for s in scopes if s not in GENERATORS]
    if unknown:
        parser.error(f"unknown scope(s): {', '.join(unknown)}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="fplint-scaling-"))
    try:
        rows = run(scopes, args.factor, args.scale, workdir, args.fplint_args.split())
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(rows, args.factor))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    if any(r["cpu_ratio"] > LINEAR_LIMIT * args.factor / 10 for r in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
