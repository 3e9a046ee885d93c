"""Benchmark fplint against the JSON parse floor (orjson) and check-jsonschema.

Generates deterministic datasets from ``examples/valid`` in three shapes (``shapes.py``:
clean, defective, and real-shaped), then measures, on the same files:

* ``fplint check DIR --output-format json`` as a subprocess, cold (``--no-cache``) and warm
  (a result cache filled by a first run): median wall time, CPU time, turns/s, exit code,
  diagnostic count, peak RSS (the child's ``ru_maxrss`` from ``os.wait4``);
* the parse floor: ``orjson.loads`` over the bytes of every file, in this process;
* ``check-jsonschema --schemafile schema.json FILES...`` (schema validation only);
* ``fplint check`` on one ~4-turn file, and the pre-commit case: one changed file with the
  whole set as its ``dataset:``, cache warm.

Run ``python bench/run.py --help``; the figures and their targets are explained in
``docs/performance.md``. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shapes import (  # bench/ is the script's directory, first on sys.path
    GENERATOR_VERSION,
    ROOT,
    SHAPES,
    TURNS_PER_FILE,
    DataSet,
    ensure_dataset,
    load_sources,
)

VARIANTS = SHAPES
DEFAULT_SIZES = (1_000, 10_000)

# Targets (see docs/performance.md).
TARGET_FLOOR_RATIO = {"clean": 8.0, "defective": 15.0, "real": 15.0}  # fplint / orjson floor, at most
TARGET_CJS_RATIO = {"clean": 2.0, "defective": 2.0, "real": 4.0}  # check-jsonschema / fplint, at least
TARGET_ONE_FILE_S = 0.15  # one-file fplint check, below
TARGET_PRECOMMIT_S = 1.5  # one changed file, the whole dataset as context, cache warm, below
TARGET_RSS_RATIO = 1.5  # RSS(largest size) / RSS(smallest size), at most


# --------------------------------------------------------------------------- running


@dataclasses.dataclass(frozen=True)
class Run:
    """One child process: wall and CPU seconds, exit code, peak resident memory in bytes."""

    seconds: float
    exit_code: int
    max_rss: int
    cpu: float


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


def run_child(command: Sequence[str], cwd: Path, stdout: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command with stdout to a file; its wall and CPU time, exit code and ``ru_maxrss``.

    The CPU time is the child's own (``ru_utime + ru_stime``): worker processes it waits
    for are counted, and it shows the work done apart from the machine's load.
    """
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(stdout), *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    seconds, code, rss, cpu = done.stdout.split()
    return Run(float(seconds), int(code), int(rss) * 1024, float(cpu))  # Linux reports KiB


def fplint_command() -> list[str]:
    script = Path(sys.executable).with_name("fplint")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "fplint"]


def cjs_command() -> list[str]:
    script = Path(sys.executable).with_name("check-jsonschema")
    found = str(script) if script.is_file() else shutil.which("check-jsonschema")
    if not found:
        raise SystemExit("check-jsonschema is not installed: pip install -e '.[bench]'")
    return [found]


#: Rules these runs leave out: every generated conversation copies an example one, which
#: they rightly report (the clean set would not be clean); bench/near_duplicate.py measures them.
DIVERSITY_RULES = ("near-duplicate", "strategy-diversity")


def check_options(extra: Sequence[str] = (), ignore: Sequence[str] = DIVERSITY_RULES) -> list[str]:
    """``--isolated --output-format json``, ``--ignore`` the rules in ``ignore``, ``--no-cache``
    where fplint has a cache, then ``extra``.

    A cache would turn every repeat after the first into cache hits: the cold figures are
    cold runs.
    """
    known = subprocess.run(
        [*fplint_command(), "rules", "--isolated"], capture_output=True, text=True
    ).stdout.split()
    ignore = [rule for rule in ignore if rule in known]  # an older fplint (a "before" figure) may lack some
    options = ["--isolated", "--output-format", "json", *(["--ignore", ",".join(ignore)] if ignore else [])]
    usage = subprocess.run([*fplint_command(), "check", "--help"], capture_output=True, text=True).stdout
    if "--no-cache" in usage:
        options.append("--no-cache")
    return [*options, *extra]


def warm_env(workdir: Path, name: str) -> dict[str, str]:
    """A cache of the benchmark's own (never the user's), signed with a fixed key."""
    return {
        **os.environ,
        "FPLINT_CACHE_DIR": str(workdir / "caches" / name),
        "FPLINT_CACHE_KEY": "fplint-bench",
    }


def lint(
    paths: Sequence[Path],
    workdir: Path,
    options: Sequence[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> tuple[Run, dict[str, Any]]:
    """One ``fplint check OPTIONS PATHS`` run and its parsed JSON report."""
    command = [*fplint_command(), "check", *options, *map(str, paths)]
    out = workdir / "fplint-out.json"
    run = run_child(command, cwd or workdir, out, env)
    try:
        report = json.loads(out.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SystemExit(f"fplint printed no JSON report (exit {run.exit_code}): {exc}") from exc
    return run, report


def summarise(runs: Sequence[Run], size: int) -> dict[str, Any]:
    seconds = statistics.median(r.seconds for r in runs)
    return {
        "seconds": seconds,
        "best_seconds": min(r.seconds for r in runs),
        "cpu_seconds": statistics.median(r.cpu for r in runs),
        "turns_per_s": size / seconds,
        "exit_code": runs[-1].exit_code,
        "peak_rss_mb": max(r.max_rss for r in runs) / 2**20,
        "runs": len(runs),
    }


def measure_fplint(dataset: DataSet, workdir: Path, repeat: int, options: Sequence[str]) -> dict[str, Any]:
    """Cold runs: ``--no-cache``, median of ``repeat``."""
    runs, reports = zip(*(lint([dataset.directory], workdir, options) for _ in range(repeat)), strict=True)
    report = reports[-1]
    check_sanity(dataset, runs[-1], report)
    return {
        **summarise(runs, dataset.size),
        "diagnostics": len(report["diagnostics"]),
        "files": report["summary"]["files"],
        "turns": report["summary"]["turns"],
    }


def warm_options(options: Sequence[str]) -> list[str]:
    """The cold options without what turns the cache off (the workdir holds no config)."""
    return [o for o in options if o not in {"--no-cache", "--isolated"}]


def measure_warm(dataset: DataSet, workdir: Path, repeat: int, options: Sequence[str]) -> dict[str, Any]:
    """The whole set again with the cache filled by a first run: median of ``repeat``."""
    env = warm_env(workdir, f"{dataset.variant}-{dataset.size}")
    shutil.rmtree(env["FPLINT_CACHE_DIR"], ignore_errors=True)
    first, _ = lint([dataset.directory], workdir, warm_options(options), env)
    runs, reports = zip(
        *(lint([dataset.directory], workdir, warm_options(options), env) for _ in range(repeat)), strict=True
    )
    check_sanity(dataset, runs[-1], reports[-1])
    return {**summarise(runs, dataset.size), "filling_seconds": first.seconds}


def measure_precommit(dataset: DataSet, workdir: Path, repeat: int, options: Sequence[str]) -> dict[str, Any]:
    """One changed file checked with the whole set as its ``dataset:``, the cache warm.

    The config sits beside the set (``--config``; its globs are relative to it), so the set
    itself is untouched. A first run fills the cache, a second (two seconds on, when the
    files are old enough to be stamped) stamps them; then one file is rewritten as it was (a
    new modification time: changed, as far as fplint can tell) and checked, ``repeat`` times.
    """
    env = warm_env(workdir, f"precommit-{dataset.variant}-{dataset.size}")
    shutil.rmtree(env["FPLINT_CACHE_DIR"], ignore_errors=True)
    config = workdir / f"precommit-{dataset.variant}-{dataset.size}.yaml"
    config.write_text(f"dataset: ['{dataset.directory.name}/*.json']\n", encoding="utf-8")
    chosen = dataset.files[len(dataset.files) // 2]
    command = [*warm_options(options), "--config", str(config)]
    for _ in range(2):
        lint([chosen], workdir, command, env)
        time.sleep(2.5)
    runs = []
    for _ in range(repeat):
        chosen.write_bytes(chosen.read_bytes())  # changed, as far as its time says
        runs.append(lint([chosen], workdir, command, env)[0])
    return {**summarise(runs, dataset.size), "file": chosen.name}


def check_sanity(dataset: DataSet, run: Run, report: dict[str, Any]) -> None:
    """Clean: no diagnostic and exit 0; defective: at least 3 a turn; real: at least 10 a turn."""
    found = report["diagnostics"]
    problems = []
    if report["summary"]["turns"] != dataset.size:
        problems.append(f"fplint counted {report['summary']['turns']} turns, not {dataset.size}")
    if dataset.variant == "clean" and (found or run.exit_code != 0):
        shown = "; ".join(f"{d['path']}:{d['line']} {d['code']} {d['message']}" for d in found[:5])
        problems.append(f"{len(found)} diagnostics on the clean set (exit {run.exit_code}): {shown}")
    least = {"defective": 3, "real": 10}.get(dataset.variant, 0)
    if least and (len(found) < least * dataset.size or run.exit_code != 1):
        problems.append(f"only {len(found)} diagnostics on the {dataset.variant} set (exit {run.exit_code})")
    if problems:
        raise SystemExit(f"sanity check failed for {dataset.variant}/{dataset.size}: " + " | ".join(problems))


def measure_floor(dataset: DataSet, repeat: int) -> dict[str, Any]:
    """orjson parsing every file's bytes, all read beforehand; median of ``repeat``."""
    import orjson

    blobs = [path.read_bytes() for path in dataset.files]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for blob in blobs:
            orjson.loads(blob)
        times.append(time.perf_counter() - started)
    return {"seconds": statistics.median(times), "bytes": sum(map(len, blobs))}


def measure_cjs(dataset: DataSet, schema: Path, workdir: Path, repeat: int) -> dict[str, Any]:
    """check-jsonschema over every file (in as few argument chunks as fit); median of ``repeat``."""
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
    return {"seconds": statistics.median(totals), "chunks": len(chunks), "exit_codes": sorted(codes)}


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
    dataset: DataSet, workdir: Path, options: Sequence[str], repeat: int = 7
) -> dict[str, Any]:
    """``fplint check`` on the first file of the set with ``TURNS_PER_FILE`` turns: cold
    (``--isolated --no-cache``, nothing remembered) and warm (memos and cache filled), median of 7."""
    path = next(
        p for p in dataset.files if len(json.loads(p.read_bytes())["training_pairs"]) >= TURNS_PER_FILE
    )
    cold = [lint([path], workdir, options)[0] for _ in range(repeat)]
    env = warm_env(workdir, f"one-{dataset.variant}")
    lint([path], workdir, warm_options(options), env)
    warm = [lint([path], workdir, warm_options(options), env)[0] for _ in range(repeat)]
    return {
        "file": path.name,
        "seconds": statistics.median(r.seconds for r in cold),
        "cpu_seconds": statistics.median(r.cpu for r in cold),
        "warm_seconds": statistics.median(r.seconds for r in warm),
        "warm_cpu_seconds": statistics.median(r.cpu for r in warm),
    }


# --------------------------------------------------------------------------- reporting


def machine_info() -> dict[str, Any]:
    import fplint

    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.is_file() else []
    cpu = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), "")
    return {
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "load": os.getloadavg(),
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
        "| size | shape | cold s | cold CPU s | turns/s | warm s | exit | diagnostics | orjson floor s "
        "| cold/floor (target) | check-jsonschema s | cjs/cold (target) | peak RSS MB |"
    )
    lines = [header, "|" + "---|" * header.count(" | ") + "---|"]
    for r in rows:
        shape, cold = r["variant"], r["fplint"]
        floor_ratio = cold["seconds"] / r["floor"]["seconds"]
        floor_target = TARGET_FLOOR_RATIO[shape]
        warm = f"{r['warm']['seconds']:.2f}" if r.get("warm") else "–"
        if r.get("cjs"):
            cjs_ratio = r["cjs"]["seconds"] / cold["seconds"]
            cjs = (
                f"{r['cjs']['seconds']:.2f} | {cjs_ratio:.2f} (≥{TARGET_CJS_RATIO[shape]:g}) "
                f"{mark(cjs_ratio >= TARGET_CJS_RATIO[shape])}"
            )
        else:
            cjs = "– | –"
        lines.append(
            f"| {r['size']:,} | {shape} | {cold['seconds']:.2f} | {cold['cpu_seconds']:.2f} "
            f"| {cold['turns_per_s']:,.0f} | {warm} | {cold['exit_code']} "
            f"| {cold['diagnostics']:,} | {r['floor']['seconds']:.3f} "
            f"| {floor_ratio:.1f} (≤{floor_target:g}) {mark(floor_ratio <= floor_target)} "
            f"| {cjs} | {cold['peak_rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def summary_lines(figures: dict[str, Any]) -> list[str]:
    rows = figures["results"]
    lines = []
    for variant, f in figures["one_file"].items():
        lines.append(
            f"one-file fplint check ({variant}, {f['file']}): cold {f['seconds']:.3f} s "
            f"(CPU {f['cpu_seconds']:.3f} s), warm {f['warm_seconds']:.3f} s (CPU {f['warm_cpu_seconds']:.3f} s) "
            f"(target < {TARGET_ONE_FILE_S:g} s: {mark(f['warm_seconds'] < TARGET_ONE_FILE_S)})"
        )
    for key, f in figures.get("precommit", {}).items():
        lines.append(
            f"pre-commit ({key} turns, one file changed, cache warm): {f['seconds']:.2f} s "
            f"(CPU {f['cpu_seconds']:.2f} s) (target < {TARGET_PRECOMMIT_S:g} s: "
            f"{mark(f['seconds'] < TARGET_PRECOMMIT_S)})"
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
    sizes = {"type": lambda s: [int(n) for n in s.split(",") if n], "metavar": "N,N"}
    parser.add_argument(
        "--sizes", **sizes, default=list(DEFAULT_SIZES), help="turn counts (default: 1000,10000)"
    )
    parser.add_argument(
        "--shapes",
        type=lambda s: [v for v in s.split(",") if v],
        default=list(VARIANTS),
        help=f"which shapes (default: {','.join(VARIANTS)})",
    )
    parser.add_argument("--repeat", type=int, default=3, help="median of this many runs (default: 3)")
    parser.add_argument(
        "--cjs-sizes", **sizes, help="run check-jsonschema only at these sizes (default: every size)"
    )
    parser.add_argument("--no-warm", action="store_true", help="skip the warm runs")
    parser.add_argument(
        "--precommit-sizes", **sizes, default=[], help="measure the pre-commit case at these sizes"
    )
    parser.add_argument(
        "--workdir", type=Path, help="where datasets are generated and kept (default: a temporary directory)"
    )
    parser.add_argument("--json", type=Path, dest="json_out", help="also write every figure to this file")
    parser.add_argument(
        "--fplint-args",
        default="",
        help="extra options for every 'fplint check', space-separated (e.g. '-j 1')",
    )
    args = parser.parse_args(argv)
    unknown = set(args.shapes) - set(VARIANTS)
    if unknown:
        parser.error(f"unknown shapes: {', '.join(sorted(unknown))} (known: {', '.join(VARIANTS)})")
    return args


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def benchmark(workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    machine = machine_info()
    options = check_options(args.fplint_args.split())
    log(f"fplint check {' '.join(options)} DIR")
    # measure fplint as installed: pip byte-compiles a package it installs, and an editable
    # checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile every module each run
    # (the fplint this Python imports: another tree's, for a "before" figure, with PYTHONPATH)
    package = subprocess.run(
        [sys.executable, "-c", "import fplint, os; print(os.path.dirname(fplint.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", package],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sources = load_sources()
    schema = workdir / "schema.json"
    with schema.open("wb") as out:
        subprocess.run([*fplint_command(), "schema"], stdout=out, check=True)
    rows: list[dict[str, Any]] = []
    one_file: dict[str, dict[str, Any]] = {}
    precommit: dict[str, dict[str, Any]] = {}
    for size in args.sizes:
        for variant in args.shapes:
            dataset = ensure_dataset(workdir, sources, size, variant)
            log(f"{variant} {size:,} turns, {len(dataset.files):,} files in {dataset.directory}")
            row: dict[str, Any] = {"size": size, "variant": variant, "files": len(dataset.files)}
            row["fplint"] = measure_fplint(dataset, workdir, args.repeat, options)
            log(f"  cold {row['fplint']['seconds']:.2f} s (CPU {row['fplint']['cpu_seconds']:.2f} s)")
            if not args.no_warm:
                row["warm"] = measure_warm(dataset, workdir, args.repeat, options)
                log(f"  warm {row['warm']['seconds']:.2f} s")
            row["floor"] = measure_floor(dataset, args.repeat)
            if args.cjs_sizes is None or size in args.cjs_sizes:
                row["cjs"] = measure_cjs(dataset, schema, workdir, args.repeat)
                log(f"  check-jsonschema {row['cjs']['seconds']:.2f} s")
            if size in args.precommit_sizes:
                precommit[f"{variant} {size:,}"] = measure_precommit(dataset, workdir, args.repeat, options)
                log(f"  pre-commit {precommit[f'{variant} {size:,}']['seconds']:.2f} s")
            rows.append(row)
            if variant not in one_file:
                one_file[variant] = measure_one_file(dataset, workdir, options)
    return {
        "machine": machine,
        "load_after": os.getloadavg(),
        "repeat": args.repeat,
        "generator_version": GENERATOR_VERSION,
        "fplint_options": options,
        "workdir": str(workdir),
        "results": rows,
        "one_file": one_file,
        "precommit": precommit,
        "total_seconds": time.perf_counter() - started,
    }


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        figures = benchmark(args.workdir.resolve(), args)
    else:
        with tempfile.TemporaryDirectory(prefix="fplint-bench-") as tmp:
            figures = benchmark(Path(tmp), args)
    m = figures["machine"]
    load = ", ".join(f"{x:.1f}" for x in m["load"])
    print(
        f"machine: {m['cpu_count']} CPUs ({m['cpu'] or 'unknown CPU'}), {m['platform']}, "
        f"Python {m['python']}, fplint {m['fplint']}, orjson {m['orjson']}, "
        f"check-jsonschema {m['check_jsonschema']}; source {m['source']}; "
        f"median of {figures['repeat']}; load average {load} at the start"
    )
    print(f"fplint check {' '.join(figures['fplint_options'])} DIR")
    print()
    print(results_table(figures["results"]))
    print()
    for line in summary_lines(figures):
        print(line)
    print(f"benchmark took {figures['total_seconds']:.0f} s")
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
