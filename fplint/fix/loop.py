"""The fix loop: check, apply every file's fixes, check again, until nothing more applies.

Every round works on an overlay: the files as fixed so far, held in memory (only the files
that change). Nothing is written until the loop is done; then each changed file is written
atomically, unless it changed on disk since it was read, and a file over the line cap is
split into new files. ``--diff`` runs the same loop and writes nothing.

Each fix is checked before it is kept: the file must still parse, and the rules whose
fixes were applied must not find more in it than before (else the file's fixes of that
round are dropped, with a note).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fplint.check.digest import blake2b
from fplint.check.engine import Engine
from fplint.check.report import Report
from fplint.check.run import lint_files
from fplint.config import Config
from fplint.fix.apply import apply
from fplint.fix.edit import Fix
from fplint.model import Diagnostic
from fplint.read import files
from fplint.read.document import Document
from fplint.read.loader import kind_of, load_bytes

if TYPE_CHECKING:
    from fplint.check.baseline import Entry
    from fplint.check.cache import Cache

#: Rounds of check → apply before the loop gives up (a fix that keeps coming back).
MAX_ROUNDS = 10


@dataclass
class Change:
    """One file the fixes change: its bytes before and after (``None``: it does not exist)."""

    path: str
    before: bytes | None
    after: bytes | None
    fixed: Counter[str] = field(default_factory=Counter)  # findings fixed, by rule
    creates: tuple[str, ...] = ()  # a split: the new files that replace this one


@dataclass
class Outcome:
    """What a fix run did: the files it changed (or would), what it fixed, and the last check."""

    report: Report  # the findings that remain (after writing, checked again from disk)
    changes: dict[str, Change] = field(default_factory=dict)  # by path, in the order first changed
    notes: list[str] = field(default_factory=list)  # files left alone, and why
    unwritten: int = 0  # findings fixed by a split that --diff only shows (still in ``report``)

    @property
    def remaining(self) -> int:
        """The findings no fix takes care of."""
        return len(self.report.diagnostics) - self.unwritten

    @property
    def fixed(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for change in self.changes.values():
            total.update(change.fixed)
        return total


class Overlay:
    """The files as the fixes left them, over the files on disk; remembers what was read."""

    def __init__(self, max_bytes: int = files.DEFAULT_MAX_FILE_SIZE) -> None:
        self.max_bytes = max_bytes
        self.current: dict[str, bytes] = {}  # files changed so far
        self.read_digest: dict[str, bytes] = {}  # digest of each file as first read from disk
        self.original: dict[str, bytes] = {}  # the bytes first read, of each changed file

    def read(self, path: str) -> bytes | None:
        """The file's bytes as fixed so far; ``None`` for what the loader must read itself
        (not a regular file, unreadable: it reports why)."""
        if path in self.current:
            return self.current[path]
        try:
            data = files.read_bytes(path, self.max_bytes)
        except (OSError, files.Refused):  # not a regular file, too large: the loader says so
            return None
        self.read_digest.setdefault(path, _digest(data))
        return data

    def document(self, path: str) -> Document:
        data = self.read(path)
        if data is None:
            from fplint.read.loader import load

            return load(path, max_bytes=self.max_bytes)
        return load_bytes(data, path, kind_of(path))

    def unchanged_on_disk(self, path: str) -> bool:
        """The file on disk is still the one first read (nobody else wrote it meanwhile)."""
        try:
            return _digest(files.read_bytes(path, self.max_bytes)) == self.read_digest.get(path)
        except (OSError, files.Refused):
            return False


def fix_paths(
    paths: Sequence[str],
    config: Config,
    engine: Engine,
    unsafe: bool = False,
    write: bool = True,
    baseline: Sequence[Entry] | None = None,
    jobs: int = 1,
    cache: Cache | None = None,
) -> Outcome:
    """Fix what can be fixed under ``paths``: safe fixes, and unsafe ones when ``unsafe``.

    ``write=False`` (``--diff``) changes nothing on disk; the outcome still says what would
    change. Never raises for bad input: a file that cannot be fixed is left as it is.
    """
    started = time.perf_counter()
    overlay = Overlay(config.max_file_size)
    engine.fetch = overlay.document
    outcome = Outcome(Report())
    report = Report()
    splits: dict[str, tuple[Fix, list[Diagnostic]]] = {}
    settled = False  # the last round changed nothing: its report is of the files as fixed
    for _ in range(MAX_ROUNDS):
        report = lint_files(paths, config, engine, baseline=baseline, read=overlay.read)
        splits.clear()
        changed = False
        checked = set(report.paths)  # only the files asked for: never one read for context
        for path, diagnostics in _by_file(report.diagnostics, unsafe):
            if path in checked:
                changed |= _fix_file(path, diagnostics, overlay, engine, outcome, splits)
        if not changed:
            settled = True
            break
    else:
        outcome.notes.append(
            f"stopped after {MAX_ROUNDS} rounds of fixes; run fplint check --fix again to go on"
        )
    for path, (split, diagnostics) in splits.items():
        _split(path, split, diagnostics, overlay, outcome)
    engine.fetch = None
    if not write:
        outcome.report = report
        outcome.unwritten = sum(len(diagnostics) for _, diagnostics in splits.values())
        return outcome
    written = _write(overlay, outcome)
    if written and settled and not any(c.creates for c in outcome.changes.values()):
        # what was written is what the last round checked: its findings are what remains
        report.elapsed = time.perf_counter() - started
        outcome.report = report
        return outcome
    # a file named on the command line that a split replaced: check its parts instead
    replaced = {c.path: c.creates for c in outcome.changes.values() if c.creates}
    after = [part for path in paths for part in replaced.get(path, (path,))]
    outcome.report = lint_files(after, config, engine, baseline=baseline, jobs=jobs, cache=cache)
    return outcome


def _by_file(diagnostics: Iterable[Diagnostic], unsafe: bool) -> Iterator[tuple[str, list[Diagnostic]]]:
    """Each file's diagnostics whose fix applies, one file at a time (reading order)."""
    current: str | None = None
    found: list[Diagnostic] = []
    for d in diagnostics:
        if d.path != current:
            if found and current is not None:
                yield current, found
            current, found = d.path, []
        if d.fix is not None and d.fix.applies(unsafe):
            found.append(d)
    if found and current is not None:
        yield current, found


def _fix_file(
    path: str,
    diagnostics: list[Diagnostic],
    overlay: Overlay,
    engine: Engine,
    outcome: Outcome,
    splits: dict[str, tuple[Fix, list[Diagnostic]]],
) -> bool:
    """Apply one file's fixes in the overlay; whether the file changed."""
    data = overlay.read(path)
    if data is None:
        return False
    result = apply(data, [d.fix for d in diagnostics if d.fix is not None])
    if result.files is not None:  # a split: done once the file is otherwise fixed
        splits[path] = (result.files, [d for d in diagnostics if d.fix == result.files])
        return False
    if not result.taken or result.data == data:
        return False
    taken = set(result.taken)
    fixed = Counter(d.rule for d in diagnostics if d.fix in taken)
    worse = _worse(path, data, result.data, set(fixed), engine)
    if worse:
        outcome.notes.append(f"{path}: fixes of {', '.join(sorted(fixed))} not applied: {worse}")
        return False
    change = outcome.changes.setdefault(path, Change(path, data, data))
    change.after = result.data
    change.fixed.update(fixed)
    overlay.current[path] = result.data
    return True


def _worse(path: str, before: bytes, after: bytes, rules: set[str], engine: Engine) -> str | None:
    """Why the fixed bytes are worse than the old (a parse error, more findings of a fixed
    rule), or ``None``: the fix may be kept."""
    kind = kind_of(path)
    old_document, new_document = load_bytes(before, path, kind), load_bytes(after, path, kind)
    if len(new_document.errors) > len(old_document.errors):  # whichever rules run
        return "the result would not parse (please report this)"
    # the fixed rules alone: cheap, and enough (cross-turn rules are checked by the next round)
    checks = Engine(
        [r for r in (*engine.file_rules, *engine.turn_rules) if r.name in rules],
        engine.severities,
        standard=engine.standard,
    )
    old = checks.check_document(old_document)
    new = checks.check_document(new_document)
    old_counts = Counter(d.rule for d in old.diagnostics)
    new_counts = Counter(d.rule for d in new.diagnostics)
    for rule in sorted(rules):
        if new_counts[rule] > old_counts[rule]:
            return f"they would leave more {rule} findings (please report this)"
    return None


def _split(path: str, fix: Fix, diagnostics: list[Diagnostic], overlay: Overlay, outcome: Outcome) -> None:
    """Replace a file by the new files of a split (in the overlay; written by ``_write``)."""
    taken = [f.path for f in fix.files if f.path in outcome.changes or os.path.lexists(f.path)]
    if taken:
        outcome.notes.append(f"{path}: not split: {', '.join(taken)} already exists")
        return
    data = overlay.read(path)
    change = outcome.changes.setdefault(path, Change(path, data, data))
    change.after = None
    change.creates = tuple(f.path for f in fix.files)
    change.fixed.update(d.rule for d in diagnostics)
    for new in fix.files:
        outcome.changes[new.path] = Change(new.path, None, new.content.encode("utf-8", "surrogatepass"))


def _write(overlay: Overlay, outcome: Outcome) -> bool:
    """Write every change atomically; a file changed on disk since it was read is left alone.
    Whether every change was written."""
    from fplint.atomic import write_text

    written = True
    for path, change in list(outcome.changes.items()):
        if change.before is None:
            continue  # a new file: written with the split that makes it
        if not overlay.unchanged_on_disk(path):
            _leave(path, "changed on disk while fplint was fixing it", outcome)
            written = False
            continue
        try:
            if change.after is not None:
                write_text(path, change.after.decode("utf-8", "surrogateescape"))
                continue
            for created in change.creates:  # a split: the new files first, then the old one goes
                data = outcome.changes[created].after
                assert data is not None
                write_text(created, data.decode("utf-8", "surrogateescape"))
            os.unlink(path)
        except OSError as exc:
            _leave(path, f"cannot write: {exc.strerror or exc}", outcome)
            written = False
    return written


def _leave(path: str, why: str, outcome: Outcome) -> None:
    """Take a file (and the files its split would create) out of the changes, with a note."""
    outcome.notes.append(f"{path}: {why}; left alone")
    change = outcome.changes.pop(path)
    for created in change.creates:
        outcome.changes.pop(created, None)


def _digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=20).digest()
