"""The one place edits are applied: a file's fixes, from the end backwards, none overlapping."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from fplint.fix.edit import Edit, Fix


@dataclass
class Applied:
    """The outcome of applying fixes to one file's bytes."""

    data: bytes
    taken: list[Fix] = field(default_factory=list)  # applied (a fix offered twice counts once)
    skipped: list[Fix] = field(default_factory=list)  # overlapping a fix taken, or out of range

    @property
    def files(self) -> Fix | None:
        """The whole-file fix taken, if that is what was applied."""
        return next((f for f in self.taken if f.whole_file), None)


def apply(data: bytes, fixes: Iterable[Fix]) -> Applied:
    """Apply ``fixes`` to ``data``: all edits of a fix or none; a fix that overlaps one taken
    (or whose edits fall outside ``data`` or inside a UTF-8 character) is skipped.

    Fixes are considered from the end of the file backwards; every offset is one of the
    bytes as read, so an edit never moves another. A whole-file fix is taken only when it
    is the only fix to take: the others go first, and the split waits for the next round.
    """
    unique = list(dict.fromkeys(f for f in fixes if f.resolved))
    result = Applied(data)
    chosen = _Taken()
    partial = [f for f in unique if not f.whole_file]
    partial.sort(key=lambda f: max((e.end for e in f.edits), default=-1), reverse=True)
    for fix in partial:
        if fix.edits and _valid(data, fix.edits) and not any(chosen.overlaps(e) for e in fix.edits):
            result.taken.append(fix)
            chosen.add(fix.edits)
        else:
            result.skipped.append(fix)
    for fix in (f for f in unique if f.whole_file):
        if not result.taken and _valid(data, fix.edits):
            result.taken.append(fix)
        else:
            result.skipped.append(fix)
    if result.files is None:
        result.data = splice(data, chosen.edits)
    return result


class _Taken:
    """The edits taken so far, sorted, so that an overlap is found by bisection.

    Kept from the end of the file backwards (keys negated), the order fixes are taken in:
    each new edit usually goes last, so taking n fixes costs n log n, not n².
    """

    def __init__(self) -> None:
        self._keys: list[tuple[int, int]] = []  # (-start, -end), ascending
        self.edits: list[Edit] = []  # in the same order

    def add(self, edits: Sequence[Edit]) -> None:
        for edit in edits:
            at = bisect.bisect_right(self._keys, (-edit.start, -edit.end))
            self._keys.insert(at, (-edit.start, -edit.end))
            self.edits.insert(at, edit)

    def overlaps(self, edit: Edit) -> bool:
        # the taken edits do not overlap each other, so sorted by start they are sorted by
        # end too: only the neighbours of ``edit``'s place can touch it
        at = bisect.bisect_left(self._keys, (-edit.start, -edit.end))
        return any(_overlap(edit, self.edits[i]) for i in range(max(at - 2, 0), min(at + 2, len(self.edits))))


def splice(data: bytes, edits: Sequence[Edit]) -> bytes:
    """``data`` with non-overlapping ``edits`` applied (in one pass: linear in the size)."""
    pieces: list[bytes] = []
    at = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces += [data[at : edit.start], edit.content.encode("utf-8", "surrogatepass")]
        at = edit.end
    pieces.append(data[at:])
    return b"".join(pieces)


def _overlap(a: Edit, b: Edit) -> bool:
    """Two edits touch the same bytes (or insert at the same place: their order is unknown)."""
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end


def _valid(data: bytes, edits: Sequence[Edit]) -> bool:
    for edit in edits:
        if not 0 <= edit.start <= edit.end <= len(data):
            return False
        if _inside_character(data, edit.start) or _inside_character(data, edit.end):
            return False
    ordered = sorted(edits)
    return not any(_overlap(a, b) for a, b in itertools.pairwise(ordered))


def _inside_character(data: bytes, offset: int) -> bool:
    """``offset`` falls after the first byte of a multi-byte UTF-8 character."""
    return offset < len(data) and 0x80 <= data[offset] <= 0xBF
