"""``check --watch``: check, then check again whenever a file the run reads changes.

Changes are found by looking (``os.stat``) twice a second at every file the run reads — the
files checked, the rest of the dataset, the config, the suppressions, the baseline — and at
the folders they are in (a file added or removed changes its folder). The list is made anew
after each run. No file-system events, no extra dependency: thousands of files are stat'ed in
a few milliseconds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

#: Seconds between two looks at the files.
INTERVAL = 0.5

Snapshot = dict[str, tuple[int, int] | None]


def files_read(paths: Sequence[str], options: dict[str, Any]) -> set[str]:
    """Every file a check of ``paths`` with ``options`` reads (as far as can be told now)."""
    from fplint.check import suppress
    from fplint.check.run import checked_files, dataset_files
    from fplint.cli.options import load
    from fplint.config import find_config
    from fplint.read.discover import discover

    names: set[str] = set()
    config_file = options.get("config_path") or (None if options.get("isolated") else find_config())
    if config_file is not None:
        names.add(str(config_file))
    try:
        config = load(options)
    except Exception:  # a config being edited: watch it, and the paths as they are
        found, _ = discover(list(paths) or ["."], Path.cwd())
        return names | set(found) | folders(paths, names | set(found))
    found, _ = checked_files(list(paths) or ["."], config)
    names.update(found)
    names.update(dataset_files(config))
    names.update(
        str(p) for p in (config.baseline, config.suppressions or config.root / suppress.FILE_NAME) if p
    )
    if config.source:
        names.add(config.source)
    return names | folders(paths, names)


def folders(paths: Sequence[str], names: set[str]) -> set[str]:
    """The folders a new file would appear in: those of the files, and every folder under the
    paths given (skipping the ones a run never walks into)."""
    from fplint.read.discover import SKIP_DIRS

    found = {os.path.dirname(os.path.abspath(n)) for n in names}
    for path in list(paths) or ["."]:
        if os.path.isdir(path):
            for directory, dirs, _ in os.walk(path):
                dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
                found.add(os.path.abspath(directory))
    return found


def snapshot(names: set[str]) -> Snapshot:
    """Each file's (modification time, size), or ``None`` for one that is not there."""
    found: Snapshot = {}
    for name in names:
        try:
            status = os.stat(name)
        except OSError:
            found[name] = None
        else:
            found[name] = (status.st_mtime_ns, status.st_size)
    return found


def watch(
    run: Callable[[], object],
    watched: Callable[[], set[str]],
    interval: float = INTERVAL,
    sleep: Callable[[float], None] = time.sleep,
    rounds: int | None = None,
) -> None:
    """Run, then run again whenever a file ``watched`` names changes, until interrupted (or
    ``rounds`` runs). The names are asked for before each run, so an edit made while a run
    reads the files is seen afterwards."""
    done = 0
    while rounds is None or done < rounds:
        names = watched()
        before = snapshot(names)
        click.clear()  # on a terminal only
        run()
        done += 1
        click.echo(f"[{time.strftime('%H:%M:%S')}] Watching for file changes (Ctrl-C to stop).", err=True)
        if rounds is not None and done >= rounds:
            return
        while snapshot(names) == before:
            sleep(interval)
