"""file-too-long: more lines than the standard allows in one file."""

from __future__ import annotations

import os
from collections.abc import Iterator

from fplint.fix.edit import Applicability, Edit, Fix, NewFile
from fplint.model import Finding
from fplint.read.document import Document, Layout
from fplint.rule import FileRule, Option, plural


class FileTooLong(FileRule):
    """The file has more than ``max-lines`` lines (the standard: 1,500).

    Reported at the first line past the limit.

    Fix (unsafe): a pairs file (JSON) is split at turn boundaries into ``-part1``,
    ``-part2``, ... files of the same layout, each under the cap, everything around the
    turns copied as it is; the file itself is removed. ``--diff`` shows them as new files.

    Why: the standard caps files at 1,500 lines so that authors (and the LLMs that help
    them) can read and write a whole file; longer files are where turns get truncated
    or duplicated. Split a long conversation as ``...-convo-03-part2.json``.

    Fails::

        a 2,705-line file holding eight turns

    Passes::

        the same eight turns split into two files of about 1,350 lines
    """

    name = "file-too-long"
    code = "FP104"
    any_standard = True
    options = {"max-lines": Option(int, 1500, "the most lines one file may have", minimum=1)}

    def check(self, document: Document) -> Iterator[Finding]:
        limit = self.opts["max-lines"]
        lines = document.line_count
        if lines > limit:
            yield Finding(
                "",
                f"the file has {plural(lines, 'line')}; the standard allows {limit:,}: split it "
                "(e.g. ...-part2.json), keeping each conversation's turns in order",
                line=limit + 1,
                column=1,
                fix=_split(document, limit),
            )


def _split(document: Document, limit: int) -> Fix | None:
    """A pairs file (JSON) split at turn boundaries into ``-part1``, ``-part2``, ... files,
    each holding everything around the turns as it is and a run of the turns, each within
    ``limit`` lines; ``None`` when one turn alone is too long for that."""
    if document.kind != "json" or document.layout is not Layout.PAIRS or len(document.turns) < 2:
        return None
    if document.errors:  # read around a syntax error: a split would drop what could not be read
        return None
    from fplint.fix.resolve import Text, Unresolved

    text = Text.of(document)
    try:
        spans = [text.span(turn.pointer) for turn in document.turns]
    except Unresolved:  # a turn the text does not hold where the value says: no certain split
        return None
    source = document.text
    head, tail = source[: spans[0][0]], source[spans[-1][1] :]
    joint = source[spans[0][1] : spans[1][0]]  # what separates two turns: the comma and layout
    # a part's lines: its line breaks (around the turns, in them, between them), plus the
    # last line when the file does not end with a line break
    fixed = head.count("\n") + tail.count("\n") + (0 if tail.endswith("\n") else 1)
    parts: list[list[tuple[int, int]]] = [[]]
    breaks = 0
    for start, end in spans:
        own = source.count("\n", start, end)
        if fixed + own > limit:
            return None  # this turn alone is over the cap
        more = own + (joint.count("\n") if parts[-1] else 0)
        if parts[-1] and fixed + breaks + more > limit:
            parts.append([])
            breaks, more = 0, own
        parts[-1].append((start, end))
        breaks += more
    if len(parts) < 2:
        return None
    stem, suffix = os.path.splitext(document.path)
    files = tuple(
        NewFile(f"{stem}-part{i}{suffix}", head + joint.join(source[s:e] for s, e in part) + tail)
        for i, part in enumerate(parts, 1)
    )
    sizes = ", ".join(f"{len(p)}" for p in parts)
    return Fix(
        Applicability.UNSAFE,
        f"split it into {len(files)} files at turn boundaries ({sizes} turns), "
        f"{os.path.basename(files[0].path)} to {os.path.basename(files[-1].path)}; this file is removed",
        (Edit(0, text.byte(len(source)), ""),),
        (),
        files,
    )
