"""Which files a run checks: walk the given paths, keep dataset files, honour include/exclude."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
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

    def walked_into(directory: str) -> bool:
        """Whether a folder may hold a file of the run: not when an ``exclude`` glob covers it,
        nor when no ``include`` glob can match below it (a ``dataset: [data/*.json]`` walks
        ``data/``, not the whole repository)."""
        names = relative(directory, root).split("/")
        if exclude and any(_compile(g).covers(names) for g in exclude):
            return False
        return not include or any(_compile(g).may_hold(names) for g in include)

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
            for found in _walk(path, walked_into):
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
    folder, sep, name = os.path.normpath(path).rpartition(os.sep)
    return (*_folder_order(folder), natural(name)) if sep else (natural(name),)


@lru_cache(maxsize=1024)
def _folder_order(folder: str) -> tuple[tuple[object, ...], ...]:
    """``path_order`` of a folder: the files of a dataset share a few (remembered)."""
    return tuple(natural(part) for part in folder.split(os.sep))


def _walk(top: str, walked_into: Callable[[str], bool]) -> Iterable[str]:
    for directory, dirs, names in os.walk(top, followlinks=False):
        dirs[:] = sorted(
            (
                d
                for d in dirs
                if d not in SKIP_DIRS and not d.startswith(".") and walked_into(os.path.join(directory, d))
            ),
            key=natural,
        )
        for name in sorted(names, key=natural):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES:
                yield os.path.join(directory, name)


def matches(path: str, globs: Iterable[str]) -> bool:
    """True when the forward-slash ``path`` matches one of the globs (``**`` spans folders).

    A glob without a slash matches the file name anywhere, as in ``.gitignore``; a glob that
    matches a folder matches everything in it. Matching takes time in proportion to the
    path's length times the glob's, whatever either holds (globs come from a config a pull
    request can change, names from its files): no regular expression backtracks over them.
    """
    parts = path.split("/")
    return any(_compile(g).matches(parts) for g in globs)


class _Glob:
    """A glob as folder patterns: ``**`` (any number of folders) or one name's pattern."""

    def __init__(self, glob: str) -> None:
        glob = glob.replace("\\", "/").removeprefix("./")
        self.empty = not glob.strip("/")  # "" or "/": names no file
        if "/" not in glob.rstrip("/"):
            glob = "**/" + glob
        names = glob.rstrip("/").split("/")
        # a last ``**`` (or a last ``/``) names what is below a folder: at least one more name
        self.below = glob.endswith("/") or names[-1] == "**"
        if names[-1] == "**" and len(names) > 1:
            names.pop()
        self.parts = [None if p == "**" else _name_pattern(p) for p in names]

    def matches(self, names: list[str]) -> bool:
        """Whether the glob matches ``names`` whole (unless it names what is below a folder),
        or their first folders (then everything within)."""
        states, within = self._consume(names)
        return within or (len(self.parts) in states and not self.below)

    def covers(self, names: list[str]) -> bool:
        """Whether the glob matches everything below the folder ``names``."""
        states, within = self._consume(names)
        return within or len(self.parts) in states

    def may_hold(self, names: list[str]) -> bool:
        """Whether the glob can match something below the folder ``names``."""
        states, within = self._consume(names)
        return within or bool(states)

    def _consume(self, names: list[str]) -> tuple[set[int], bool]:
        """The states after reading ``names``, and whether a folder before the last name
        already matched (then everything within does)."""
        if self.empty:
            return set(), False
        end = len(self.parts)
        states = self._closure({0})
        for name in names:
            if end in states:
                return states, True  # a folder of the path matched: everything in it does
            stay = {i for i in states if i < end and self.parts[i] is None}  # ``**`` takes the folder
            step = {
                i + 1 for i in states if i < end and (p := self.parts[i]) is not None and p.fullmatch(name)
            }
            states = self._closure(stay | step)
            if not states:
                break
        return states, False

    def _closure(self, states: set[int]) -> set[int]:
        """``states`` and each state after a run of ``**`` (which may match no folder)."""
        out = set(states)
        for i in sorted(states):
            while i < len(self.parts) and self.parts[i] is None:
                i += 1
                out.add(i)
        return out


def _name_pattern(pattern: str) -> re.Pattern[str]:
    """One name's pattern (``*`` any run of characters, ``?`` one) as a regular expression
    that cannot backtrack: each ``*`` but the last takes the earliest place the text after it
    fits, inside an atomic group, which is as good as any later place since another ``*``
    follows (the reasoning of the standard library's ``fnmatch``)."""
    chunks = [
        "".join("." if c == "?" else re.escape(c) for c in chunk)
        for chunk in re.sub(r"\*+", "*", pattern).split("*")
    ]
    if len(chunks) == 1:
        return re.compile(chunks[0], re.DOTALL)
    middle = "".join(f"(?>.*?{chunk})" for chunk in chunks[1:-1])
    return re.compile(f"{chunks[0]}{middle}.*{chunks[-1]}", re.DOTALL)


@cache
def _compile(glob: str) -> _Glob:
    return _Glob(glob)
