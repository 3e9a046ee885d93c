"""Lint an editor's buffer as ``fplint check`` would lint the file: same engine, config, findings.

Nothing here knows the protocol. The buffer's text stands in for the file on disk, and so do
the texts of the other open buffers; the rest of the dataset (the config's ``dataset`` globs)
is read from disk for the cross-file rules, as the CLI reads it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fplint.check.engine import Engine
from fplint.check.registry import PluginError
from fplint.check.run import finish, lint_files
from fplint.check.schema import SchemaLookupError
from fplint.config import CONFIG_FILES, Config, ConfigError, find_config, load_config, relative
from fplint.model import Diagnostic
from fplint.read.discover import matches
from fplint.read.loader import SUFFIXES, kind_of, load_bytes


def _stamp(path: Path | None) -> tuple[str, int, int] | None:
    """What changes when a file is edited: its path, modification time and size."""
    if path is None:
        return None
    try:
        status = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), status.st_mtime_ns, status.st_size)


@dataclass
class Loaded:
    """A config as loaded from its file, with the stamp it was loaded at, or the error it gave."""

    config: Config | None
    error: str | None
    stamp: tuple[str, int, int] | None


@dataclass
class Configs:
    """The configuration for each file, as the CLI would find it from the file's folder; reloaded
    when the config file changes on disk (or a nearer one appears)."""

    isolated: bool = False
    explicit: Path | None = None
    _loaded: dict[Path | None, Loaded] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def for_file(self, path: str) -> Loaded:
        where = self.explicit
        if where is None and not self.isolated:
            where = find_config(Path(path).parent)
        stamp = _stamp(where)
        with self._lock:
            known = self._loaded.get(where)
            if known is not None and known.stamp == stamp:
                return known
            try:
                loaded = Loaded(load_config(where, discover=False), None, stamp)
            except (ConfigError, PluginError, SchemaLookupError) as exc:
                loaded = Loaded(None, str(exc), stamp)
            self._loaded[where] = loaded
            return loaded

    def changed(self) -> bool:
        """Whether any config loaded so far changed on disk (checked without loading it)."""
        with self._lock:
            known = list(self._loaded.items())
        return any(_stamp(where) != loaded.stamp for where, loaded in known)

    def forget(self) -> None:
        with self._lock:
            self._loaded.clear()


def is_config_file(path: str) -> bool:
    """A file whose change may change the configuration (a config, a ruleset, suppressions)."""
    name = os.path.basename(path)
    return (
        name in CONFIG_FILES or name.endswith((".fplint.yaml", ".fplint.yml")) or name.startswith(".fplint")
    )


def wanted(path: str, config: Config) -> bool:
    """Whether fplint lints this buffer: a dataset file (by suffix) that the config's
    ``exclude`` does not leave out and, when the config names ``include`` or ``dataset``
    globs, one of those (so a workspace's other JSON files get no findings)."""
    if Path(path).suffix.lower() not in SUFFIXES:
        return False
    rel = relative(path, config.root)
    if config.exclude and matches(rel, config.exclude):
        return False
    named = (*config.include, *config.dataset)
    return not named or matches(rel, named)


def lint_buffer(
    path: str, text: str, config: Config, others: Mapping[str, str] | None = None
) -> list[Diagnostic]:
    """The diagnostics ``fplint check PATH`` gives when the file holds ``text``: in that file only.

    ``others``: the texts of other open buffers, which stand in for their files on disk in
    the cross-file rules (a duplicate of a turn typed but not yet saved in another file).
    """
    engine = Engine.from_config(config)  # one per run, as the CLI's: its state is the run's
    data = text.encode("utf-8", "surrogatepass")
    key = os.path.normcase(os.path.abspath(path))
    overlay = {os.path.normcase(os.path.abspath(p)): t for p, t in (others or {}).items()}

    def read(candidate: str) -> bytes | None:
        found = os.path.normcase(os.path.abspath(candidate))
        if found == key:
            return data
        if found in overlay:
            return overlay[found].encode("utf-8", "surrogatepass")
        return None

    if not os.path.isfile(path):  # a buffer not saved yet: no file for the run to find
        return _unsaved(path, data, config, engine)
    report = lint_files([path], config, engine, read=read)
    return [d for d in report.diagnostics if os.path.normcase(os.path.abspath(d.path)) == key]


def _unsaved(path: str, data: bytes, config: Config, engine: Engine) -> list[Diagnostic]:
    document = load_bytes(data, path, kind_of(path))
    diagnostics, _ = finish([engine.check_document(document)], engine, config, {path: document})
    return [d for d in diagnostics if d.path == path]
