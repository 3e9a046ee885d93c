"""Cross-turn findings placed: a line and a column for each, in their files.

Conversation and dataset rules report once every file is read. A finding is placed where
the worker that read its file kept the places of the rule's declared pointers (``kept``),
or else in the file read again: a fix to resolve, an offset inside a string, a pointer not
declared. Reading files again is the slow part of a run with many such findings (an abridged
history reported turn after turn), so when many files must be read, worker processes read
and place them, each file whole, in order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from fplint.check.engine import Engine
from fplint.check.kept import KeptPlaces, Table, unpack
from fplint.model import Diagnostic, Finding, Turn
from fplint.read.document import Document
from fplint.read.files import DEFAULT_MAX_FILE_SIZE
from fplint.read.loader import load
from fplint.rule import Rule

#: One file's cross-turn findings, in their order, and the places its worker kept (if any).
Work = tuple[str, list[tuple[Rule, Finding]], Table | None]


def place(
    found: list[tuple[Rule, Finding]],
    engine: Engine,
    documents: Mapping[str, Document],
    max_bytes: int = DEFAULT_MAX_FILE_SIZE,
    kept: KeptPlaces | None = None,
    jobs: int = 1,
) -> Iterator[Diagnostic]:
    """Stamp cross-turn findings, file by file: at the places the files' workers ``kept``
    where they can, else reading the file (once; with ``jobs`` worker processes when many
    files must be read, except those ``documents`` holds). It takes ``found`` over (the list
    is emptied)."""
    by_path: dict[str, list[tuple[Rule, Finding]]] = {}
    for rule, finding in found:
        ref = finding.ref if isinstance(finding, Finding) else None
        if ref is None:
            yield engine.internal_error(
                rule, "it yielded a finding without ref= (the turn it concerns)", None
            )
        else:
            by_path.setdefault(ref.path, []).append((rule, finding))
    found.clear()
    work: list[Work] = []
    if kept is not None and engine.kept:
        for path, places in kept.take(list(by_path)):
            if path in by_path:
                work.append((path, by_path.pop(path), unpack(places, len(engine.kept))))
    work.extend((path, findings, None) for path, findings in by_path.items())
    by_path.clear()
    from fplint.check.workers import placed_in_workers

    ready: list[list[Diagnostic] | None] = []  # stamped here, or None: a worker stamps it
    reading: list[Work] = []
    for item in work:
        here = _from_kept(engine, item) if item[2] is not None else None
        if here is None and item[0] not in documents:
            reading.append(item)
        ready.append(here)
    work_in_workers = placed_in_workers(engine, reading, jobs, max_bytes)
    for item, here in zip(work, ready, strict=True):
        if here is None:
            here = (
                next(work_in_workers)
                if item[0] not in documents
                else stamp_file(engine, item, documents, max_bytes)
            )
        yield from here


def stamp_file(
    engine: Engine, work: Work, documents: Mapping[str, Document], max_bytes: int
) -> list[Diagnostic]:
    """One file's cross-turn findings, in their order: from its table of kept places (turn
    pointer → a place for each of ``engine.kept``), or the file read when one is not there
    (the first such finding reads it)."""
    path, findings, table = work
    document: Document | None = None
    turns: dict[str, Turn] = {}
    index = {pointer: n for n, pointer in enumerate(engine.kept)}
    stamped: list[Diagnostic] = []
    for rule, finding in findings:
        assert finding.ref is not None
        here = _stamp_kept(engine, rule, finding, table, index) if table is not None else None
        if here is None:
            if document is None:
                document = documents.get(path) or load(path, max_bytes=max_bytes)
                turns = {t.pointer: t for t in document.turns}
            here = engine.stamp_safely(rule, finding, document, turns.get(finding.ref.pointer))
        stamped.append(here)
    return stamped


def _from_kept(engine: Engine, work: Work) -> list[Diagnostic] | None:
    """The file's findings, when every one of them is placed from the kept places."""
    _, findings, table = work
    assert table is not None
    index = {pointer: n for n, pointer in enumerate(engine.kept)}
    if not all(_placeable(finding) for _, finding in findings):
        return None  # the file is read: no finding is stamped twice
    stamped: list[Diagnostic] = []
    for rule, finding in findings:
        here = _stamp_kept(engine, rule, finding, table, index)
        if here is None:
            return None
        stamped.append(here)
    return stamped


def _stamp_kept(
    engine: Engine,
    rule: Rule,
    finding: Finding,
    table: Table,
    index: dict[str, int],
) -> Diagnostic | None:
    """The finding at the place its worker kept; ``None`` when that is not enough (a fix to
    resolve, an offset in a string, a pointer not kept, a finding ``stamp`` must report)."""
    if not _placeable(finding):
        return None
    assert finding.ref is not None
    at = index.get(finding.pointer)
    place = table.at(finding.ref.pointer, at) if at is not None else None
    if place is None:
        return None
    try:
        return engine.stamp_kept(rule, finding, place)
    except Exception:  # a malformed finding: the careful path reports it as the rule's crash
        return None


def _placeable(finding: Finding) -> bool:
    """Whether a kept place can be enough: not for a fix to resolve or an offset in a string."""
    return finding.fix is None and finding.offset is None
