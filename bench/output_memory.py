"""Memory and time an output format needs to write a report of many findings.

Builds, in a child process, a report the way a run does (diagnostics spooled to disk past
the spool's limit, every turn's place kept), then renders it with one ``--output-format``
to a file, and prints how much the peak memory grew while rendering, and how long it took.
Not part of the test run.

    .venv/bin/python bench/output_memory.py --format junit --findings 900000
    .venv/bin/python bench/output_memory.py --format junit --findings 90000 900000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

TURNS_PER_FILE = 25
FINDINGS_PER_TURN = 4


def build(findings: int) -> Any:
    """A report of ``findings`` diagnostics: files of 25 turns, 4 findings a turn (one a warning)."""
    from fplint.check.report import Report, TurnPlace
    from fplint.check.spool import Spool
    from fplint.model import Diagnostic, Scope, Severity

    spool = Spool()
    places = []
    turns = max(1, findings // FINDINGS_PER_TURN)
    files = max(1, turns // TURNS_PER_FILE)
    paths = []
    for f in range(files):
        path = f"data/conversation-{f:06d}.json"
        paths.append(path)
        chunk = []
        for t in range(TURNS_PER_FILE):
            pointer = f"/training_pairs/{t}"
            turn_id = f"fp_bench_{f:06d}_turn{t + 1}"
            line = 3 + t * 120
            places.append(TurnPlace(path, pointer, line, turn_id))
            for k in range(FINDINGS_PER_TURN):
                chunk.append(
                    Diagnostic(
                        path=path,
                        line=line + 10 * k + 5,
                        column=9,
                        pointer=f"{pointer}/emotional_context/emotional_indicators",
                        turn_id=turn_id,
                        rule="indicator-count",
                        code="FP303",
                        severity=Severity.WARNING if k == 3 else Severity.ERROR,
                        message=f"{k + 1} indicator categories; the standard asks for 4–6: add categories the message shows",
                        scope=Scope.TURN,
                        turn_pointer=pointer,
                    )
                )
        spool.add(path, chunk)
    return Report(diagnostics=spool, files=files, turns=files * TURNS_PER_FILE, paths=paths, places=places)


def child(output_format: str, findings: int, target: str) -> None:
    """Runs in the child: build, then render, reporting the peak memory's growth while rendering."""
    from fplint.report import REPORTERS

    report = build(findings)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with open(target, "w", encoding="utf-8") as out:
        REPORTERS[output_format]().render(report, out)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "format": output_format,
                "findings": len(report.diagnostics),
                "peak_before_mb": before / 1024,
                "peak_after_mb": after / 1024,
                "render_growth_mb": (after - before) / 1024,
                "seconds": took,
                "output_mb": os.path.getsize(target) / 2**20,
            }
        )
    )


def measure(output_format: str, findings: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="fplint-output-") as folder:
        target = str(Path(folder) / f"out.{output_format}")
        done = subprocess.run(
            [sys.executable, __file__, "--child", output_format, str(findings), target],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"the child failed:\n{done.stderr}")
        result: dict[str, Any] = json.loads(done.stdout)
        return result


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--child"]:
        child(args[1], int(args[2]), args[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--format", dest="formats", action="append", help="output format (repeatable; default junit)"
    )
    parser.add_argument("--findings", type=int, nargs="+", default=[90_000, 900_000])
    parser.add_argument("--json", type=Path, dest="json_out", help="also write the figures to this file")
    options = parser.parse_args(args)
    rows = [measure(f, n) for f in options.formats or ["junit"] for n in options.findings]
    print(f"{'format':8} {'findings':>10} {'render +MB':>11} {'peak MB':>9} {'seconds':>8} {'output MB':>10}")
    for row in rows:
        print(
            f"{row['format']:8} {row['findings']:>10,} {row['render_growth_mb']:>11.1f} {row['peak_after_mb']:>9.1f} "
            f"{row['seconds']:>8.1f} {row['output_mb']:>10.1f}"
        )
    if options.json_out:
        options.json_out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
