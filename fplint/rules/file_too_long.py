"""file-too-long: more lines than the standard allows in one file."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding
from fplint.read.document import Document
from fplint.rule import FileRule, Option, plural


class FileTooLong(FileRule):
    """The file has more than ``max-lines`` lines (the standard: 1,500).

    Reported at the first line past the limit.

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
            )
