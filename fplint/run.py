"""A whole run over paths: discover → load and check each file → cross-turn rules → report."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from fplint.config import Config, relative
from fplint.discover import discover, matches
from fplint.document import Document
from fplint.engine import Engine, FileResult
from fplint.loader import load
from fplint.model import Diagnostic, Finding
from fplint.report import Report
from fplint.rule import Rule


def lint_files(
    paths: Sequence[str],
    config: Config,
    engine: Engine,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Check every file under ``paths`` with ``engine``; never raises for bad input."""
    started = time.perf_counter()
    files, missing = discover(paths, config.root, config.include, config.exclude)
    report = Report(problems=[f"{p}: no such file or directory" for p in missing])
    results: list[FileResult] = []
    for index, path in enumerate(files):
        results.append(engine.check_document(load(path)))
        if progress:
            progress(index + 1, len(files))
    report.diagnostics, report.notes = finish(results, engine, config)
    report.rules = tuple(type(rule) for rule in engine.rules)
    report.files = len(results)
    report.turns = sum(r.turns for r in results)
    report.elapsed = time.perf_counter() - started
    return report


def finish(
    results: Sequence[FileResult],
    engine: Engine,
    config: Config,
    documents: dict[str, Document] | None = None,
) -> tuple[list[Diagnostic], list[str]]:
    """Cross-turn rules over all results, then per-file ignores and a stable order; and notes."""
    found, notes = engine.cross_check((s for r in results for s in r.summaries), len(results))
    diagnostics = [d for r in results for d in r.diagnostics]
    diagnostics.extend(_place(found, engine, dict(documents or {})))
    diagnostics.extend(engine.crashes)
    if config.per_file_ignores:
        diagnostics = [d for d in diagnostics if not _ignored(d, config)]
    order = {r.path: i for i, r in enumerate(results)}
    diagnostics.sort(key=lambda d: (order.get(d.path, len(order)), d.sort_key))
    return diagnostics, notes


def _place(
    found: Sequence[tuple[Rule, Finding]], engine: Engine, documents: dict[str, Document]
) -> list[Diagnostic]:
    """Stamp cross-turn findings, loading each concerned file once to locate them."""
    placed = []
    for rule, finding in found:
        ref = finding.ref
        if ref is None:
            continue
        document = documents.get(ref.path)
        if document is None:
            document = documents[ref.path] = load(ref.path)
        turn = next((t for t in document.turns if t.pointer == ref.pointer), None)
        placed.append(engine.stamp(rule, finding, document, turn))
    return placed


def _ignored(diagnostic: Diagnostic, config: Config) -> bool:
    rel = relative(diagnostic.path, config.root)
    return any(diagnostic.rule in rules and matches(rel, [glob]) for glob, rules in config.per_file_ignores)
