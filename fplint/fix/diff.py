"""``--diff``: what the fixes would change, as a unified diff (new files from ``/dev/null``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fplint.fix.loop import Change

#: What could act on a terminal inside a line of data (tabs and the line's own ending stay).
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


def unified(change: Change, context: int = 3) -> str:
    """The diff of one changed (or new, or removed) file, ``a/``–``b/`` prefixed as git writes it."""
    import difflib  # on demand: only --diff runs

    old = _lines(change.before)
    new = _lines(change.after)
    name = _safe(change.path)
    source = "/dev/null" if change.before is None else f"a/{name}"
    target = "/dev/null" if change.after is None else f"b/{name}"
    return "".join(_marked(difflib.unified_diff(old, new, source, target, n=context)))


def _lines(data: bytes | None) -> list[str]:
    if data is None:
        return []
    return [_safe_line(line) for line in data.decode("utf-8", "surrogateescape").splitlines(keepends=True)]


def _safe_line(line: str) -> str:
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    return _safe(body) + (ending if ending in ("\n", "\r\n") else _safe(ending))


def _safe(text: str) -> str:
    return _UNSAFE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


def _marked(lines: Iterator[str]) -> Iterator[str]:
    """difflib's lines; a last line without a line break is marked as ``diff`` marks it."""
    for line in lines:
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
