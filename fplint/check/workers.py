"""Check files in parallel processes, results in the files' order, through the cache."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from fplint.check.engine import Engine, FileResult
from fplint.read import files as _files
from fplint.read.loader import kind_of, load, load_bytes, unreadable

if TYPE_CHECKING:  # the cache module (hashlib, pickle, tempfile) loads only when a run caches
    from fplint.check.cache import Cache

#: Below this many files a run stays in one process: starting workers costs more.
PARALLEL_FROM = 8

_engine: Engine | None = None
_cache: Cache | None = None
_max_bytes: int = _files.DEFAULT_MAX_FILE_SIZE


def default_jobs() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_files(
    engine: Engine,
    files: Sequence[tuple[str, bool]],
    jobs: int = 1,
    cache: Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_bytes: int = _files.DEFAULT_MAX_FILE_SIZE,
) -> Iterator[FileResult]:
    """``FileResult``s of (path, context_only) pairs, in the order given, as they come;
    no more than ``max_bytes`` is read from one file."""
    for done, result in enumerate(_run(engine, files, jobs, cache, max_bytes), 1):
        if progress:
            progress(done, len(files))
        yield result


def _run(
    engine: Engine, files: Sequence[tuple[str, bool]], jobs: int, cache: Cache | None, max_bytes: int
) -> Iterator[FileResult]:
    if jobs <= 1 or len(files) < PARALLEL_FROM or engine.debug:
        _start(engine, cache, max_bytes)
        yield from (_check(path, context_only) for path, context_only in files)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    chunk = max(1, min(16, len(files) // (jobs * 8)))
    done = 0
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_start,
            initargs=(engine, cache, max_bytes),
        ) as pool:
            for result in pool.map(_check_pair, files, chunksize=chunk):
                done += 1
                yield result
    except (BrokenProcessPool, OSError):  # a worker died (out of memory?) or no processes allowed
        _start(engine, cache, max_bytes)
        yield from (_check(path, context_only) for path, context_only in files[done:])


def _start(engine: Engine, cache: Cache | None, max_bytes: int) -> None:
    global _engine, _cache, _max_bytes
    _engine, _cache, _max_bytes = engine, cache, max_bytes


def _check_pair(item: tuple[str, bool]) -> FileResult:
    return _check(*item)


def _check(path: str, context_only: bool) -> FileResult:
    """Read one file and check it, or take its result from the cache."""
    assert _engine is not None
    if _cache is None:
        return _engine.check_document(load(path, max_bytes=_max_bytes), context_only)
    try:
        data = _files.read_bytes(path, _max_bytes)
    except (OSError, _files.Refused) as exc:
        return _engine.check_document(unreadable(path, kind_of(path), exc), context_only)
    key = _cache.key(data, path, context_only)
    cached = _cache.get(key)
    if isinstance(cached, FileResult):
        return cached
    result = _engine.check_document(load_bytes(data, path, kind_of(path)), context_only)
    if not any(d.rule == "internal-error" for d in result.diagnostics):
        _cache.put(key, result)
    return result
