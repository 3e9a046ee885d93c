"""junit: JUnit XML for CI test-report viewers (Jenkins, GitLab), one test case per checked file."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TextIO

from fplint import __version__
from fplint.check.engine import INTERNAL_ERROR
from fplint.check.report import Report
from fplint.model import Diagnostic, Severity
from fplint.report.base import Reporter

SUITE = "fplint"
OTHERS = "all other files"

# Characters XML 1.0 cannot carry at all, not even as character references.
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` that always serializes to well-formed XML 1.0.

    Lone surrogates become U+FFFD; other characters XML forbids (control characters,
    U+FFFE, U+FFFF) are written visibly as ``\\x1b``-style escapes rather than dropped.
    """
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _ILLEGAL.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def where(d: Diagnostic) -> str:
    """``path:line:col:``, as much of it as is known."""
    if d.line is None:
        return f"{d.path}:"
    return f"{d.path}:{d.line}:" + ("" if d.column is None else f"{d.column}:")


def describe(d: Diagnostic) -> str:
    """``path:line:col: CODE rule [warning] message``, then the JSON pointer and turn (lines may be unknown)."""
    severity = " [warning]" if d.severity is Severity.WARNING else ""
    lines = [f"{where(d)} {d.code} {d.rule}{severity} {d.message}"]
    if d.pointer:
        lines.append(f"  at {d.pointer}")
    if d.turn_id is not None:
        lines.append(f"  in turn {d.turn_id}")
    return "\n".join(lines)


@dataclass
class Case:
    """One test case: a checked file (or a stand-in), its diagnostics and a note for system-out."""

    name: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # problems that are not diagnostics
    output: str = ""

    @property
    def crashed(self) -> bool:
        return bool(self.errors) or any(d.rule == INTERNAL_ERROR[0] for d in self.diagnostics)

    @property
    def failed(self) -> bool:
        return not self.crashed and any(d.severity is Severity.ERROR for d in self.diagnostics)


def cases(report: Report) -> list[Case]:
    """Test cases in reading order: every checked file when the report lists them, else files with
    diagnostics plus one ``all other files`` case for the clean rest; then unreadable paths."""
    by_path: dict[str, Case] = {}
    for d in report.diagnostics:
        by_path.setdefault(d.path, Case(d.path)).diagnostics.append(d)
    found: list[Case]
    if report.paths:
        found = [by_path.pop(name, Case(name)) for name in dict.fromkeys(report.paths)]
        found.extend(by_path.values())
    else:
        found = list(by_path.values())
        rest = report.files - len(by_path)
        if rest > 0:
            files = f"{rest:,} more checked file{'' if rest == 1 else 's'}"
            found.append(Case(OTHERS, output=f"{files} with no diagnostics"))
    found.extend(Case(problem, errors=[problem]) for problem in report.problems)
    return found


def testcase(case: Case) -> ET.Element:
    """``<testcase>``: an ``<error>`` per crash or problem, a ``<failure>`` per error, all in system-out."""
    element = ET.Element("testcase", classname=SUITE, name=xml_safe(case.name))
    for problem in case.errors:
        ET.SubElement(element, "error", message=xml_safe(problem), type="problem").text = xml_safe(problem)
    internal = [d for d in case.diagnostics if d.rule == INTERNAL_ERROR[0]]
    failing = [d for d in case.diagnostics if d.severity is Severity.ERROR and d.rule != INTERNAL_ERROR[0]]
    for kind, diagnostics in (("error", internal), ("failure", failing)):
        for d in diagnostics:
            node = ET.SubElement(
                element, kind, message=xml_safe(f"{d.code} {d.rule}: {d.message}"), type=xml_safe(d.rule)
            )
            node.text = xml_safe(describe(d))
    # Warnings do not fail a file (nor, by default, the run), so they are not <failure>s: a
    # failure type="warning" would turn the file red in Jenkins and GitLab while fplint exits 0.
    # They go to <system-out>, which both show on the test case's page. Every diagnostic is
    # listed there, errors too, because Jenkins shows only the first <failure> of a test case.
    output = [case.output] if case.output else []
    output.extend(describe(d) for d in case.diagnostics)
    if output:
        ET.SubElement(element, "system-out").text = xml_safe("\n".join(output))
    return element


def as_xml(report: Report) -> ET.Element:
    """``<testsuites>`` holding one ``<testsuite name="fplint">``, with consistent counts."""
    found = cases(report)
    counts = {
        "tests": str(len(found)),
        "failures": str(sum(1 for c in found if c.failed)),
        "errors": str(sum(1 for c in found if c.crashed)),
        "skipped": "0",
        "time": f"{report.elapsed:.3f}",
    }
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="fplint.version", value=__version__)
    ET.SubElement(properties, "property", name="fplint.turns", value=str(report.turns))
    suite.extend(testcase(c) for c in found)
    if report.notes:
        ET.SubElement(suite, "system-out").text = xml_safe("\n".join(f"note: {n}" for n in report.notes))
    return root


class JunitReporter(Reporter):
    """JUnit XML: a failing test case per file with errors, a passing one per clean file."""

    def render(self, report: Report, out: TextIO) -> None:
        root = as_xml(report)
        ET.indent(root)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(root, encoding="unicode"))
        out.write("\n")
