"""Check files in parallel processes, results in the files' order, through the cache."""

from __future__ import annotations

import bisect
import contextlib
import os
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from fplint.check import interrupt
from fplint.check.engine import Engine, FileResult
from fplint.check.interrupt import ignore_in_worker
from fplint.check.place import Work, stamp_file
from fplint.model import Diagnostic
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
    wanted: Collection[str] | None = None,
) -> Iterator[FileResult]:
    """``FileResult``s of (path, context_only) pairs, in the order given, as they come;
    no more than ``max_bytes`` is read from one file. ``wanted``: the conversations whose
    summaries a result taken from the cache needs (``None``: all; others may be left out)."""
    try:
        known = _known(cache, files, max_bytes) if cache is not None and cache.usable else {}
        rest = [item for index, item in enumerate(files) if index not in known]
        checked = _run(engine, rest, jobs, cache, max_bytes)
        fetched = _Fetched(cache, known, wanted) if cache is not None else None
        for done in range(1, len(files) + 1):
            if fetched is not None and done - 1 in known:
                result, key, hit, stamp = fetched.get(done - 1) or _check_here(
                    engine, cache, max_bytes, files[done - 1]
                )
            else:
                result, key, hit, stamp = next(checked)
            interrupt.check()
            if cache is not None and key is not None:  # only this process writes the cache
                if hit:
                    cache.touch(key)
                else:
                    cache.put(key, result)
                if stamp is not None:
                    cache.stamp(*stamp)
            if progress:
                progress(done, len(files))
            yield result
    finally:
        if cache is not None:
            cache.flush()


def _known(cache: Cache, files: Sequence[tuple[str, bool]], max_bytes: int) -> dict[int, str]:
    """The cache keys of the files unchanged since they were last read, by index: a file is
    stat'ed, its stamp gives its digest, the digest its key; nothing is read or hashed.

    Done here, in the main process, before any worker starts: a warm run of the whole dataset
    (the pre-commit case) costs a stat and a look-up a file, and only the rest go to workers.
    """
    from fplint.check.cache import stamp_of

    absolute = [os.path.abspath(path) for path, _ in files]
    stamps = cache.stamped(absolute)
    if not stamps:
        return {}
    keys: dict[int, str] = {}
    for index, (path, context_only) in enumerate(files):
        if absolute[index] not in stamps:
            continue
        try:
            status = os.stat(path)
        except (OSError, ValueError):
            continue
        stamp = stamp_of(status)
        if stamp is None or status.st_size > max_bytes:
            continue
        digest = cache.digest_for(stamps, absolute[index], stamp)
        if digest is not None:
            keys[index] = cache.key_of(digest, path, context_only)
    held = cache.held(list(keys.values()))  # another version's or config's cache holds none of them
    return {index: key for index, key in keys.items() if key in held}


class _Fetched:
    """The results of the files ``_known`` found, fetched and decoded ``BATCH`` at a time in
    reading order: a warm run holds one batch of decoded results, not every file's."""

    BATCH = 256

    def __init__(self, cache: Cache, keys: dict[int, str], wanted: Collection[str] | None = None) -> None:
        self._cache, self._keys, self._wanted = cache, keys, wanted
        self._order = sorted(keys)
        self._held: dict[int, _Checked] = {}
        self._until = -1  # the last index of the batch fetched

    def get(self, index: int) -> _Checked | None:
        """The result for ``index`` (asked in increasing order); ``None`` when its entry is
        gone or not valid any more (then the file is checked after all)."""
        if index > self._until:
            start = bisect.bisect_left(self._order, index)
            batch = self._order[start : start + self.BATCH]
            found = self._cache.get_many([self._keys[i] for i in batch], self._wanted)
            self._held = {
                i: (found[self._keys[i]], self._keys[i], True, None) for i in batch if self._keys[i] in found
            }
            self._until = batch[-1] if batch else index
        return self._held.pop(index, None)


def _check_here(engine: Engine, cache: Cache | None, max_bytes: int, item: tuple[str, bool]) -> _Checked:
    """A file whose cached result went missing after its stamp was read: checked in this process."""
    _set(engine, cache, max_bytes)
    return _check(*item)


#: A result, its cache key (if any), whether it came from the cache, and the file's (absolute
#: path, stamp, digest) when it was read and can be stamped.
_Checked = tuple[FileResult, str | None, bool, tuple[str, str, bytes] | None]


def _run(
    engine: Engine, files: Sequence[tuple[str, bool]], jobs: int, cache: Cache | None, max_bytes: int
) -> Iterator[_Checked]:
    jobs = min(jobs, len(files), worker_budget())
    if jobs <= 1 or len(files) < PARALLEL_FROM or engine.debug:
        _set(engine, cache, max_bytes)
        yield from (_check(path, context_only) for path, context_only in files)
        return
    chunk = _chunk(len(files), jobs)
    done = 0
    try:
        for result in _pool(engine, cache, max_bytes, files, jobs, chunk):
            done += 1
            yield result
    except _CannotStart:  # no processes or pipes to be had: one process does the work
        _set(engine, cache, max_bytes)
        yield from (_check(path, context_only) for path, context_only in files[done:])
    except _WorkerDied:
        # Which file's check ended the process is known only when one file is checked at a
        # time: the rest are checked so, each death reported and the next file checked anew.
        while done < len(files):
            try:
                for result in _pool(engine, cache, max_bytes, files[done:], 1, 1):
                    done += 1
                    yield result
            except _WorkerDied as died:
                yield _died(engine, files[done][0], died.code), None, False, None
                done += 1
            except _CannotStart:
                _set(engine, cache, max_bytes)
                yield from (_check(path, context_only) for path, context_only in files[done:])
                return


class _CannotStart(Exception):
    """No worker process could be started (process or open-file limits)."""


class _WorkerDied(Exception):
    """A worker process ended while it was checking files: killed, or ``os._exit`` in a rule."""

    def __init__(self, code: int | None) -> None:
        super().__init__(code)
        self.code = code


def _check_batch(items: Sequence[tuple[str, bool]]) -> list[_Checked]:
    return [_check(*item) for item in items]


def placed_in_workers(
    engine: Engine, items: Sequence[Work], jobs: int, max_bytes: int
) -> Iterator[list[Diagnostic]]:
    """Each file's cross-turn findings stamped (``place.stamp_file``, the file read again), in
    order: by ``jobs`` worker processes when there are enough files, else (or when workers
    cannot start, or one dies) in this process."""
    jobs = min(jobs, len(items), worker_budget())
    done = 0
    if jobs > 1 and len(items) >= PARALLEL_FROM and not engine.debug:
        try:
            for stamped in _pool(
                engine, None, max_bytes, items, jobs, _chunk(len(items), jobs), _place_batch
            ):
                done += 1
                yield stamped
            return
        except (_CannotStart, _WorkerDied):
            pass  # placing reads files a check has read already: the rest are placed here
    for item in items[done:]:
        yield stamp_file(engine, item, {}, max_bytes)


def _place_batch(items: Sequence[Work]) -> list[list[Diagnostic]]:
    assert _engine is not None
    return [stamp_file(_engine, item, {}, _max_bytes) for item in items]


def _chunk(count: int, jobs: int) -> int:
    """How many items a worker takes at a time: about eight batches a worker, at most 16 items."""
    return max(1, min(16, count // (jobs * 8)))


def _pool(
    engine: Engine,
    cache: Cache | None,
    max_bytes: int,
    files: Sequence[Any],
    jobs: int,
    chunk: int,
    run_batch: Callable[[Sequence[Any]], list[Any]] = _check_batch,
) -> Iterator[Any]:
    """Results from ``jobs`` worker processes, in order: ``run_batch`` over ``chunk`` of ``files`` at
    a time. However this generator ends (all done, a Ctrl-C, the consumer gone), no worker
    outlives it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    try:
        # Workers start with the signals blocked, so none runs the main process's handler
        # before its own are set (``_start``); a signal meanwhile waits for the main process.
        with interrupt.blocked():
            pool = ProcessPoolExecutor(
                max_workers=jobs,
                mp_context=multiprocessing.get_context(method),
                initializer=_start,
                initargs=(engine, cache, max_bytes),
            )
            # submitted here, not through pool.map, whose clean-up cancels what is pending: a
            # future cancelled while the workers are stopped breaks the pool's own thread
            # (InvalidStateError in CPython 3.11)
            batches = [pool.submit(run_batch, files[i : i + chunk]) for i in range(0, len(files), chunk)]
    except OSError as exc:
        raise _CannotStart from exc
    processes = dict(getattr(pool, "_processes", None) or {})
    finished = False
    try:
        for batch in batches:
            yield from batch.result()
        finished = True
    except BrokenProcessPool as exc:
        raise _WorkerDied(_death_code(processes)) from exc
    except OSError as exc:
        raise _CannotStart from exc
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop(pool, processes)


def _death_code(processes: dict[int, Any], patience: float = 2.0) -> int | None:
    """The exit code of the worker that died. The pool's own thread reaps the workers and
    stops the others with SIGTERM, racing this one for their codes, so wait (briefly) until
    every code is known, and prefer the one that is not the pool's SIGTERM."""
    import signal
    import time

    deadline = time.monotonic() + patience
    codes: list[int] = []
    while True:
        codes = []
        for process in processes.values():
            with contextlib.suppress(Exception):
                process.join(timeout=0.05)
            code = getattr(process, "exitcode", None)
            if code is not None:
                codes.append(code)
        if len(codes) == len(processes) or time.monotonic() > deadline:
            break
    own = [c for c in codes if c != -signal.SIGTERM]
    return (own or codes)[0] if codes else None


def _stop(pool: Any, processes: dict[int, Any]) -> None:
    """End every worker now and reap it: no orphan keeps running, or keeps a pipe open."""
    everyone = {**processes, **(getattr(pool, "_processes", None) or {})}
    for process in everyone.values():
        with contextlib.suppress(Exception):
            process.terminate()
    for process in everyone.values():
        with contextlib.suppress(Exception):
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join(timeout=2)
    pool.shutdown(wait=True)  # its thread marks the pending work broken, and ends


def _died(engine: Engine, path: str, code: int | None) -> FileResult:
    """The result of a file whose check ended its worker process: an internal error, named."""
    from fplint.check.engine import INTERNAL_ERROR
    from fplint.model import Diagnostic, Scope, Severity

    how = f"exit code {code}" if code is not None and code >= 0 else f"signal {-code}" if code else "no code"
    plugins = sorted(
        {type(r).__module__ for r in engine.rules if not type(r).__module__.startswith("fplint.")}
    )
    suspects = f"; plugin rules that ran: {', '.join(plugins)}" if plugins else ""
    message = (
        f"the worker process checking this file ended ({how}): a rule called os._exit, or the "
        f"system killed it (out of memory?){suspects}. The file was not checked"
    )
    diagnostic = Diagnostic(path, None, None, "", None, *INTERNAL_ERROR, Severity.ERROR, message, Scope.FILE)
    return FileResult(path, diagnostics=[diagnostic], partials=engine.partials([]))


def worker_budget() -> int:
    """How many worker processes this process can afford: each costs a few open files (pipes,
    its sentinel) in the main process, and a process; leave room for the files a run opens."""
    try:
        import resource
    except ImportError:  # not on a POSIX system
        return 61  # Windows' limit on the handles one wait can watch
    budget = 1 << 16
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY:
        budget = min(budget, (soft - _open_files() - 32) // 4)
    nproc = getattr(resource, "RLIMIT_NPROC", None)
    if nproc is not None:
        soft, _ = resource.getrlimit(nproc)
        if soft != resource.RLIM_INFINITY:
            budget = min(budget, soft // 2)
    return max(budget, 1)


def _open_files() -> int:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return 16


def _set(engine: Engine, cache: Cache | None, max_bytes: int) -> None:
    global _engine, _cache, _max_bytes
    _engine, _cache, _max_bytes = engine, cache, max_bytes


def _start(engine: Engine, cache: Cache | None, max_bytes: int) -> None:
    """A worker process's set-up."""
    _set(engine, cache, max_bytes)
    ignore_in_worker()  # and unblock the signals
    _die_with_parent()
    with contextlib.suppress(OSError):  # a worker never writes to the report's stream
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)


def _die_with_parent() -> None:
    """On Linux, the kernel ends a worker whose main process is gone, even by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)


def _check(path: str, context_only: bool) -> _Checked:
    """Read one file and check it, or take its result from the cache (written by the caller)."""
    assert _engine is not None
    if _cache is None or not _cache.usable:
        return _engine.check_document(load(path, max_bytes=_max_bytes), context_only), None, False, None
    from fplint.check.cache import content_digest, stamp_of

    try:
        before = stamp_of(os.stat(path))  # taken first: a change while reading is a later stamp
        data = _files.read_bytes(path, _max_bytes)
    except (OSError, ValueError, _files.Refused) as exc:
        return _engine.check_document(unreadable(path, kind_of(path), exc), context_only), None, False, None
    digest = content_digest(data)
    stamp = (os.path.abspath(path), before, digest) if before is not None else None
    key = _cache.key_of(digest, path, context_only)
    cached = _cache.get(key)
    if cached is not None:
        return cached, key, True, stamp
    result = _engine.check_document(load_bytes(data, path, kind_of(path)), context_only)
    if any(d.rule == "internal-error" for d in result.diagnostics):
        return result, None, False, None  # a crash is not kept: the next run tries again
    return result, key, False, stamp
