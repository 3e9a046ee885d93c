"""What ``check --diff`` and ``check --show-fixes`` print about the fixes."""

from __future__ import annotations

import sys
from typing import TextIO

from fplint.fix.loop import Outcome
from fplint.report.base import printable
from fplint.rule import plural


def print_diff(outcome: Outcome, show_fixes: bool) -> int:
    """The unified diff on stdout, a one-line account on stderr; the exit code (1: something to fix)."""
    from fplint.fix.diff import unified

    for change in outcome.changes.values():
        sys.stdout.write(unified(change))
    sys.stdout.flush()  # the diff before the account, when both go to one terminal
    if show_fixes:
        show_fixes_of(outcome, sys.stderr, "Would fix")
    for note in outcome.notes:
        sys.stderr.write(f"note: {printable(note)}\n")
    fixed = sum(outcome.fixed.values())
    remaining = outcome.remaining
    if fixed:  # what remains is counted after the fixes: a fix can take other findings with it
        sys.stderr.write(f"Would fix {plural(fixed, 'finding')}; {remaining:,} would remain.\n")
    else:
        sys.stderr.write(f"No fixes available ({plural(remaining, 'finding')}).\n")
    return 1 if outcome.changes else 0


def show_fixes(outcome: Outcome, out: TextIO) -> None:
    show_fixes_of(outcome, out, "Fixed")


def show_fixes_of(outcome: Outcome, out: TextIO, verb: str) -> None:
    """Ruff's ``--show-fixes``: each file, and how many of each rule's findings were fixed."""
    fixed = sum(outcome.fixed.values())
    if not fixed:
        out.write("No findings fixed.\n" if verb == "Fixed" else "No findings would be fixed.\n")
        return
    out.write(f"{verb} {fixed:,} finding{'' if fixed == 1 else 's'}:\n")
    for change in outcome.changes.values():
        if not change.fixed:
            continue
        out.write(f"- {printable(change.path)}:\n")
        for rule, count in sorted(change.fixed.items(), key=lambda kv: (-kv[1], kv[0])):
            out.write(f"    {count:,} × {printable(rule)}\n")
