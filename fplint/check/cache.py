"""A content-addressed cache of per-file results, so unchanged files are not parsed again.

A result is stored under a key made of the file's bytes, its path, fplint's version and a
fingerprint of the rules that ran (their settings and their code's identity): change any of
them and the entry is simply not found. Entries are written atomically (a temporary file
renamed into place), so concurrent runs never read half a file, and a damaged entry is a
miss. The cache lives in the user's cache directory (``~/.cache/fplint``, or
``$FPLINT_CACHE_DIR``), never beside the data, and is only trusted when the user owns it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fplint import __version__
from fplint.atomic import write_text
from fplint.check.digest import blake2b


def default_dir() -> Path:
    """``$FPLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/fplint``, else ``~/.cache/fplint``."""
    configured = os.environ.get("FPLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fplint"


class Cache:
    """Per-file results by content; every failure to read or write is a quiet miss."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.directory = directory / __version__
        self.fingerprint = fingerprint
        self.usable = self._prepare()

    def _prepare(self) -> bool:
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            if hasattr(os, "getuid") and self.directory.stat().st_uid != os.getuid():
                return False  # someone else's directory: never unpickle what they wrote
            return os.access(self.directory, os.W_OK)
        except OSError:
            return False

    def key(self, data: bytes, path: str, context_only: bool) -> str:
        digest = blake2b(data, digest_size=20)
        digest.update(f"\x00{path}\x00{context_only}\x00{self.fingerprint}".encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> Any:
        if not self.usable:
            return None
        import pickle  # here, not at the top: runs with --no-cache never load it

        try:
            with open(self.directory / key[:2] / key, "rb") as handle:
                return pickle.load(handle)
        except Exception:  # missing, half-written by a crashed writer, from another Python: a miss
            return None

    def put(self, key: str, value: Any) -> None:
        if not self.usable:
            return
        import pickle
        import tempfile

        folder = self.directory / key[:2]
        temporary = None
        try:
            folder.mkdir(exist_ok=True, mode=0o700)
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, folder / key)
        except Exception:  # unpicklable plugin data, a full disk: the run goes on without caching
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def remembered(kind: str, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered as JSON under ``key`` (hashed): start-up work (a ruleset's
    YAML, the installed plugins) done once, not on every run. Anything unreadable is a miss."""
    digest = blake2b(key.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    path = default_dir() / __version__ / kind / f"{digest}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = compute()  # an error here (a ConfigError) is the user's to see, and is not kept
    with contextlib.suppress(OSError, TypeError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_text(path, json.dumps(value))
    return value


def fingerprint(settings: Any, rule_classes: list[type], files: list[Path]) -> str:
    """What cached results depend on besides the file: rule settings, the code of every rule
    and of fplint itself, and ``files`` (the shipped schemas), by path, size and time."""
    digest = blake2b(digest_size=20)
    digest.update(repr(settings).encode("utf-8", "surrogatepass"))
    sources = [getattr(sys.modules.get(rule.__module__), "__file__", None) or "" for rule in rule_classes]
    package = Path(__file__).resolve().parent.parent
    for source in sorted({*sources, *map(str, files), *map(str, package.rglob("*.py"))}):
        try:
            stat = os.stat(source)
            stamp = f"{stat.st_mtime_ns}:{stat.st_size}"
        except OSError:
            stamp = ""
        digest.update(f"{source}:{stamp}\x00".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
