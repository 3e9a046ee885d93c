"""Benchmark fplint against the JSON parse floor (orjson) and check-jsonschema.

Generates deterministic synthetic datasets from ``examples/valid`` (a clean variant that
fplint passes without a single diagnostic, and a defective one with schema and
sentence-coverage errors in every turn), then measures, on the same files:

* ``fplint check DIR --output-format json`` as a subprocess: best wall time, turns/s,
  exit code, diagnostic count, peak RSS (the child's ``ru_maxrss`` from ``os.wait4``);
* the parse floor: ``orjson.loads`` over the bytes of every file, in this process;
* ``check-jsonschema --schemafile schema.json FILES...`` (schema validation only);
* ``fplint check`` on one ~4-turn file (the pre-commit case).

Run ``python bench/run.py --help``; the figures and their targets are explained in
``docs/performance.md``. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "valid"

#: Bump when the generated files change, so cached datasets are not reused.
GENERATOR_VERSION = "2"
VARIANTS = ("clean", "defective")
DEFAULT_SIZES = (1_000, 10_000)
TURNS_PER_FILE = 4
SEED = 20261122
#: Quality scores by turn index: 13×5, 5×4, 2×3 in every 20 (65% / 25% / 10%).
SCORE_PATTERN = (5, 5, 4, 5, 5, 3, 5, 4, 5, 5, 4, 5, 5, 5, 4, 5, 5, 3, 4, 5)
#: Client first names swapped in for the source's, one per synthetic conversation.
NAMES = ("Jennifer", "David", "Maria", "Kwame", "Priya", "Tomasz", "Aiko", "Lucia", "Omar", "Hannah")

# Targets (see docs/performance.md).
TARGET_FLOOR_RATIO = 5.0  # fplint / orjson floor, at most
TARGET_CJS_RATIO = 2.0  # check-jsonschema / fplint, at least
TARGET_ONE_FILE_S = 0.25  # one-file fplint check, below
TARGET_RSS_RATIO = 1.5  # RSS(largest size) / RSS(smallest size), at most


# --------------------------------------------------------------------------- dataset


@dataclasses.dataclass(frozen=True)
class Source:
    """One hand-written conversation: its id, its client's first name, its turns in order."""

    conversation_id: str
    client: str
    turns: tuple[dict[str, Any], ...]


@dataclasses.dataclass(frozen=True)
class DataSet:
    """A generated dataset on disk."""

    size: int
    variant: str
    directory: Path
    files: tuple[Path, ...]


def load_sources(examples: Path = EXAMPLES) -> list[Source]:
    """The example conversations, their turns gathered by conversation id and sorted."""
    from fplint.read.loader import load

    grouped: dict[str, dict[str, dict[str, Any]]] = {}
    paths = sorted(p for p in examples.iterdir() if p.suffix in {".json", ".yaml", ".yml"})
    for path in paths:
        for turn in load(path).turns:
            value = json.loads(json.dumps(turn.value))  # plain dicts and lists
            grouped.setdefault(value["conversation_id"], {})[value["id"]] = value
    sources = []
    for cid, turns in sorted(grouped.items()):
        ordered = sorted(turns.values(), key=lambda t: t["turn_number"])
        client = cid.split("_")[1].capitalize()  # fp_jennifer_001 -> Jennifer
        sources.append(Source(cid, client, tuple(ordered)))
    return sources


def dataset_dir(workdir: Path, size: int, variant: str) -> Path:
    """Where a dataset of these parameters lives: named by a hash of them."""
    key = f"{size}:{variant}:{GENERATOR_VERSION}:{TURNS_PER_FILE}:{SEED}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return workdir / f"fp-bench-{variant}-{size}-{digest}"


def ensure_dataset(workdir: Path, sources: Sequence[Source], size: int, variant: str) -> DataSet:
    """Generate the dataset unless a complete one with the same parameters is there."""
    directory = dataset_dir(workdir, size, variant)
    manifest = directory / "manifest.txt"
    if not manifest.is_file():
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
        names = [
            write_file(directory, name, pairs, meta) for name, pairs, meta in plan(sources, size, variant)
        ]
        manifest.write_text("\n".join(names) + "\n", encoding="utf-8")
    files = tuple(directory / name for name in manifest.read_text(encoding="utf-8").split())
    return DataSet(size, variant, directory, files)


def plan(
    sources: Sequence[Source], size: int, variant: str
) -> Iterator[tuple[str, list[dict[str, Any]], dict[str, Any]]]:
    """Yield (file name, turns, dataset_metadata) for ``size`` turns, conversation by conversation."""
    made = 0
    number = 0
    while made < size:
        source = sources[number % len(sources)]
        count = min(len(source.turns), size - made)  # the last conversation may be cut short
        cid = conversation_id(number)
        client = Random(SEED + number).choice(NAMES)
        turns = [copy_turn(source, turn, cid, client) for turn in source.turns[:count]]
        for turn in turns:
            set_quality(turn, SCORE_PATTERN[made % len(SCORE_PATTERN)])
            if variant == "defective":
                break_turn(turn)
            made += 1
        chunks = [turns[i : i + TURNS_PER_FILE] for i in range(0, len(turns), TURNS_PER_FILE)]
        for part, chunk in enumerate(chunks, start=1):
            name = f"{cid}.json" if len(chunks) == 1 else f"{cid}-part{part}.json"
            meta = {
                "dataset_name": "fplint_benchmark",
                "generator_version": GENERATOR_VERSION,
                "variant": variant,
                "conversation_id": cid,
                "source_conversation": source.conversation_id,
                "total_turns": len(chunk),
                "part": f"{part} of {len(chunks)}",
            }
            yield name, chunk, meta
        number += 1


def conversation_id(number: int) -> str:
    """``fp_bencha_000`` … ``fp_benchz_999``, ``fp_benchba_000`` …: the standard's fp_[persona]_[###]."""
    letters = ""
    thousands = number // 1000
    while True:
        thousands, digit = divmod(thousands, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not thousands:
            break
    return f"fp_bench{letters}_{number % 1000:03d}"


def copy_turn(source: Source, turn: dict[str, Any], cid: str, client: str) -> dict[str, Any]:
    """The turn under a new conversation id, with the client's first name swapped everywhere."""
    text = json.dumps(turn, ensure_ascii=False).replace(source.conversation_id, cid)
    text = re.sub(rf"\b{re.escape(source.client)}\b", client, text)
    return json.loads(text)  # type: ignore[no-any-return]


def set_quality(turn: dict[str, Any], score: int) -> None:
    """Give the turn ``score`` as its quality score and every quality criterion."""
    meta = turn["training_metadata"]
    meta["quality_score"] = score
    criteria = meta.get("quality_criteria")
    if isinstance(criteria, dict):
        for key in criteria:
            criteria[key] = score


def break_turn(turn: dict[str, Any]) -> None:
    """Three defects: a confidence out of range, an unanalysed sentence, a misspelt key."""
    turn["emotional_context"]["detected_emotions"]["primary_confidence"] = 1.4
    sentences = turn["response_breakdown"]["sentences"]
    del sentences[1 if len(sentences) > 1 else 0]
    rebuilt: dict[str, Any] = {}
    for key, value in turn.items():
        rebuilt[key] = value
        if key == "target_response":
            rebuilt["target_reponse"] = copy.deepcopy(value)
    turn.clear()
    turn.update(rebuilt)


def write_file(directory: Path, name: str, pairs: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    document = {"dataset_metadata": meta, "training_pairs": pairs}
    (directory / name).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return name


# --------------------------------------------------------------------------- running


@dataclasses.dataclass(frozen=True)
class Run:
    """One child process: wall seconds, exit code, peak resident memory in bytes."""

    seconds: float
    exit_code: int
    max_rss: int


#: Starts the measured command from a small process of its own. A child started straight from
#: this script (vfork, then exec) inherits this script's peak RSS as its own ``ru_maxrss`` —
#: hundreds of MB once the floor's files are in memory — which would hide the child's figure.
LAUNCHER = """
import os, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    started = time.perf_counter()
    proc = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
print(seconds, os.waitstatus_to_exitcode(status), usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def run_child(command: Sequence[str], cwd: Path, stdout: Path) -> Run:
    """Run a command with stdout to a file; its wall time, exit code and ``ru_maxrss``."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(stdout), *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, code, rss, _ = done.stdout.split()
    return Run(float(seconds), int(code), int(rss) * 1024)  # Linux reports KiB


def fplint_command() -> list[str]:
    script = Path(sys.executable).with_name("fplint")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "fplint"]


def cjs_command() -> list[str]:
    script = Path(sys.executable).with_name("check-jsonschema")
    found = str(script) if script.is_file() else shutil.which("check-jsonschema")
    if not found:
        raise SystemExit("check-jsonschema is not installed: pip install -e '.[bench]'")
    return [found]


def check_options(extra: Sequence[str] = ()) -> list[str]:
    """``--isolated --output-format json``, ``--no-cache`` where fplint has a cache, then ``extra``.

    A cache would turn every repeat after the first into cache hits: the figures are cold runs.
    """
    options = ["--isolated", "--output-format", "json"]
    usage = subprocess.run([*fplint_command(), "check", "--help"], capture_output=True, text=True).stdout
    if "--no-cache" in usage:
        options.append("--no-cache")
    return [*options, *extra]


def lint(paths: Sequence[Path], workdir: Path, options: Sequence[str]) -> tuple[Run, dict[str, Any]]:
    """One ``fplint check OPTIONS PATHS`` run and its parsed JSON report."""
    command = [*fplint_command(), "check", *options, *map(str, paths)]
    out = workdir / "fplint-out.json"
    run = run_child(command, workdir, out)
    try:
        report = json.loads(out.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SystemExit(f"fplint printed no JSON report (exit {run.exit_code}): {exc}") from exc
    return run, report


def measure_fplint(dataset: DataSet, workdir: Path, repeat: int, options: Sequence[str]) -> dict[str, Any]:
    runs, reports = zip(*(lint([dataset.directory], workdir, options) for _ in range(repeat)), strict=True)
    best = min(r.seconds for r in runs)
    report = reports[-1]
    check_sanity(dataset, runs[-1], report)
    return {
        "seconds": best,
        "turns_per_s": dataset.size / best,
        "exit_code": runs[-1].exit_code,
        "diagnostics": len(report["diagnostics"]),
        "files": report["summary"]["files"],
        "turns": report["summary"]["turns"],
        "peak_rss_mb": max(r.max_rss for r in runs) / 2**20,
    }


def check_sanity(dataset: DataSet, run: Run, report: dict[str, Any]) -> None:
    """Clean: no diagnostic and exit 0; defective: at least 3 diagnostics a turn and exit 1."""
    found = report["diagnostics"]
    problems = []
    if report["summary"]["turns"] != dataset.size:
        problems.append(f"fplint counted {report['summary']['turns']} turns, not {dataset.size}")
    if dataset.variant == "clean" and (found or run.exit_code != 0):
        shown = "; ".join(f"{d['path']}:{d['line']} {d['code']} {d['message']}" for d in found[:5])
        problems.append(f"{len(found)} diagnostics on the clean set (exit {run.exit_code}): {shown}")
    if dataset.variant == "defective" and (len(found) < 3 * dataset.size or run.exit_code != 1):
        problems.append(f"only {len(found)} diagnostics on the defective set (exit {run.exit_code})")
    if problems:
        raise SystemExit(f"sanity check failed for {dataset.variant}/{dataset.size}: " + " | ".join(problems))


def measure_floor(dataset: DataSet, repeat: int) -> dict[str, Any]:
    """orjson parsing every file's bytes, all read beforehand; best of ``repeat``."""
    import orjson

    blobs = [path.read_bytes() for path in dataset.files]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for blob in blobs:
            orjson.loads(blob)
        times.append(time.perf_counter() - started)
    return {"seconds": min(times), "bytes": sum(map(len, blobs))}


def measure_cjs(dataset: DataSet, schema: Path, workdir: Path, repeat: int) -> dict[str, Any]:
    """check-jsonschema over every file (in as few argument chunks as fit); best of ``repeat``."""
    chunks = list(arg_chunks([p.name for p in dataset.files]))
    totals, codes = [], set()
    for _ in range(repeat):
        total = 0.0
        for chunk in chunks:
            command = [*cjs_command(), "--schemafile", str(schema), *chunk]
            run = run_child(command, dataset.directory, workdir / "cjs-out.txt")
            total += run.seconds
            codes.add(run.exit_code)
        totals.append(total)
    return {"seconds": min(totals), "chunks": len(chunks), "exit_codes": sorted(codes)}


def arg_chunks(names: Sequence[str], limit: int = 100_000) -> Iterator[list[str]]:
    """Split file names into argument lists of at most ``limit`` bytes."""
    chunk: list[str] = []
    used = 0
    for name in names:
        if chunk and used + len(name) + 1 > limit:
            yield chunk
            chunk, used = [], 0
        chunk.append(name)
        used += len(name) + 1
    if chunk:
        yield chunk


def measure_one_file(
    dataset: DataSet, workdir: Path, options: Sequence[str], repeat: int = 5
) -> dict[str, Any]:
    """``fplint check`` on the first file of the set with ``TURNS_PER_FILE`` turns; best of 5."""
    path = next(
        p for p in dataset.files if len(json.loads(p.read_bytes())["training_pairs"]) >= TURNS_PER_FILE
    )
    runs = [lint([path], workdir, options)[0] for _ in range(repeat)]
    return {"file": path.name, "seconds": min(r.seconds for r in runs)}


# --------------------------------------------------------------------------- reporting


def machine_info() -> dict[str, Any]:
    import fplint

    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.is_file() else []
    cpu = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), "")
    return {
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "fplint": fplint.__version__,
        "orjson": _version("orjson"),
        "check_jsonschema": _version("check-jsonschema"),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "source": source_state(),
    }


def source_state() -> str:
    """The commit fplint is at, and how many files under fplint/ differ from it (read-only git)."""
    import fplint

    package = Path(fplint.__file__).resolve().parent
    if package != ROOT / "fplint":  # e.g. PYTHONPATH=/tmp/snapshot: not this checkout
        return f"fplint imported from {package}"
    git = ["git", "--no-optional-locks", "-C", str(ROOT)]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        status = subprocess.run(
            [*git, "status", "--porcelain", "--", "fplint"], capture_output=True, text=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    changed = len(status.stdout.splitlines())
    return head.stdout.strip() + (f" + {changed} changed files under fplint/" if changed else "")


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


def results_table(rows: Sequence[dict[str, Any]]) -> str:
    header = (
        "| size | variant | fplint s | turns/s | exit | diagnostics | orjson floor s "
        f"| fplint/floor (≤{TARGET_FLOOR_RATIO:g}) | check-jsonschema s "
        f"| cjs/fplint (≥{TARGET_CJS_RATIO:g}) | peak RSS MB |"
    )
    lines = [header, "|" + "---|" * header.count(" | ") + "---|"]
    for r in rows:
        floor_ratio = r["fplint"]["seconds"] / r["floor"]["seconds"]
        cjs_ratio = r["cjs"]["seconds"] / r["fplint"]["seconds"]
        lines.append(
            f"| {r['size']:,} | {r['variant']} | {r['fplint']['seconds']:.2f} "
            f"| {r['fplint']['turns_per_s']:,.0f} | {r['fplint']['exit_code']} "
            f"| {r['fplint']['diagnostics']:,} | {r['floor']['seconds']:.3f} "
            f"| {floor_ratio:.1f} {mark(floor_ratio <= TARGET_FLOOR_RATIO)} "
            f"| {r['cjs']['seconds']:.2f} | {cjs_ratio:.2f} {mark(cjs_ratio >= TARGET_CJS_RATIO)} "
            f"| {r['fplint']['peak_rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def summary_lines(rows: Sequence[dict[str, Any]], one_file: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    for variant, figures in one_file.items():
        s = figures["seconds"]
        lines.append(
            f"one-file fplint check ({variant}, {figures['file']}): {s:.3f} s "
            f"(target < {TARGET_ONE_FILE_S:g} s: {mark(s < TARGET_ONE_FILE_S)})"
        )
    for variant in VARIANTS:
        sized = sorted((r for r in rows if r["variant"] == variant), key=lambda r: r["size"])
        if len(sized) < 2:
            continue
        small, large = sized[0], sized[-1]
        ratio = large["fplint"]["peak_rss_mb"] / small["fplint"]["peak_rss_mb"]
        lines.append(
            f"memory ratio RSS({large['size']:,})/RSS({small['size']:,}) {variant}: {ratio:.2f} "
            f"(target ≤ {TARGET_RSS_RATIO:g}: {mark(ratio <= TARGET_RSS_RATIO)})"
        )
    return lines


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(n) for n in s.split(",")],
        default=list(DEFAULT_SIZES),
        help="comma-separated turn counts (default: 1000,10000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (default: 3)")
    parser.add_argument(
        "--workdir", type=Path, help="where datasets are generated and kept (default: a temporary directory)"
    )
    parser.add_argument("--json", type=Path, dest="json_out", help="also write every figure to this file")
    parser.add_argument(
        "--fplint-args",
        default="",
        help="extra options for every 'fplint check', space-separated (e.g. '-j 1')",
    )
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def benchmark(workdir: Path, sizes: Sequence[int], repeat: int, extra: Sequence[str]) -> dict[str, Any]:
    started = time.perf_counter()
    machine = machine_info()
    options = check_options(extra)
    log(f"fplint check {' '.join(options)} DIR")
    # measure fplint as installed: pip byte-compiles a package it installs, and an editable
    # checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile every module each run
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "fplint")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sources = load_sources()
    schema = workdir / "schema.json"
    with schema.open("wb") as out:
        subprocess.run([*fplint_command(), "schema"], stdout=out, check=True)
    rows: list[dict[str, Any]] = []
    one_file: dict[str, dict[str, Any]] = {}
    for size in sizes:
        for variant in VARIANTS:
            dataset = ensure_dataset(workdir, sources, size, variant)
            log(f"{variant} {size:,} turns, {len(dataset.files):,} files in {dataset.directory}")
            row: dict[str, Any] = {"size": size, "variant": variant, "files": len(dataset.files)}
            row["fplint"] = measure_fplint(dataset, workdir, repeat, options)
            row["floor"] = measure_floor(dataset, repeat)
            row["cjs"] = measure_cjs(dataset, schema, workdir, repeat)
            rows.append(row)
            log(f"  fplint {row['fplint']['seconds']:.2f} s, check-jsonschema {row['cjs']['seconds']:.2f} s")
            if variant not in one_file:
                one_file[variant] = measure_one_file(dataset, workdir, options)
    return {
        "machine": machine,
        "repeat": repeat,
        "fplint_options": options,
        "workdir": str(workdir),
        "results": rows,
        "one_file": one_file,
        "total_seconds": time.perf_counter() - started,
    }


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        figures = benchmark(args.workdir.resolve(), args.sizes, args.repeat, args.fplint_args.split())
    else:
        with tempfile.TemporaryDirectory(prefix="fplint-bench-") as tmp:
            figures = benchmark(Path(tmp), args.sizes, args.repeat, args.fplint_args.split())
    m = figures["machine"]
    print(
        f"machine: {m['cpu_count']} CPUs ({m['cpu'] or 'unknown CPU'}), {m['platform']}, "
        f"Python {m['python']}, fplint {m['fplint']}, orjson {m['orjson']}, "
        f"check-jsonschema {m['check_jsonschema']}; source {m['source']}; best of {figures['repeat']}"
    )
    print(f"fplint check {' '.join(figures['fplint_options'])} DIR")
    print()
    print(results_table(figures["results"]))
    print()
    for line in summary_lines(figures["results"], figures["one_file"]):
        print(line)
    print(f"benchmark took {figures['total_seconds']:.0f} s")
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
