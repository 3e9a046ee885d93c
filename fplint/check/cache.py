"""A cache of per-file results, so unchanged files are not checked again; and start-up memos.

Whoever can write the cache directory (a CI cache restored from another branch, a shared
``FPLINT_CACHE_DIR``) must not be able to run code, hide a finding or change which rules
run. So:

- everything is data (``fplint.check.codec``: JSON with tags), validated as it is read; any
  entry that is unreadable, damaged or unexpected is a miss;
- every entry carries a keyed BLAKE2b MAC under a secret that lives outside the cache: the
  ``FPLINT_CACHE_KEY`` environment variable, else a random key in the user's state directory
  (``$XDG_STATE_HOME/fplint/cache.key``, or ``~/.local/state/fplint/cache.key``). An entry
  written without that secret is a miss, so a forged or transplanted entry is never used;
- results live in one SQLite file per fplint version, bounded in size (``FPLINT_CACHE_MAX_MB``,
  default 256): past it, the least recently used entries go. Only the main process writes.

A result's key is made of the file's bytes, its path, fplint's version and a fingerprint of
the rules that ran (settings and code identity): change any and the entry is not found.

An entry holds its turns' summaries one by one, each encoded on its own beside its
conversation's id: a run that needs a few conversations only (the pre-commit case: one file
checked, the dataset read as context) decodes those, and leaves the rest as strings.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from fplint import __version__
from fplint.check.digest import blake2b

#: The default bound of the results store, in megabytes.
DEFAULT_MAX_MB = 256
_MAC_SIZE = 32
_MAX_ENTRY = 64 << 20  # no single entry inflates past this
_SCHEMA = (
    "CREATE TABLE results (key TEXT PRIMARY KEY, used INTEGER NOT NULL, size INTEGER NOT NULL, "
    "entry BLOB NOT NULL)"
)
#: What a file's bytes hashed to when it had a given stamp (size, times, inode): a warm run
#: stats a file and takes its digest from here instead of reading and hashing it.
_STAMPS = "CREATE TABLE stamps (path TEXT PRIMARY KEY, entry BLOB NOT NULL)"
_TABLES = sorted([_SCHEMA, _STAMPS])
_DIGEST_SIZE = 20
#: A file modified this recently is not stamped: a change within the file system's clock tick
#: could keep its size and times (git's "racy" files), so its bytes are hashed every time.
_SETTLED_NS = 2_000_000_000
#: Keys looked up in one query (under SQLite's smallest limit on parameters, 999).
_BATCH = 500
#: An entry's time of last use is written again only once it is older than this: a warm run
#: of a large dataset rewrites no row, and least recently used by the hour prunes as well.
_TOUCH_AFTER_NS = 3600 * 10**9
#: The layout of a cached ``FileResult``, part of every key: an entry written in another
#: layout (2: the places kept for cross-turn findings; 3: summaries encoded one by one) is
#: never found, so never misread.
FORMAT = 3

_memos = True  # --no-cache and --isolated turn the start-up memos off, reads included


def use_memos(enabled: bool) -> None:
    """Whether ``remembered`` may read or write anything (off: compute everything afresh)."""
    global _memos
    _memos = enabled


def default_dir() -> Path:
    """``$FPLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/fplint``, else ``~/.cache/fplint``."""
    configured = os.environ.get("FPLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fplint"


def key_file() -> Path:
    """Where the random secret lives when ``FPLINT_CACHE_KEY`` is not set: never in the cache."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "fplint" / "cache.key"


def secret() -> bytes | None:
    """The key every entry is signed with, or None when there is none to be had (no cache)."""
    given = os.environ.get("FPLINT_CACHE_KEY")
    if given:
        return blake2b(given.encode("utf-8", "surrogatepass"), digest_size=32).digest()
    path = key_file()
    with contextlib.suppress(OSError):
        found = _read_own(path)
        if found is not None and len(found) == 32:
            return found
    try:  # a new key: created exclusively, readable by the user alone
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(32))
        return _read_own(path)
    except OSError:  # a read-only home, or another run made it first
        with contextlib.suppress(OSError):
            return _read_own(path)
    return None


def _read_own(path: Path) -> bytes | None:
    """A small regular file's bytes, if the user owns it and no one else can read or write it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            return None
        if info.st_size > 4096 or not stat.S_ISREG(info.st_mode):
            return None
        return os.read(fd, 4096)
    finally:
        os.close(fd)


def _mac(secret: bytes, label: str, payload: bytes) -> bytes:
    digest = blake2b(key=secret, digest_size=_MAC_SIZE)
    digest.update(label.encode("utf-8", "surrogatepass") + b"\x00")
    digest.update(payload)
    return digest.digest()


def _owned_dir(directory: Path) -> bool:
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    if hasattr(os, "getuid") and directory.stat().st_uid != os.getuid():
        return False  # someone else's directory: nothing in it is ours
    return os.access(directory, os.W_OK)


class Cache:
    """Per-file results by content; every failure to read or write is a quiet miss.

    Workers read (each with its own connection); the main process writes, in batches
    (``put``, ``touch``, ``flush``), and prunes the oldest entries past ``max_bytes``.
    """

    def __init__(
        self, directory: Path, fingerprint: str, max_bytes: int | None = None, key: bytes | None = None
    ) -> None:
        self.directory = directory / __version__
        self.path = self.directory / "results.sqlite"
        self.fingerprint = fingerprint
        self.max_bytes = max_bytes if max_bytes is not None else _max_bytes()
        self.secret = key if key is not None else secret()
        self.usable = self.secret is not None and self._prepare()
        self._connection: Any = None
        self._pid = os.getpid()
        self._pending: dict[str, bytes] = {}
        self._used: set[str] = set()
        self._recent: set[str] = set()  # keys read whose last use is recent: no touch needed
        self._stamps: dict[str, bytes] = {}

    def __getstate__(self) -> dict[str, Any]:  # to a worker: no connection, no pending writes
        return {
            **self.__dict__,
            "_connection": None,
            "_pending": {},
            "_used": set(),
            "_recent": set(),
            "_stamps": {},
        }

    def _prepare(self) -> bool:
        try:
            return _owned_dir(self.directory)
        except OSError:
            return False

    def key(self, data: bytes, path: str, context_only: bool) -> str:
        return self.key_of(content_digest(data), path, context_only)

    def key_of(self, digest: bytes, path: str, context_only: bool) -> str:
        """The key of a file whose bytes hash to ``digest`` (``content_digest``)."""
        key = blake2b(digest, digest_size=20)
        key.update(
            f"\x00{path}\x00{context_only}\x00{self.fingerprint}\x00{FORMAT}".encode("utf-8", "surrogatepass")
        )
        return key.hexdigest()

    # -- stamps: a file's digest without reading it -------------------------------------------

    def stamped(self, paths: list[str]) -> dict[str, bytes]:
        """The stamp entries of ``paths`` (absolute), not yet verified (``digest_for`` does)."""
        return {
            path: entry
            for path, entry in self._rows("SELECT path, entry FROM stamps WHERE path IN ({})", paths)
            if type(path) is str and type(entry) is bytes
        }

    def _rows(self, query: str, values: list[str]) -> list[tuple[Any, ...]]:
        """The rows of ``query`` (an ``IN ({})`` of ``values``), a batch of values at a time;
        none when the store cannot be read (no store yet, locked, damaged)."""
        rows: list[tuple[Any, ...]] = []
        if not self.usable:
            return rows
        try:
            db = self._db()
            for start in range(0, len(values), _BATCH):
                batch = values[start : start + _BATCH]
                rows += db.execute(query.format(",".join("?" * len(batch))), batch).fetchall()
        except Exception:
            return []
        return rows

    def digest_for(self, stamps: dict[str, bytes], path: str, stamp: str) -> bytes | None:
        """The digest of the file at ``path`` (absolute) when its stamp is still ``stamp``."""
        entry = stamps.get(path)
        if type(entry) is not bytes or len(entry) <= _MAC_SIZE + _DIGEST_SIZE:
            return None
        import hmac

        assert self.secret is not None
        mac, payload = entry[:_MAC_SIZE], entry[_MAC_SIZE:]
        if payload[_DIGEST_SIZE:] != stamp.encode("ascii"):
            return None  # the file changed (or was touched) since
        if not hmac.compare_digest(mac, _mac(self.secret, f"stamp\x00{path}", payload)):
            return None
        return payload[:_DIGEST_SIZE]

    def stamp(self, path: str, stamp: str, digest: bytes) -> None:
        """Remember that the file at ``path`` (absolute) had ``digest`` at ``stamp`` (at the next ``flush``)."""
        if self.usable and len(digest) == _DIGEST_SIZE:
            payload = digest + stamp.encode("ascii")
            assert self.secret is not None
            self._stamps[path] = _mac(self.secret, f"stamp\x00{path}", payload) + payload

    def held(self, keys: list[str]) -> set[str]:
        """Which of ``keys`` the store has an entry for (not read, not checked: ``get_many`` does)."""
        return {row[0] for row in self._rows("SELECT key FROM results WHERE key IN ({})", keys)}

    def get_many(self, keys: list[str], wanted: Collection[str] | None = None) -> dict[str, Any]:
        """The valid values stored under ``keys``, in a few queries (missing keys are left out);
        ``wanted``: the conversations whose summaries to decode (``None``: all of them)."""
        found: dict[str, Any] = {}
        recent = time.time_ns() - _TOUCH_AFTER_NS
        for key, used, entry in self._rows("SELECT key, used, entry FROM results WHERE key IN ({})", keys):
            if type(key) is str and type(entry) is bytes:
                value = self._open(key, entry, wanted)
                if value is not None:
                    found[key] = value
                    if type(used) is int and used > recent:
                        self._recent.add(key)
        return found

    # -- reading ----------------------------------------------------------------------------

    def get(self, key: str) -> Any:
        """The value stored under ``key``, if it is there, signed with our secret, and valid."""
        if not self.usable:
            return None
        try:
            row = self._db().execute("SELECT entry FROM results WHERE key = ?", (key,)).fetchone()
        except Exception:  # no store yet, locked, damaged, not a database: a miss
            return None
        if row is None or not isinstance(row[0], bytes):
            return None
        return self._open(key, row[0])

    def _open(self, key: str, entry: bytes, wanted: Collection[str] | None = None) -> Any:
        import hmac
        import zlib

        from fplint.check.codec import CodecError

        assert self.secret is not None
        mac, payload = entry[:_MAC_SIZE], entry[_MAC_SIZE:]
        if not hmac.compare_digest(mac, _mac(self.secret, key, payload)):
            return None  # not written with our secret: forged, or another machine's
        try:
            inflater = zlib.decompressobj()
            data = inflater.decompress(payload, _MAX_ENTRY)
            if inflater.unconsumed_tail:
                return None
            return unpack(data, wanted)  # checked there, field by field
        except (zlib.error, CodecError):
            return None

    # -- writing (the main process) ------------------------------------------------------------

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` under ``key`` (at the next ``flush``); a value the codec cannot
        represent (a plugin's own data) is not kept."""
        if not self.usable:
            return
        import zlib

        from fplint.check.codec import CodecError

        try:
            payload = zlib.compress(pack(value), 6)
        except CodecError:
            return
        assert self.secret is not None
        self._pending[key] = _mac(self.secret, key, payload) + payload
        if len(self._pending) >= 512:
            self.flush()

    def touch(self, key: str) -> None:
        """``key`` was used: it is pruned after the entries that were not (an entry
        ``get_many`` found used within the hour keeps its time)."""
        if self.usable and key not in self._recent:
            self._used.add(key)
        self._recent.discard(key)

    def flush(self) -> None:
        """Write what ``put`` and ``touch`` gathered, then prune past ``max_bytes``."""
        if not self.usable or not (self._pending or self._used or self._stamps):
            return
        pending, used, stamps = self._pending, self._used, self._stamps
        self._pending, self._used, self._stamps = {}, set(), {}
        now = time.time_ns()
        try:
            db = self._db()
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO results (key, used, size, entry) VALUES (?, ?, ?, ?)",
                    [(key, now, len(entry), entry) for key, entry in pending.items()],
                )
                db.executemany("UPDATE results SET used = ? WHERE key = ?", [(now, key) for key in used])
                db.executemany("INSERT OR REPLACE INTO stamps (path, entry) VALUES (?, ?)", stamps.items())
            self._prune(db)
        except Exception:  # locked by another run for too long, a full disk: not cached this time
            return

    def _prune(self, db: Any) -> None:
        (total,) = db.execute("SELECT coalesce(sum(size), 0) FROM results").fetchone()
        if total <= self.max_bytes:
            return
        goal, freed, doomed = total - self.max_bytes * 3 // 4, 0, []
        for key, size in db.execute("SELECT key, size FROM results ORDER BY used, key"):
            if freed >= goal:
                break
            doomed.append((key,))
            freed += size
        with db:
            db.executemany("DELETE FROM results WHERE key = ?", doomed)
            db.execute("DELETE FROM stamps")  # stamps are only a short cut: rebuilt as files are read
        with contextlib.suppress(Exception):
            db.execute("VACUUM")

    # -- the store ------------------------------------------------------------------------------

    def _db(self) -> Any:
        """This process's connection to the store, checked to be exactly ours (made anew if not)."""
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        import sqlite3

        self._pid = os.getpid()
        self._connection = None  # a parent's connection is never used in a child
        connection = sqlite3.connect(self.path, timeout=2.0, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA trusted_schema = OFF")
            connection.execute("PRAGMA synchronous = NORMAL")  # a lost last batch is only a miss
            found = connection.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
            if not found:
                _drop_pickles(self.directory)
                connection.execute("PRAGMA journal_mode = WAL")
                for table in _TABLES:
                    connection.execute(table.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
                found = connection.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
            tables = sorted(row[2] for row in found if row[0] == "table")
            if tables != _TABLES or any(row[0] not in ("table", "index") for row in found):
                raise sqlite3.DatabaseError("not fplint's results store")  # triggers, views, tables
        except sqlite3.OperationalError:  # locked by another run: a miss this time
            connection.close()
            raise
        except Exception:  # damaged, not a database, or not ours: replaced by a fresh one
            connection.close()
            self._replace()
            raise
        connection.isolation_level = "DEFERRED"
        self._connection = connection
        return connection

    def _replace(self) -> None:
        """A store that is not ours, or damaged: set aside for a fresh one on the next run."""
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    def close(self) -> None:
        self.flush()
        if self._connection is not None and self._pid == os.getpid():
            with contextlib.suppress(Exception):
                self._connection.close()
        self._connection = None


def pack(result: Any) -> bytes:
    """A ``FileResult`` as an entry: the result without its summaries, then each summary
    encoded on its own (a string), then each one's conversation id."""
    from dataclasses import replace

    from fplint.check.codec import CodecError, encode
    from fplint.check.engine import FileResult

    if type(result) is not FileResult:
        raise CodecError(f"{type(result).__name__} is not a file's result")
    summaries = result.summaries
    return encode(
        (
            replace(result, summaries=[]),
            [encode(s).decode("ascii") for s in summaries],
            [s.conversation_id for s in summaries],
        )
    )


def unpack(data: bytes, wanted: Collection[str] | None) -> Any:
    """The ``FileResult`` an entry holds, with the summaries of the ``wanted`` conversations
    (``None``: every summary, in order); ``CodecError`` for anything else."""
    from fplint.check.codec import CodecError, decode
    from fplint.check.engine import TurnSummary

    value = decode(data)
    if not (type(value) is tuple and len(value) == 3):
        raise CodecError("not a file's result")
    result, summaries, conversations = value
    if not (
        valid_result(result)
        and type(summaries) is list
        and type(conversations) is list
        and len(summaries) == len(conversations)
        and all(type(s) is str for s in summaries)
        and all(c is None or type(c) is str for c in conversations)
    ):
        raise CodecError("not a file's result")
    kept = [
        (decode(s), conversation)
        for s, conversation in zip(summaries, conversations, strict=True)
        if wanted is None or conversation in wanted
    ]
    if not all(type(s) is TurnSummary and s.conversation_id == c for s, c in kept):
        raise CodecError("a summary that is not one")
    result.summaries = [s for s, _ in kept]
    return result


def content_digest(data: bytes) -> bytes:
    """What a file's bytes hash to (the part of its cache key its content gives)."""
    return blake2b(data, digest_size=_DIGEST_SIZE).digest()


def stamp_of(status: os.stat_result) -> str | None:
    """A regular file's stamp: size, modification and change times, inode and device; ``None``
    for a file not to stamp (not regular, or changed too recently to tell a later change apart).

    The change time cannot be set back by the file's writer (``touch -d`` sets it to now), so
    content rewritten to the same size under an old modification time still misses.
    """
    if not stat.S_ISREG(status.st_mode) or time.time_ns() - status.st_mtime_ns < _SETTLED_NS:
        return None
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:{status.st_ino}:{status.st_dev}"


def _drop_pickles(directory: Path) -> None:
    """The entries of fplint before the store (a pickle per file in ``ab/abcd…``): never read,
    removed when the store is made, so that they stop taking room."""
    import re
    import shutil

    with contextlib.suppress(OSError):
        for entry in os.scandir(directory):
            if re.fullmatch(r"[0-9a-f]{2}", entry.name) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)


def _max_bytes() -> int:
    try:
        megabytes = float(os.environ.get("FPLINT_CACHE_MAX_MB") or DEFAULT_MAX_MB)
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return max(int(megabytes * (1 << 20)), 0)


def valid_result(value: Any) -> bool:
    """Whether a decoded entry is a ``FileResult`` whose diagnostics are well formed: what
    reaches the report and the exit code is checked field by field."""
    from fplint.check.engine import FileResult
    from fplint.model import Diagnostic, Scope, Severity

    if not (type(value) is FileResult and type(value.path) is str and type(value.turns) is int):
        return False
    if not (
        type(value.diagnostics) is list and type(value.summaries) is list and type(value.partials) is tuple
    ):
        return False
    if not (type(value.turn_ids) is list and all(type(t) is str for t in value.turn_ids)):
        return False
    if not (type(value.places) is list and all(type(p) is tuple for p in value.places)):
        return False
    kept = value.kept
    if kept is not None and not (
        type(kept) is tuple
        and len(kept) == 2
        and type(kept[0]) is tuple
        and all(type(p) is str for p in kept[0])
        and type(kept[1]) is bytes
    ):
        return False
    optional = (str, type(None))
    number = (int, type(None))
    for d in value.diagnostics:
        if not (
            type(d) is Diagnostic
            and all(type(x) is str for x in (d.path, d.pointer, d.rule, d.code, d.message))
            and type(d.line) in number
            and type(d.column) in number
            and type(d.turn_id) in optional
            and type(d.turn_pointer) in optional
            and type(d.severity) is Severity
            and type(d.scope) is Scope
            and type(d.related) is tuple
            and all(type(p) is str for p in d.related)
        ):
            return False
    return True


def remembered(kind: str, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered as signed JSON under ``key`` (hashed): start-up work (a
    ruleset's YAML, the installed plugins) done once, not on every run.

    A memo decides which rules run, so it is only ever read when signed with our secret, and
    not at all under ``--no-cache`` or ``--isolated`` (``use_memos(False)``). Anything
    unreadable or unsigned is a miss.
    """
    if not _memos:
        return compute()
    import hmac

    label = f"{kind}\x00{key}"
    digest = blake2b(label.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    path = default_dir() / __version__ / kind / f"{digest}.json"
    mine = secret()
    if mine is not None:
        with contextlib.suppress(OSError, ValueError):
            stored = path.read_bytes()
            mac, payload = bytes.fromhex(stored[: 2 * _MAC_SIZE].decode("ascii")), stored[2 * _MAC_SIZE :]
            if hmac.compare_digest(mac, _mac(mine, label, payload)):
                return json.loads(payload)
    value = compute()  # an error here (a ConfigError) is the user's to see, and is not kept
    if mine is not None:
        with contextlib.suppress(OSError, TypeError, ValueError):
            payload = json.dumps(value).encode("utf-8")
            if _owned_dir(path.parent):
                from fplint.atomic import write_text

                write_text(path, _mac(mine, label, payload).hex() + payload.decode("utf-8"))
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
            found = os.stat(source)
            stamp = f"{found.st_mtime_ns}:{found.st_size}"
        except OSError:
            stamp = ""
        digest.update(f"{source}:{stamp}\x00".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
