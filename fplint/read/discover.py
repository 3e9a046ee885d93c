"""Which files a run checks: walk the given paths, keep dataset files, honour include/exclude."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from fplint.config import relative
from fplint.read.loader import SUFFIXES

#: Directories never walked into (named paths are still checked).
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".fplint_cache",
    }
)


def discover(
    paths: Sequence[str],
    root: Path,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    skip: Iterable[str] = (),
    empty: list[str] | None = None,
) -> tuple[list[str], list[str]]:
    """Files to check (in a stable order, each once) and the paths that do not exist.

    Walking a directory skips hidden files and folders; a file named explicitly is checked
    whatever its name. The ``skip`` paths (fplint's own baseline and suppressions files)
    are never checked. Directories that hold no file to check are added to ``empty``.
    """
    files: list[str] = []
    missing: list[str] = []
    own = {os.path.normcase(os.path.abspath(p)) for p in skip}
    seen: set[str] = set(own)

    def add(path: str, walked: bool) -> bool:
        """Whether ``path`` is a file of the run (perhaps already listed)."""
        key = os.path.normcase(os.path.abspath(path))
        if key in seen:
            return key not in own  # a repeat, or one of fplint's own files
        rel = relative(path, root)
        if exclude and matches(rel, exclude):
            return False
        if walked and include and not matches(rel, include):
            return False
        seen.add(key)
        files.append(path)
        return True

    for path in paths:
        if os.path.isdir(path):
            found_any = False
            for found in _walk(path):
                found_any = add(found, walked=True) or found_any
            if not found_any and empty is not None:
                empty.append(path)
        elif os.path.lexists(path):
            add(path, walked=False)  # a named file is checked whatever its suffix; a broken link is reported
        else:
            missing.append(path)
    return files, missing


def natural(name: str) -> tuple[object, ...]:
    """Sort key that reads like a person: ``convo-9`` before ``convo-10``, ``x.json`` before ``x-part2.json``."""
    stem, _, suffix = name.rpartition(".") if "." in name else (name, "", "")
    parts = re.split(r"(\d+)", stem.lower())
    return (tuple(int(p) if p.isdigit() else p for p in parts), suffix)


def path_order(path: str) -> tuple[tuple[object, ...], ...]:
    """Sort key of a path: folder by folder, each in ``natural`` order."""
    return tuple(natural(part) for part in os.path.normpath(path).split(os.sep))


def _walk(top: str) -> Iterable[str]:
    for directory, dirs, names in os.walk(top, followlinks=False):
        dirs[:] = sorted((d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")), key=natural)
        for name in sorted(names, key=natural):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES:
                yield os.path.join(directory, name)


def matches(path: str, globs: Iterable[str]) -> bool:
    """True when the forward-slash ``path`` matches one of the globs (``**`` spans folders).

    A glob without a slash matches the file name anywhere, as in ``.gitignore``.
    """
    return any(_compile(g).fullmatch(path) for g in globs)


@cache
def _compile(glob: str) -> re.Pattern[str]:
    glob = glob.replace("\\", "/").removeprefix("./")
    if "/" not in glob.rstrip("/"):
        glob = "**/" + glob
    if glob.endswith("/"):
        glob += "**"
    out = ""
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif glob.startswith("**", i):
            out += ".*"
            i += 2
        elif glob[i] == "*":
            out += "[^/]*"
            i += 1
        elif glob[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(glob[i])
            i += 1
    return re.compile(out + "(?:/.*)?")
