"""unreadable-file: a path the run should check cannot be read."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding
from fplint.read.document import Document, Problem
from fplint.rule import FileRule


class UnreadableFile(FileRule):
    """A file of the run cannot be read: a broken link, a permission problem, a directory.

    Why: a file the linter cannot read is a file the training job cannot read either;
    saying so beats skipping it in silence.

    Fails::

        data/convo-07.json -> missing-target.json   (a dangling symbolic link)

    Passes::

        data/convo-07.json                           (a readable regular file)
    """

    name = "unreadable-file"
    code = "FP105"
    any_standard = True

    def check(self, document: Document) -> Iterator[Finding]:
        for error in document.errors:
            if error.problem is Problem.IO:
                yield Finding("", error.message, line=error.line, column=error.column)
