from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from reporter_samples import SPACED_PATH, UNICODE_PATH, diagnostic, realistic

from fplint.check.report import Report, TurnPlace
from fplint.model import Diagnostic, Scope, Severity
from fplint.report import REPORTERS
from fplint.report.junit import FILE_CASE, LISTED, OTHERS, JunitReporter, xml_safe

A = "data/a.json"


def render(report: Report) -> str:
    out = io.StringIO()
    JunitReporter().render(report, out)
    return out.getvalue()


def outcome(case: ET.Element) -> str | None:
    return "error" if case.find("error") is not None else "failure" if case.find("failure") is not None else None


def parse(report: Report) -> ET.Element:
    """What a CI server reads: the bytes, parsed strictly, with counts that add up at every level."""
    root = ET.fromstring(render(report).encode("utf-8"))
    assert root.tag == "testsuites"
    every: list[ET.Element] = []
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        every += cases
        outcomes = [outcome(c) for c in cases]
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(outcomes.count("failure"))
        assert suite.get("errors") == str(outcomes.count("error"))
        assert suite.get("skipped") == "0"
    outcomes = [outcome(c) for c in every]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (
        str(len(every)), str(outcomes.count("failure")), str(outcomes.count("error"))
    )
    assert root.findall("testsuite")[-1].get("name") == "fplint"
    return root


def suite(root: ET.Element, name: str) -> ET.Element:
    [found] = [s for s in root.findall("testsuite") if s.get("name") == name]
    return found


def names(element: ET.Element) -> list[str]:
    return [c.get("name", "") for c in element.iter("testcase")]


def case(element: ET.Element, name: str) -> ET.Element:
    [found] = [c for c in element.iter("testcase") if c.get("name") == name]
    return found


def turn(number: int, path: str = A, line: int | None = None) -> TurnPlace:
    return TurnPlace(path, f"/training_pairs/{number - 1}", line if line is not None else 10 * number, f"t{number}")


def at(number: int, **overrides: Any) -> Diagnostic:
    """A finding in turn ``number`` of ``data/a.json``."""
    fields: dict[str, Any] = {
        "line": 10 * number + 2,
        "pointer": f"/training_pairs/{number - 1}/emotional_context/emotional_indicators",
        "turn_id": f"t{number}",
        "turn_pointer": f"/training_pairs/{number - 1}",
    }
    return diagnostic(**(fields | overrides))


def test_registered_and_machine_readable() -> None:
    assert REPORTERS["junit"] is JunitReporter
    assert JunitReporter.human is False


def test_declaration_and_utf8() -> None:
    text = render(realistic())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    text.encode("utf-8")


def test_every_turn_is_a_test_case_in_a_suite_per_file() -> None:
    report = Report(diagnostics=[at(2)], paths=[A, "data/b.json"], places=[turn(1), turn(2), turn(3), turn(1, "data/b.json")])
    root = parse(report)
    assert [s.get("name") for s in root.findall("testsuite")] == [A, "data/b.json", "fplint"]
    assert names(suite(root, A)) == ["t1", "t2", "t3"]
    first = case(suite(root, A), "t1")
    assert (first.get("classname"), first.get("file"), first.get("line")) == (A, A, "10")
    assert [outcome(c) for c in suite(root, A).findall("testcase")] == [None, "failure", None]
    assert names(suite(root, "data/b.json")) == ["t1"]


def test_a_failing_turn_names_its_first_error_and_lists_every_one() -> None:
    report = Report(diagnostics=[at(1), at(1, line=14, message="second"), at(1, line=16, severity=Severity.WARNING)], places=[turn(1)])
    [failure] = case(parse(report), "t1").findall("failure")
    assert failure.get("message") == "FP303 indicator-count: 3 indicator categories; the standard asks for 4–6: add categories the message shows (and 1 more error)"
    assert (failure.text or "").splitlines() == [
        f"{A}:12:5: FP303 indicator-count 3 indicator categories; the standard asks for 4–6: add categories the message shows",
        "  at /training_pairs/0/emotional_context/emotional_indicators",
        "  in turn t1",
        f"{A}:14:5: FP303 indicator-count second",
        "  at /training_pairs/0/emotional_context/emotional_indicators",
        "  in turn t1",
    ]


def test_warnings_do_not_fail_a_turn_they_go_to_system_out() -> None:
    root = parse(Report(diagnostics=[at(1, severity=Severity.WARNING)], places=[turn(1)]))
    testcase = case(root, "t1")
    assert outcome(testcase) is None
    assert f"{A}:12:5: FP303 indicator-count [warning] 3 indicator" in (testcase.findtext("system-out") or "")
    assert root.get("failures") == "0"


def test_system_out_lists_every_finding_of_the_turn_errors_too() -> None:
    report = Report(diagnostics=[at(1), at(1, line=14), at(1, line=16, severity=Severity.WARNING)], places=[turn(1)])
    out = case(parse(report), "t1").findtext("system-out") or ""
    assert [line.split(": ")[0] for line in out.splitlines() if line.startswith("data/")] == [f"{A}:12:5", f"{A}:14:5", f"{A}:16:5"]


def test_findings_outside_any_turn_are_the_files_own_case() -> None:
    whole = at(1, line=1501, column=1, pointer="", turn_id=None, turn_pointer=None, rule="file-too-long", code="FP104", scope=Scope.FILE)
    root = parse(Report(diagnostics=[at(1), whole], places=[turn(1), turn(2)]))
    assert names(suite(root, A)) == ["t1", "t2", FILE_CASE]
    assert case(root, FILE_CASE).find("failure") is not None


def test_a_file_with_no_turn_is_one_case() -> None:
    broken = diagnostic(path="data/broken.json", line=3, column=9, pointer="", turn_id=None, turn_pointer=None, rule="invalid-json", code="FP101", scope=Scope.FILE)
    root = parse(Report(diagnostics=[broken], paths=["data/broken.json", "data/empty.json"]))
    assert names(suite(root, "data/broken.json")) == [FILE_CASE]
    assert outcome(case(suite(root, "data/broken.json"), FILE_CASE)) == "failure"
    assert names(suite(root, "data/empty.json")) == [FILE_CASE]
    assert outcome(case(suite(root, "data/empty.json"), FILE_CASE)) is None


def test_internal_errors_are_errors_not_failures() -> None:
    crash = at(1, rule="internal-error", code="FP000", message="RuntimeError: boom", line=None, column=None)
    root = parse(Report(diagnostics=[crash, at(1)], places=[turn(1)]))
    testcase = case(root, "t1")
    [error] = testcase.findall("error")
    assert error.get("type") == "internal-error"
    assert error.get("message") == "FP000 internal-error: RuntimeError: boom (and 1 more error)"
    assert testcase.find("failure") is None
    assert (root.get("errors"), root.get("failures")) == ("1", "0")


def test_unreadable_paths_are_errored_cases_of_the_run() -> None:
    root = parse(Report(problems=["gone.json: no such file or directory"]))
    [error] = case(suite(root, "fplint"), "gone.json: no such file or directory").findall("error")
    assert error.get("type") == "problem"
    assert root.get("errors") == "1"


def test_a_turn_with_very_many_findings_lists_the_first_ones_and_counts_the_rest() -> None:
    many = [at(1, line=12 + i, message=f"finding {i}") for i in range(LISTED + 50)]
    testcase = case(parse(Report(diagnostics=many, places=[turn(1)])), "t1")
    out = (testcase.findtext("system-out") or "").splitlines()
    assert sum(1 for line in out if line.startswith(A)) == LISTED
    assert out[-1] == "... and 50 more (the json and sarif outputs list every one)"
    assert f"(and {LISTED + 49} more errors)" in (testcase.find("failure").get("message") or "")  # type: ignore[union-attr]


def test_without_places_or_paths_turns_come_from_the_findings_and_clean_files_are_counted() -> None:
    report = Report(diagnostics=[diagnostic(), diagnostic(path="data/b.json", severity=Severity.WARNING)], files=5)
    root = parse(report)
    assert names(root) == ["t1", "t1", OTHERS]
    others = case(root, OTHERS)
    assert others.findtext("system-out") == "3 more checked files with no diagnostics"


def test_empty_report() -> None:
    root = parse(Report())
    assert names(root) == []
    assert root.get("tests") == "0"


def test_realistic_report() -> None:
    root = parse(realistic())
    assert [s.get("name") for s in root.findall("testsuite")] == [SPACED_PATH, UNICODE_PATH, "data/b.json", "<memory>", "data/c.json", "fplint"]
    failure = case(suite(root, UNICODE_PATH), "t2").find("failure")
    assert failure is not None
    assert failure.get("message") == "FP201 schema: bad \ufffd value\r\nsecond line, with: a colon and a comma"
    assert (failure.text or "").startswith(f"{UNICODE_PATH}: FP201 schema bad")
    assert [p.get("name") for p in root.iter("property")] == ["fplint.version", "fplint.turns"]
    assert "note: quality-distribution" in (suite(root, "fplint").findtext("system-out") or "")


class Watched(Sequence[Diagnostic]):
    """Findings read by iteration only (as from a spool on disk), noting how much output was
    written by the time each one is read."""

    def __init__(self, found: list[Diagnostic], out: io.StringIO) -> None:
        self.found, self.out = found, out
        self.reads: list[int] = []

    def __iter__(self) -> Iterator[Diagnostic]:
        for d in self.found:
            self.reads.append(len(self.out.getvalue()))
            yield d

    def __len__(self) -> int:
        return len(self.found)

    def __getitem__(self, index: Any) -> Any:
        raise AssertionError("the reporter must not index the findings (a spool reads them from disk)")


def test_the_report_is_written_as_the_findings_are_read() -> None:
    out = io.StringIO()
    files = [f"data/{n:03d}.json" for n in range(50)]
    found = Watched([at(1, path=path) for path in files], out)
    report = Report(diagnostics=found, paths=files, places=[turn(1, path) for path in files])
    JunitReporter().render(report, out)
    second_pass = found.reads[len(files):]
    assert len(found.reads) == 2 * len(files)  # two passes, nothing kept in between
    first_suite_end = out.getvalue().index("</testsuite>")
    assert second_pass[-1] > first_suite_end  # the first file's suite was out before the last finding was read


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain <&> \"quoted\"", "plain <&> \"quoted\""),
        ("tab\tnewline\ncr\r", "tab\tnewline\ncr\r"),
        ("nul\x00 esc\x1b bell\x07", "nul\\x00 esc\\x1b bell\\x07"),
        ("lone \ud800 \udfff", "lone \ufffd \ufffd"),
        ("nonchar \ufffe \uffff", "nonchar \\ufffe \\uffff"),
        ("emoji 😀 日本語", "emoji 😀 日本語"),
    ],
)
def test_xml_safe(text: str, expected: str) -> None:
    assert xml_safe(text) == expected


def test_illegal_characters_anywhere_still_parse() -> None:
    nasty = "x\x00\x1b\ud800\uffff\x7f"
    report = Report(
        diagnostics=[diagnostic(path=f"data/{nasty}.json", message=nasty, rule=f"r{nasty}", turn_id=nasty)],
        notes=[nasty],
        problems=[nasty],
        files=2,
    )
    root = parse(report)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message", "").endswith("x\\x00\\x1b\ufffd\\uffff\x7f")


def test_output_is_deterministic() -> None:
    assert render(realistic()) == render(realistic())


def test_attributes_keep_a_line_breaking_value_exactly_and_the_text_shows_it_escaped() -> None:
    """A turn id or message with a line break, NEL, U+2028, a bidi override or DEL: the
    attribute holds it exactly (as references), the case's text names it visibly, on one line."""
    nasty = "a\n::error::b\x85c\u2028d\u202ee\x7ff\tg"
    text = render(Report(diagnostics=[diagnostic(message=nasty, turn_id=nasty)], problems=[nasty]))
    root = ET.fromstring(text.encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message", "").endswith(nasty)
    assert "a\\x0a::error::b\\x85c\\u2028d\\u202ee\\x7ff\\x09g" in (failure.text or "")
    [problem] = [c for c in root.iter("testcase") if c.get("classname") == "fplint"]
    assert problem.get("name") == nasty
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())
