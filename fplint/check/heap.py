"""A run's heap: what it holds grows and lives long, so the cycle collector passes over it rarely.

A run keeps every file's cross-turn summaries, the dataset rules' states and its spool's
chunks until it reports: millions of objects in a warm run of a large dataset, none of them
in a reference cycle. With CPython's default thresholds (a young collection every 700 new
objects), the collector walks that whole heap again and again as it grows: a quarter of the
pre-commit case at 100,000 turns (docs/performance.md, "Seventh round"). During a run, young
collections wait for ``YOUNG`` new objects instead; the older generations keep their own
thresholds, and garbage in a cycle is still collected, later. The first threshold is put
back when the last run in progress ends; one the user set higher, or the collector turned
off, is left as it is, and so is one set while the run was in progress. A run interrupted
(Ctrl-C) between raising the threshold and counting itself leaves it raised until the next
run ends, which puts back the one it had saved.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: New objects between two young collections while a run is in progress.
YOUNG = 100_000

_lock = threading.Lock()
_runs = 0
_saved: int | None = None


@contextmanager
def long_lived() -> Iterator[None]:
    """Young collections rare while the block runs (nested or in threads: the last one out
    puts the threshold back)."""
    with _lock:
        _enter()
    try:
        yield
    finally:
        with _lock:
            _leave()


def _enter() -> None:
    global _runs, _saved
    if _runs == 0:
        first = gc.get_threshold()[0]
        if not (first == YOUNG and _saved is not None):  # else a run interrupted on its way out
            _saved = first if 0 < first < YOUNG else None
        if _saved is not None:
            gc.set_threshold(YOUNG, *gc.get_threshold()[1:])
    _runs += 1  # last: a run interrupted before this leaves what the next one repairs


def _leave() -> None:
    global _runs, _saved
    _runs = max(_runs - 1, 0)
    if _runs == 0 and _saved is not None:
        if gc.get_threshold()[0] == YOUNG:  # one set meanwhile by someone else is theirs
            gc.set_threshold(_saved, *gc.get_threshold()[1:])
        _saved = None
