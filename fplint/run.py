"""A whole run over paths: discover → load and check each file → cross-turn rules → report."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from fplint import suppress
from fplint.baseline import Entry
from fplint.baseline import apply as apply_baseline
from fplint.cache import Cache
from fplint.config import Config, relative
from fplint.discover import discover, matches, path_order
from fplint.document import Document
from fplint.engine import Engine, FileResult
from fplint.loader import load
from fplint.model import Diagnostic, Finding, Scope
from fplint.report import Report
from fplint.rule import Rule
from fplint.workers import check_files


def lint_files(
    paths: Sequence[str],
    config: Config,
    engine: Engine,
    progress: Callable[[int, int], None] | None = None,
    baseline: Sequence[Entry] | None = None,
    jobs: int = 1,
    cache: Cache | None = None,
) -> Report:
    """Check every file under ``paths`` with ``engine``; never raises for bad input.

    Findings accepted by reviewed suppressions, then those ``baseline`` knows, are left
    out (and counted).
    """
    started = time.perf_counter()
    own = [str(p) for p in (config.baseline, config.suppressions or config.root / suppress.FILE_NAME) if p]
    files, missing = discover(paths, config.root, config.include, config.exclude, skip=own)
    report = Report(problems=[f"{p}: no such file or directory" for p in missing])
    targets = {_key(f) for f in files}
    context = [f for f in dataset_files(config) if _key(f) not in targets] if engine.cross_rules else []
    # context files take their place in the dataset's reading order, so "first" and "later"
    # mean the same whether a file was changed or not
    everything = sorted([*files, *context], key=path_order) if context else files
    work = [(path, _key(path) not in targets) for path in everything]
    results = check_files(engine, work, jobs, cache, progress)
    report.diagnostics, report.notes = finish(results, engine, config)
    if context:
        report.diagnostics = [d for d in report.diagnostics if _concerns(d, targets)]
        report.notes.append(
            f"read {len(context)} more dataset files for the cross-file rules (config: dataset)"
        )
    checked = [r for r in results if _key(r.path) in targets]
    _suppress(report, config, {i for r in checked for i in r.turn_ids})
    if baseline is not None:
        outcome = apply_baseline(report.diagnostics, baseline, {r.path for r in checked})
        report.diagnostics, report.baselined = outcome.new, outcome.baselined
        if outcome.stale:
            report.notes.append(
                f"{len(outcome.stale)} baseline entries no longer occur: rewrite the baseline "
                "(fplint baseline --output FILE) so it only shrinks"
            )
    report.rules = tuple(type(rule) for rule in engine.rules)
    report.files = len(checked)
    report.paths = [r.path for r in checked]
    report.turns = sum(r.turns for r in checked)
    report.elapsed = time.perf_counter() - started
    return report


def _suppress(report: Report, config: Config, checked_turns: set[str]) -> None:
    path = config.suppressions or config.root / suppress.FILE_NAME
    if config.suppressions is None and not path.is_file():
        return
    known = {c.name for c in config.classes} | {c.code for c in config.classes}
    entries = suppress.load(path, known)
    display = Path(os.path.relpath(path)) if path.is_absolute() else path
    report.diagnostics, report.suppressed = suppress.apply(
        report.diagnostics, entries, display, checked_turns
    )


def dataset_files(config: Config) -> list[str]:
    """Every file the config's ``dataset`` globs name, as paths relative to the working directory."""
    if not config.dataset:
        return []
    found, _ = discover([str(config.root)], config.root, config.dataset, config.exclude)
    return [os.path.relpath(f) if not os.path.isabs(f) or f.startswith(os.getcwd()) else f for f in found]


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _concerns(diagnostic: Diagnostic, targets: set[str]) -> bool:
    """Whether a diagnostic is about a checked file (or the whole dataset)."""
    if diagnostic.scope is Scope.DATASET and not diagnostic.related:
        return True  # about the whole dataset (the quality distribution), not about some turns
    return _key(diagnostic.path) in targets or any(_key(p) in targets for p in diagnostic.related)


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
        ref = finding.ref if isinstance(finding, Finding) else None
        if ref is None:
            placed.append(
                engine.internal_error(rule, "it yielded a finding without ref= (the turn it concerns)", None)
            )
            continue
        document = documents.get(ref.path)
        if document is None:
            document = documents[ref.path] = load(ref.path)
        turn = next((t for t in document.turns if t.pointer == ref.pointer), None)
        placed.append(engine.stamp_safely(rule, finding, document, turn))
    return placed


def _ignored(diagnostic: Diagnostic, config: Config) -> bool:
    rel = relative(diagnostic.path, config.root)
    return any(diagnostic.rule in rules and matches(rel, [glob]) for glob, rules in config.per_file_ignores)
