"""Write an output file safely: atomically where it is a regular file, through links, in place
where it is a device or a pipe (``/dev/stdout``), keeping the permissions of what it replaces."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old file or the new, never half."""
    with writing(path) as handle:
        handle.write(text)


@contextlib.contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text stream whose content becomes ``path`` when the block ends without an exception.

    - ``path`` is (or links to) a regular file, or nothing yet: a temporary file beside the
      real target (a link is followed, never replaced), flushed, then renamed over it. An
      existing file keeps its permission bits; a new one gets ``0o666`` less the umask.
      An exception (Ctrl-C included) leaves the old file as it was.
    - the same file as this process's stdout or stderr (``/dev/stdout``): that stream.
    - a device or a pipe: written in place, as it comes.
    """
    target = Path(os.path.realpath(path))
    try:
        found = os.stat(path)
    except OSError:
        found = None
    stream = _standard_stream(found)
    if stream is not None:
        yield stream
        stream.flush()
        return
    if found is not None and not stat.S_ISREG(found.st_mode):
        with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
            yield handle
        return
    import tempfile  # on demand: most runs write nothing, and it pulls in shutil and random

    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(temporary, stat.S_IMODE(found.st_mode) if found is not None else 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def _standard_stream(found: os.stat_result | None) -> TextIO | None:
    """``sys.stdout`` or ``sys.stderr`` when ``found`` is the very file one of them writes to."""
    if found is None:
        return None
    for stream in (sys.stdout, sys.stderr):
        try:
            mine = os.fstat(stream.fileno())
        except (AttributeError, OSError, ValueError):  # closed, or not a real file (a test's buffer)
            continue
        if (mine.st_dev, mine.st_ino) == (found.st_dev, found.st_ino):
            return stream
    return None
