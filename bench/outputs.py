"""Memory and time of each output format at many findings: does it stream?

Each format renders a report of N synthetic findings (held in a ``Spool``, as a real run
holds them) to /dev/null, in a process of its own, so that its peak memory is its own.
``--before`` renders SARIF the way it was before streaming (the whole log built, then
dumped), for comparison. Not part of the test run.

    .venv/bin/python bench/outputs.py --findings 100000 300000 900000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

FORMATS = ["concise", "full", "json", "sarif", "github", "junit"]


def report(findings: int):  # type: ignore[no-untyped-def]
    from fplint.check.report import Report, TurnPlace
    from fplint.check.spool import Spool
    from fplint.model import Diagnostic, Scope, Severity

    spool = Spool()
    per_file = 1000
    places = []  # every turn's place, as a run keeps them (JUnit writes a test case per turn)
    for f in range(0, findings, per_file):
        path = f"data/conversation_{f // per_file:05d}.json"
        places += [
            TurnPlace(path, f"/training_pairs/{i}", 10 + i, f"fp_x_{i:05d}")
            for i in range(min(per_file, findings - f))
        ]
        spool.add(
            path,
            (
                Diagnostic(
                    path,
                    10 + i,
                    5,
                    f"/training_pairs/{i}/emotional_context",
                    f"fp_x_{i:05d}",
                    "indicator-count",
                    "FP303",
                    Severity.ERROR,
                    f"3 indicator categories; the standard asks for 4–6 (finding {f + i})",
                    Scope.TURN,
                    f"/training_pairs/{i}",
                )
                for i in range(min(per_file, findings - f))
            ),
        )
    paths = list(dict.fromkeys(p.path for p in places))
    return Report(diagnostics=spool, files=len(paths), turns=findings, paths=paths, places=places)


def one(name: str, findings: int, before: bool) -> dict[str, float]:
    """Render in this process; what it cost."""
    from fplint.report import REPORTERS

    built = report(findings)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with open("/dev/null", "w", encoding="utf-8") as out:
        if before and name == "sarif":
            from fplint.report.sarif import as_sarif, clean

            out.write(clean(json.dumps(as_sarif(built), indent=2, ensure_ascii=False)) + "\n")
        else:
            REPORTERS[name]().render(built, out)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mb": peak / 1024, "render_mb": (peak - base) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--findings", type=int, nargs="+", default=[100_000, 900_000])
    parser.add_argument("--formats", nargs="+", default=FORMATS)
    parser.add_argument("--before", action="store_true", help="SARIF as it was: built whole, then dumped")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        name, findings, before = args.one
        print(json.dumps(one(name, int(findings), before == "1")))
        return
    print(f"{'format':10} {'findings':>9} {'seconds':>8} {'peak MB':>8} {'render MB':>9}")
    for findings in args.findings:
        for name in args.formats:
            done = subprocess.run(
                [sys.executable, __file__, "--one", name, str(findings), "1" if args.before else "0"],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(done.stdout)
            label = name + (" (before)" if args.before and name == "sarif" else "")
            print(
                f"{label:10} {findings:9,} {figures['seconds']:8.1f} {figures['peak_mb']:8.0f} {figures['render_mb']:9.0f}"
            )


if __name__ == "__main__":
    main()
