"""A whole run over paths: discover → load and check each file → cross-turn rules → report.

Files are checked one at a time (or by parallel workers); of each, the run keeps only the
compact summaries cross-file rules need, while its diagnostics go through the filters
(per-file ignores, dataset context, suppressions, baseline) into a ``Spool`` at once, and its
path and turns' places to ``Tape``s: memory does not grow with the number of files or turns
(but for the list of files to read).
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fplint.check import suppress
from fplint.check.conversations import Conversations
from fplint.check.engine import Engine, FileResult, TurnSummary
from fplint.check.heap import long_lived
from fplint.check.kept import KeptPlaces
from fplint.check.place import place
from fplint.check.report import Report, TurnPlace
from fplint.check.spool import Spool
from fplint.check.tape import Tape
from fplint.check.workers import check_files
from fplint.config import Config, relative
from fplint.model import Diagnostic, Scope, TurnRef
from fplint.read.discover import discover, matches, path_order
from fplint.read.document import Document
from fplint.read.files import DEFAULT_MAX_FILE_SIZE, TooLarge
from fplint.read.loader import kind_of, load, load_bytes, unreadable
from fplint.rule import plural

if TYPE_CHECKING:
    from fplint.check.baseline import BaselineFilter, Entry
    from fplint.check.cache import Cache


def lint_files(
    paths: Sequence[str],
    config: Config,
    engine: Engine,
    progress: Callable[[int, int], None] | None = None,
    baseline: Sequence[Entry] | None = None,
    jobs: int = 1,
    cache: Cache | None = None,
    read: Callable[[str], bytes | None] | None = None,
    stdin: tuple[str, bytes] | None = None,
) -> Report:
    """Check every file under ``paths`` with ``engine``; never raises for bad input.

    Findings accepted by reviewed suppressions, then those ``baseline`` knows, are left
    out (and counted). ``read``: where the bytes of each file come from (the fix loop's
    files as fixed so far), in this process, file by file; ``None`` from it means "from disk".
    ``stdin``: a (name, bytes) file read from standard input, checked in place of any file of
    that name on disk.
    """
    with long_lived():
        return _lint_files(paths, config, engine, progress, baseline, jobs, cache, read, stdin)


def _lint_files(
    paths: Sequence[str],
    config: Config,
    engine: Engine,
    progress: Callable[[int, int], None] | None,
    baseline: Sequence[Entry] | None,
    jobs: int,
    cache: Cache | None,
    read: Callable[[str], bytes | None] | None,
    stdin: tuple[str, bytes] | None,
) -> Report:
    started = time.perf_counter()
    run = prepare(paths, config, engine, baseline, stdin[0] if stdin is not None else None)
    if stdin is not None:
        read = _with_stdin(stdin, read)
    documents = _ReadDocuments(read, config.max_file_size) if read is not None else None
    if documents is not None:
        run.sink.documents = documents
    conversations = Conversations()
    states: tuple[Any, ...] | None = None
    results = (
        _checked(run, engine, jobs, cache, progress, config.max_file_size)
        if documents is None
        else (engine.check_document(documents[path], context_only) for path, context_only in run.work)
    )
    for result in results:
        conversations.add(result.summaries)
        states = engine.merge(states, result.partials)
        run.take(result)
    placing = jobs if documents is None else 1  # files held in memory are placed here
    return run.close(run.sink.finish(engine, conversations, states, len(run.work), placing), engine, started)


#: A run that checks at most this many files and reads the rest of its dataset as context
#: checks them first (their results are held meanwhile): the pre-commit case.
CHECKED_FIRST = 256


def _checked(
    run: Run,
    engine: Engine,
    jobs: int,
    cache: Cache | None,
    progress: Callable[[int, int], None] | None,
    max_bytes: int,
) -> Iterator[FileResult]:
    """Each file's result, in reading order. When a few files are checked and the rest of the
    dataset is read as context, the checked files come first: only their conversations can
    have findings the run reports (``Sink._concerned``), so the context files' summaries of
    other conversations are left out, and a cached one is not even decoded."""
    checked = [item for item in run.work if not item[1]]
    if run.targets is None or len(checked) > CHECKED_FIRST:
        yield from check_files(engine, run.work, jobs, cache, progress, max_bytes)
        return
    total = len(run.work)
    first = list(check_files(engine, checked, jobs, cache, _shifted(progress, 0, total), max_bytes))
    wanted = {s.conversation_id for r in first for s in r.summaries if s.conversation_id is not None}
    context = check_files(
        engine,
        [item for item in run.work if item[1]],
        jobs,
        cache,
        _shifted(progress, len(checked), total),
        max_bytes,
        wanted,
    )
    held = iter(first)
    for _, context_only in run.work:
        if not context_only:
            yield next(held)
            continue
        result = next(context)
        result.summaries = [s for s in result.summaries if s.conversation_id in wanted]
        yield result


def _shifted(
    progress: Callable[[int, int], None] | None, before: int, total: int
) -> Callable[[int, int], None] | None:
    """``progress`` for a part of the run's files that starts after ``before`` of ``total``."""
    if progress is None:
        return None
    report = progress
    return lambda done, _: report(before + done, total)


@dataclass
class Run:
    """A run set up: the files to read in reading order (each with whether it is read only as
    dataset context), the report being filled, and the sink its findings go through.

    ``targets``: the files checked (not only read as context), when some are context only.
    ``paths`` and ``places`` are the report's, kept on disk as they grow.
    """

    report: Report
    work: list[tuple[str, bool]]
    targets: set[str] | None
    context: list[str]
    sink: Sink
    paths: Tape[str] = field(default_factory=Tape)
    places: Tape[TurnPlace] = field(default_factory=Tape)

    def __post_init__(self) -> None:
        self.report.paths, self.report.places = self.paths, self.places

    def take(self, result: FileResult) -> None:
        """One file's result, in reading order: its turns, places and diagnostics."""
        checked = self.targets is None or _key(result.path) in self.targets
        if checked:
            self.paths.append(result.path)
            self.report.turns += result.turns
            # pointers repeat from file to file (/pairs/0, ...): one string each, not one a turn
            self.places.extend(
                TurnPlace(result.path, sys.intern(pointer), line, turn_id)
                for pointer, line, turn_id in result.places
            )
        self.sink.read(result, checked)
        self.sink.add(result.path, result.diagnostics)

    def close(self, notes: list[str], engine: Engine, started: float) -> Report:
        """The report, once the cross-turn findings are in the sink (``notes``: the run's)."""
        report = self.report
        report.notes = notes
        report.copies = {(copy.path, copy.pointer) for copy in self.sink.copies}
        if self.context:
            report.notes.append(
                f"read {plural(len(self.context), 'more dataset file')} for the cross-file rules (config: dataset)"
            )
        report.diagnostics, report.suppressed, report.baselined = (
            self.sink.spool,
            self.sink.suppressed,
            self.sink.baselined,
        )
        report.rules = tuple(type(rule) for rule in engine.rules)
        report.files = len(self.paths)
        report.elapsed = time.perf_counter() - started
        return report


def prepare(
    paths: Sequence[str],
    config: Config,
    engine: Engine,
    baseline: Sequence[Entry] | None = None,
    stdin_name: str | None = None,
) -> Run:
    """The files a run over ``paths`` reads, in reading order, and where its findings go.

    ``stdin_name``: a file read from standard input, checked in place of any file of that name.
    """
    empty: list[str] = []
    files, missing = checked_files(paths, config, empty)
    if stdin_name is not None:
        files = [stdin_name, *(f for f in files if _key(f) != _key(stdin_name))]
    report = Report(problems=[f"{p}: no such file or directory" for p in missing], empty=empty)
    dataset = dataset_files(config) if engine.cross_rules else []
    # the files checked, by key: needed only when some files are read as context alone
    targets = {_key(f) for f in files} if dataset else None
    context = [f for f in dataset if targets is not None and _key(f) not in targets]
    if not context:
        targets = None
    # context files take their place in the dataset's reading order, so "first" and "later"
    # mean the same whether a file was changed or not
    # by absolute path: a file named absolutely and a context file found relatively still
    # take their places in the one order (which copy of a duplicate turn is 'first')
    everything = (
        sorted([*files, *context], key=lambda p: path_order(os.path.abspath(p))) if context else files
    )
    work = [(path, targets is not None and _key(path) not in targets) for path in everything]
    sink = Sink(config, targets, _suppressor(config), baseline)
    # the run read the whole dataset: its `dataset` globs, or a tree it was asked to walk
    sink.whole_dataset = bool(config.dataset) or any(os.path.isdir(p) for p in paths)
    return Run(report, work, targets, context, sink)


def _with_stdin(
    stdin: tuple[str, bytes], read: Callable[[str], bytes | None] | None
) -> Callable[[str], bytes | None]:
    name, data = stdin

    def reading(path: str) -> bytes | None:
        if _key(path) == _key(name):
            return data
        return read(path) if read is not None else None

    return reading


class _ReadDocuments(Mapping[str, Document]):
    """Documents loaded from what ``read`` gives (the fix loop's overlay), else from disk."""

    def __init__(self, read: Callable[[str], bytes | None], max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> None:
        self.read = read
        self.max_bytes = max_bytes

    def __getitem__(self, path: str) -> Document:
        try:
            data = self.read(path)
        except OSError:
            data = None
        if data is None:
            return load(path, max_bytes=self.max_bytes)
        if len(data) > self.max_bytes:  # standard input past the cap (it is read no further)
            return unreadable(path, kind_of(path), TooLarge(None, self.max_bytes))
        return load_bytes(data, path, kind_of(path))

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def checked_files(
    paths: Sequence[str], config: Config, empty: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """The files a run over ``paths`` checks (in reading order), and the paths that do not exist;
    folders that hold no file to check go to ``empty``."""
    own = [str(p) for p in (config.baseline, config.suppressions or config.root / suppress.FILE_NAME) if p]
    return discover(paths, config.root, config.include, config.exclude, skip=own, empty=empty)


class Sink:
    """Where each file's diagnostics go: filtered, then spooled in reading order."""

    def __init__(
        self,
        config: Config,
        targets: set[str] | None = None,
        suppressor: suppress.Suppressor | None = None,
        baseline: Sequence[Entry] | None = None,
        documents: Mapping[str, Document] | None = None,
    ) -> None:
        self.config = config
        self.targets = targets
        self.suppressor = suppressor
        self.baseline: BaselineFilter | None = None
        if baseline is not None:
            from fplint.check.baseline import BaselineFilter  # on demand: only --baseline runs pay for it

            self.baseline = BaselineFilter(baseline, config.root)
        self.documents = documents if documents is not None else {}
        self.spool = Spool()
        self.kept = KeptPlaces()  # where each file's cross-turn findings may be reported
        self.copies: dict[TurnRef, TurnRef] = {}  # turns that copy another, once the run closes
        self.checked_paths: set[str] = set()  # those the baseline names: it is stale only for them
        self.whole_dataset = False  # every dataset file is read: a suppression's unknown turn is reported

    def read(self, result: FileResult, checked: bool = True) -> None:
        """A file the run read; when it ``checked`` it (not only read it as dataset context),
        its turns' suppressions must be used."""
        if checked and self.baseline is not None and self.baseline.names(result.path):
            self.checked_paths.add(result.path)
        if result.kept is not None:  # the turn pointers shared with the report's places
            self.kept.add(result.path, (tuple(map(sys.intern, result.kept[0])), result.kept[1]))
        if self.suppressor is not None:
            self.suppressor.observe(result.turn_ids, checked)

    def add(self, path: str, diagnostics: Iterable[Diagnostic]) -> None:
        self.spool.add(path, self._keep(diagnostics))

    def finish(
        self,
        engine: Engine,
        summaries: Iterable[TurnSummary] | Conversations,
        states: tuple[Any, ...] | None,
        files: int,
        jobs: int = 1,
    ) -> list[str]:
        """Cross-turn rules (conversations from the summaries, the dataset from the merged
        states), then unused suppressions; the run's notes. ``jobs``: processes that may read
        files again to place the cross-turn findings."""
        found, notes = engine.cross_check(summaries, states, files, self._concerned())
        placed = place(found, engine, self.documents, self.config.max_file_size, self.kept, jobs)
        return self.close(itertools.chain(placed, engine.crashes), notes, engine.copies)

    def _concerned(self) -> Callable[[Sequence[TurnSummary]], bool] | None:
        """When the run reports on some files only (the rest are its dataset's context): whether
        a conversation has a turn in one of them, the only conversations whose findings it keeps."""
        targets = self.targets
        if targets is None:
            return None
        keys: dict[str, bool] = {}

        def concerned(members: Sequence[TurnSummary]) -> bool:
            for summary in members:
                path = summary.ref.path
                known = keys.get(path)
                if known is None:
                    known = keys[path] = _key(path) in targets
                if known:
                    return True
            return False

        return concerned

    def close(
        self, cross: Iterable[Diagnostic], notes: list[str], copies: Mapping[TurnRef, TurnRef] | None = None
    ) -> list[str]:
        """The cross-turn diagnostics (placed), then unused suppressions and a stale baseline;
        the run's notes. ``copies``: turns that copy another (dataset rules found them)."""
        self.copies = dict(copies or {})
        if copies:  # a copy's findings are the kept turn's: reported there only
            withdrawn: dict[str, set[str]] = {}
            for copy in copies:
                withdrawn.setdefault(copy.path, set()).add(copy.pointer)
            self.spool.withdraw(withdrawn)
        self.spool.extend(self._keep(cross))
        if self.suppressor is not None:
            self.spool.extend(self.suppressor.unused(self.whole_dataset))
        if self.baseline is not None and (stale := self.baseline.stale(self.checked_paths)):
            notes.append(
                f"{plural(len(stale), 'baseline entry', 'baseline entries')} no longer "
                f"{'occurs' if len(stale) == 1 else 'occur'}: rewrite the baseline "
                "(fplint baseline --output FILE) so it only shrinks"
            )
        return notes

    @property
    def suppressed(self) -> int:
        return self.suppressor.suppressed if self.suppressor is not None else 0

    @property
    def baselined(self) -> int:
        return self.baseline.baselined if self.baseline is not None else 0

    def _keep(self, diagnostics: Iterable[Diagnostic]) -> Iterator[Diagnostic]:
        for d in diagnostics:
            if self.config.per_file_ignores and _ignored(d, self.config):
                continue
            if self.targets is not None and not _concerns(d, self.targets):
                continue
            if self.suppressor is not None and not self.suppressor.keep(d):
                continue
            if self.baseline is not None and not self.baseline.keep(d):
                continue
            yield d


def finish(
    results: Sequence[FileResult],
    engine: Engine,
    config: Config,
    documents: Mapping[str, Document] | None = None,
) -> tuple[list[Diagnostic], list[str]]:
    """Cross-turn rules over results already in memory, per-file ignores, reading order; and notes."""
    sink = Sink(config, documents=documents)
    for result in results:
        if result.kept is not None:
            sink.kept.add(result.path, result.kept)
        sink.add(result.path, result.diagnostics)
    states = None
    for result in results:
        states = engine.merge(states, result.partials)
    notes = sink.finish(engine, [s for r in results for s in r.summaries], states, len(results))
    return list(sink.spool), notes


def _suppressor(config: Config) -> suppress.Suppressor | None:
    path = config.suppressions or config.root / suppress.FILE_NAME
    if config.suppressions is None and not os.path.lexists(path):
        return None  # none beside the config; one that is there but cannot be read is an error
    known = {c.name for c in config.classes} | {c.code for c in config.classes}
    display = Path(os.path.relpath(path)) if path.is_absolute() else path
    return suppress.Suppressor(suppress.load(path, known, config.max_file_size), display)


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


def _ignored(diagnostic: Diagnostic, config: Config) -> bool:
    rel = relative(diagnostic.path, config.root)
    return any(diagnostic.rule in rules and matches(rel, [glob]) for glob, rules in config.per_file_ignores)
