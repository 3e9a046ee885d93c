"""Read a file fplint was pointed at: only a regular file, never blocking, never past a byte budget.

Every file fplint reads (dataset files, the config, rulesets, the baseline, suppressions,
source lines for the report) comes through ``read_bytes``: the path is ``stat``-ed first
and refused unless it is a regular file (a FIFO, a terminal, ``/dev/zero`` or a socket
would block or never end); it is then opened without blocking and checked again to be
the same regular file (it may have been swapped in between), and read in pieces that
stop as soon as the budget is passed, so a file that grows is cut off too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The most bytes read from one file unless configured (``max-file-size``): far above any
#: real dataset file (the standard's 1,500 lines are about 100 KB).
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024
#: Config and ruleset files are read before any ``max-file-size`` is known. A real one is a
#: few kilobytes; Python's TOML reader takes seconds a megabyte.
MAX_CONFIG_SIZE = 1024 * 1024
_CHUNK = 1024 * 1024
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the stat still cannot block the open
    | getattr(os, "O_NOCTTY", 0)  # a terminal never becomes the controlling one
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device (like a terminal or /dev/zero)"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class Refused(Exception):
    """A path fplint will not read; ``str()`` says why, in words that fit after "cannot read the file: "."""


class TooLarge(Refused):
    """A regular file past the byte budget."""

    def __init__(self, size: int | None, limit: int) -> None:
        held = f"{format_size(size)}" if size is not None else f"more than {format_size(limit)}"
        super().__init__(
            f"it holds {held}, over the {format_size(limit)} fplint reads from one file "
            "(max-file-size); split it, or raise max-file-size if it is really meant to be this large"
        )
        self.size, self.limit = size, limit


def read_bytes(path: str | os.PathLike[str], limit: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """The bytes of the regular file at ``path`` (links followed), at most ``limit`` of them.

    Raises ``Refused`` (not a regular file, or larger than ``limit``) or ``OSError``.
    """
    before = os.stat(path)
    _check_regular(before)
    if before.st_size > limit:
        raise TooLarge(before.st_size, limit)
    fd = os.open(path, _FLAGS)
    try:
        now = os.fstat(fd)
        _check_regular(now)
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise Refused("it was replaced by another file while fplint opened it")
        return _read_at_most(fd, now.st_size, limit)
    finally:
        os.close(fd)


def read_text(path: str | os.PathLike[str], limit: int = DEFAULT_MAX_FILE_SIZE) -> str:
    """``read_bytes`` decoded as UTF-8 (raises ``UnicodeDecodeError`` too)."""
    return read_bytes(path, limit).decode("utf-8")


def why(exc: BaseException) -> str:
    """Words for a ``Refused`` or ``OSError``, to follow "cannot read the file: "."""
    if isinstance(exc, Refused):
        return str(exc)
    if isinstance(exc, IsADirectoryError):
        return "it is a directory, not a file"
    if isinstance(exc, FileNotFoundError):
        return "it does not exist (a broken link?)"
    if isinstance(exc, OSError):
        return exc.strerror or exc.__class__.__name__
    return exc.__class__.__name__


def is_present(path: Path) -> bool:
    """Whether anything (a file, a link, even a broken one, a FIFO) sits at ``path``."""
    return os.path.lexists(path)


def format_size(size: int) -> str:
    """``64 MB``, ``1.5 KB``, ``12 bytes`` (units of 1,024)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) or value >= 100 else f"{value:.1f} {unit}"
    return f"{size} byte{'s' if size != 1 else ''}"


def _check_regular(status: os.stat_result) -> None:
    if stat.S_ISREG(status.st_mode):
        return
    kind = next((words for test, words in _KINDS if test(status.st_mode)), "not a regular file")
    if kind == "a directory":
        raise Refused("it is a directory, not a file")
    raise Refused(f"it is {kind}, not a regular file; fplint reads only regular files")


def _read_at_most(fd: int, expected: int, limit: int) -> bytes:
    """Read to the end, raising ``TooLarge`` as soon as more than ``limit`` bytes came."""
    first = os.read(fd, min(expected, limit) + 1)  # the whole file, in one piece, as a rule
    if not first:
        return first
    chunks, total = [first], len(first)
    while total <= limit:
        chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return first if len(chunks) == 1 else b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise TooLarge(None, limit)
