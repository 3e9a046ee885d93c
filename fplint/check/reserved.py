"""What fplint itself reports besides its rules (a crash, an unused suppression), documented
like a rule so that ``fplint explain FP902`` answers; neither can be selected or configured."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check.engine import INTERNAL_ERROR
from fplint.check.suppress import UNUSED
from fplint.model import Finding, Scope
from fplint.read.document import Document
from fplint.rule import FileRule


class _Reserved(FileRule):
    def check(self, document: Document) -> Iterator[Finding]:
        return iter(())  # reported by the run itself, never by a rule


class InternalError(_Reserved):
    """fplint, or a plugin rule, failed while checking this part of the dataset.

    This is a bug in fplint or in a plugin rule, not a problem with the data: the rule named
    in the message crashed on the turn (or file) it names, and that part was not fully
    checked by that rule; the rest of the run went on. The run exits with code 2. Run with
    ``--debug`` for the traceback, and report it.

    Why: a crash must not pass for a clean result, and must not stop the other files from
    being checked.
    """

    name, code = INTERNAL_ERROR
    scope = Scope.FILE


class UnusedSuppression(_Reserved):
    """A reviewed suppression matches no finding: remove it, or correct it.

    Reported at the suppression's line in ``.fplint-suppressions.yaml`` (or the file the
    config's ``suppressions`` key names) when the turn it names was checked and the finding
    it accepts no longer occurs (the turn was fixed or rewritten), or when the run read the
    whole dataset (its ``dataset`` globs, or a folder it was asked to check) and no turn has
    the id it names (a typo, or a turn that was deleted).

    Why: a suppression that accepts nothing is a stale exception; left in place, it would
    silently accept the same finding if it came back, without anyone reviewing it again.

    Fails::

        - turn: fp_marcus_002_turn9          # there is no turn 9
          rule: emotion-confidence
          reason: Confusion really is the strongest signal here.

    Passes::

        - turn: fp_marcus_002_turn1          # and turn 1 has this finding
          rule: emotion-confidence
          reason: Confusion really is the strongest signal here.
    """

    name, code = UNUSED
    scope = Scope.FILE


#: Documented for ``explain``; never run, selected or configured.
RESERVED: tuple[type[FileRule], ...] = (InternalError, UnusedSuppression)
