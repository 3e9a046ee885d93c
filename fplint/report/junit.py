"""junit: JUnit XML for CI test-report viewers (Jenkins, GitLab, Azure): a test case per turn.

Each checked file is a ``<testsuite>``; each of its turns a ``<testcase>`` named by the turn's
id, failing when the turn has an error, so a viewer lists every failing turn. Findings about
the whole file (a syntax error, the line cap) make one more case, ``(file)``. The run's own
troubles (a path that does not exist) and notes close the report, in a suite named ``fplint``.

The XML is written as it goes, a test case at a time, in two passes over the findings (the
first counts them, for the totals that open the report): memory does not grow with the
number of findings.

No data can forge a line of it (a ``::error`` workflow command, for a CI log that shows the
report) or act on a terminal: attribute values keep the data exactly, with line breaks, tabs,
DEL, C1 controls, U+2028/2029 and the bidi controls written as character references; the
text of a case (one line a finding, fplint's own line breaks) shows each of them as an escape
(``\\x0a``), as the human formats do, and a path that starts with ``:`` as ``./:``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TextIO

from fplint import __version__
from fplint.check.engine import INTERNAL_ERROR
from fplint.check.report import Report, TurnPlace
from fplint.check.spool import charged
from fplint.model import Diagnostic, Severity
from fplint.report.base import Reporter, display_path, printable

SUITE = "fplint"
FILE_CASE = "(file)"
OTHERS = "all other files"
#: Findings a test case spells out; past this it says how many more there are.
LISTED = 100

# Characters XML 1.0 cannot carry at all, not even as character references.
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Characters XML carries, but a reader of the raw file may split a line at or act on: in an
# attribute value, written as character references (the value is kept, no raw character).
_REFERENCED = re.compile("[\t\n\r\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

Key = tuple[str, str | None]  # a test case: (path, turn pointer), or (path, None) for the whole file


def xml_safe(text: str) -> str:
    """``text`` that always serializes to well-formed XML 1.0.

    Lone surrogates become U+FFFD; other characters XML forbids (control characters,
    U+FFFE, U+FFFF) are written visibly as ``\\x1b``-style escapes rather than dropped.
    """
    if _ILLEGAL.search(text) is None:  # nearly always: nothing to do
        return text
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _ILLEGAL.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def where(d: Diagnostic) -> str:
    """``path:line:col:``, as much of it as is known (the path printable, as it starts a line)."""
    path = display_path(printable(d.path))
    if d.line is None:
        return f"{path}:"
    return f"{path}:{d.line}:" + ("" if d.column is None else f"{d.column}:")


def describe(d: Diagnostic) -> str:
    """``path:line:col: CODE rule [warning] message``, then the JSON pointer and turn (lines may
    be unknown): one line each, whatever the data holds."""
    severity = " [warning]" if d.severity is Severity.WARNING else ""
    lines = [f"{where(d)} {printable(f'{d.code} {d.rule}{severity} {d.message}')}"]
    if d.pointer:
        lines.append(f"  at {printable(d.pointer)}")
    if d.turn_id is not None:
        lines.append(f"  in turn {printable(d.turn_id)}")
    return "\n".join(lines)


def key_of(d: Diagnostic) -> Key:
    """The test case a finding belongs to: its turn's, or its file's when it is in no turn."""
    turn = charged(d)
    return (d.path, turn[1] if turn is not None else None)


def _crash(d: Diagnostic) -> bool:
    return d.rule == INTERNAL_ERROR[0]


@dataclass
class Tally:
    """What one test case holds, counted in the first pass."""

    errors: int = 0  # crashes included
    warnings: int = 0
    crashes: int = 0
    first: str = ""  # ``CODE rule: message`` of its first crash, else of its first error
    turn_id: str | None = None

    @property
    def total(self) -> int:
        return self.errors + self.warnings

    @property
    def outcome(self) -> str | None:
        """``error`` (a rule crashed on it), ``failure`` (it has an error) or ``None`` (it passes)."""
        return "error" if self.crashes else "failure" if self.errors else None

    def add(self, d: Diagnostic) -> None:
        self.turn_id = self.turn_id or d.turn_id
        if _crash(d) or d.severity is Severity.ERROR:
            if not self.first or (_crash(d) and not self.crashes):
                self.first = f"{d.code} {d.rule}: {d.message}"
            self.errors += 1
            self.crashes += _crash(d)
        else:
            self.warnings += 1


@dataclass(frozen=True)
class Case:
    """A test case to write: which, its name, and the line its turn starts on."""

    key: Key
    name: str
    line: int | None = None


@dataclass
class FileCases:
    """One file's test cases, what each holds (counted), and the findings each spells out."""

    cases: list[Case]
    tallies: dict[Key, Tally]
    listed: dict[Key, list[Diagnostic]]

    def tally(self, key: Key) -> Tally:
        return self.tallies.get(key) or Tally()

    def outcomes(self) -> list[str | None]:
        return [self.tally(c.key).outcome for c in self.cases]


def file_cases(path: str, places: Sequence[TurnPlace], found: Iterable[Diagnostic], keep: int) -> FileCases:
    """A file's cases: a turn case per place, in order; a case for each turn a finding names but
    no place lists (a report built by hand); a ``(file)`` case for the findings in no turn, or
    when the file has no turn at all. At most ``keep`` findings a case are kept: memory holds
    one file's tallies at a time, never a run's findings."""
    cases = [Case((path, p.pointer), p.turn_id or p.pointer, p.line) for p in places]
    tallies: dict[Key, Tally] = {}
    listed: dict[Key, list[Diagnostic]] = {}
    for d in found:
        key = key_of(d)
        tallies.setdefault(key, Tally()).add(d)
        bucket = listed.setdefault(key, [])
        if len(bucket) < keep:
            bucket.append(d)
    known = {c.key for c in cases}
    cases += [
        Case(k, t.turn_id or k[1] or "") for k, t in tallies.items() if k[1] is not None and k not in known
    ]
    if (path, None) in tallies or not cases:
        cases.append(Case((path, None), FILE_CASE))
    return FileCases(cases, tallies, listed)


def places_by_path(places: Sequence[TurnPlace]) -> dict[str, list[TurnPlace]]:
    found: dict[str, list[TurnPlace]] = {}
    for place in places:
        found.setdefault(place.path, []).append(place)
    return found


def survey(
    report: Report, places: dict[str, list[TurnPlace]]
) -> tuple[list[tuple[str, bool]], list[str | None]]:
    """The first pass over the findings: the files in the order they are written, each with
    whether the findings stream holds a group for it at that point (the run's files in reading
    order; a file the findings name but the run does not list, where its findings come), and
    every case's outcome, for the totals the report opens with."""
    base = list(dict.fromkeys([*report.paths, *places]))
    index = {path: i for i, path in enumerate(base)}
    files: list[tuple[str, bool]] = []
    outcomes: list[str | None] = []

    def add(path: str, found: Iterable[Diagnostic] | None = None) -> None:
        files.append((path, found is not None))
        outcomes.extend(file_cases(path, places.get(path, []), found or (), keep=0).outcomes())

    done = 0
    for path, group in groupby(report.diagnostics, key=lambda d: d.path):
        at = index.get(path, -1)
        if at >= done:
            for earlier in base[done:at]:
                add(earlier)
            done = at + 1
        add(path, group)
    for later in base[done:]:
        add(later)
    return files, outcomes


def counts(outcomes: Sequence[str | None]) -> dict[str, str]:
    return {
        "tests": str(len(outcomes)),
        "failures": str(outcomes.count("failure")),
        "errors": str(outcomes.count("error")),
        "skipped": "0",
    }


def testcase(case: Case, classname: str, tally: Tally, found: Sequence[Diagnostic], where: str = "") -> str:
    """``<testcase>``, as text: an ``<error>`` when a rule crashed on it, else a ``<failure>``
    when it has an error (its message the first, its text every error); every finding in
    ``<system-out>``. Written by hand: a tree per case would cost more than the rest of the run."""
    where = where or _attr(classname)  # the file's name, escaped once for all its cases
    head = f"    <testcase classname={where} name={_attr(case.name)} file={where}"
    if case.line is not None:
        head += f' line="{case.line}"'
    if not tally.total:
        return head + " />\n"
    described = [(describe(d), d.severity is Severity.ERROR or _crash(d)) for d in found]
    parts = [head + ">\n"]
    outcome = tally.outcome
    if outcome is not None:
        rest = tally.errors - 1
        message = tally.first + (f" (and {rest:,} more error{'' if rest == 1 else 's'})" if rest else "")
        errors = [text for text, failing in described if failing]
        if tally.errors > len(errors):
            errors.append(f"... and {tally.errors - len(errors):,} more")
        kind = INTERNAL_ERROR[0] if outcome == "error" else SUITE
        parts.append(
            f'      <{outcome} message={_attr(message)} type="{kind}">{_text(chr(10).join(errors))}</{outcome}>\n'
        )
    # Warnings do not fail a turn (nor, by default, the run), so they are not <failure>s: they
    # go to <system-out>, which Jenkins and GitLab show on the case's page, with every error.
    listed = [text for text, _ in described]
    if tally.total > len(found):
        listed.append(
            f"... and {tally.total - len(found):,} more (the json and sarif outputs list every one)"
        )
    parts.append(f"      <system-out>{_text(chr(10).join(listed))}</system-out>\n    </testcase>\n")
    return "".join(parts)


def _attr(text: str) -> str:
    """An attribute value, quoted: line breaks, tabs and the like as references, so a reader
    keeps them and the raw file shows none."""
    text = _text(text).replace('"', "&quot;")
    return '"' + _REFERENCED.sub(lambda m: f"&#{ord(m.group())};", text) + '"'


def _text(text: str) -> str:
    """Element text: XML-escaped. Its data is already ``printable``; its line breaks are fplint's."""
    return xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class JunitReporter(Reporter):
    """JUnit XML: a suite per file, a case per turn (failing on an error), written as it goes."""

    def render(self, report: Report, out: TextIO) -> None:
        places = places_by_path(report.places)
        files, outcomes = survey(report, places)
        # a report without its list of files (a library's) says how many clean files it leaves out
        others = 0 if report.paths or report.places else report.files - len(files)
        run_outcomes: list[str | None] = ["error"] * len(report.problems) + [None] * (others > 0)
        totals = " ".join(f'{k}="{v}"' for k, v in counts(outcomes + run_outcomes).items())
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(f'<testsuites name="{SUITE}" {totals} time="{report.elapsed:.3f}">\n')
        # pass two: the suites, one file at a time
        groups = groupby(report.diagnostics, key=lambda d: d.path)
        for path, has_findings in files:
            found = next(groups)[1] if has_findings else iter(())
            cases = file_cases(path, places.get(path, []), found, keep=LISTED)
            suite = " ".join(f'{k}="{v}"' for k, v in counts(cases.outcomes()).items())
            where = _attr(path)
            out.write(f"  <testsuite name={where} {suite}>\n")
            for case in cases.cases:
                out.write(testcase(case, path, cases.tally(case.key), cases.listed.get(case.key, []), where))
            out.write("  </testsuite>\n")
        out.write(run_suite(report, others, run_outcomes))
        out.write("</testsuites>\n")


def run_suite(report: Report, others: int, outcomes: Sequence[str | None]) -> str:
    """The run itself: fplint's version, the paths it could not read, the clean files a report
    without its file list leaves out, the notes."""
    totals = " ".join(f'{k}="{v}"' for k, v in counts(list(outcomes)).items())
    parts = [
        f'  <testsuite name="{SUITE}" {totals}>\n',
        "    <properties>\n",
        f'      <property name="fplint.version" value={_attr(__version__)} />\n',
        f'      <property name="fplint.turns" value="{report.turns}" />\n',
        "    </properties>\n",
    ]
    for problem in report.problems:
        name = _attr(problem)
        parts.append(
            f'    <testcase classname="{SUITE}" name={name}>\n'
            f'      <error message={name} type="problem">{_text(printable(problem))}</error>\n'
            "    </testcase>\n"
        )
    if others > 0:
        parts.append(
            f'    <testcase classname="{SUITE}" name="{OTHERS}">\n'
            f"      <system-out>{others:,} more checked file{'' if others == 1 else 's'} with no diagnostics"
            "</system-out>\n    </testcase>\n"
        )
    if report.notes:
        notes = "\n".join(f"note: {printable(n)}" for n in report.notes)
        parts.append(f"    <system-out>{_text(notes)}</system-out>\n")
    parts.append("  </testsuite>\n")
    return "".join(parts)


__all__ = ["JunitReporter", "describe", "where", "xml_safe"]
