from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from reporter_samples import SPACED_PATH, UNICODE_PATH, diagnostic, realistic

from fplint.check.report import Report
from fplint.model import Severity
from fplint.report import REPORTERS
from fplint.report.junit import JunitReporter, xml_safe


def render(report: Report) -> str:
    out = io.StringIO()
    JunitReporter().render(report, out)
    return out.getvalue()


def parse(report: Report) -> ET.Element:
    """What a CI server reads: the bytes, parsed strictly, with counts that add up."""
    root = ET.fromstring(render(report).encode("utf-8"))
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "fplint"
    cases = suite.findall("testcase")
    crashed = [c for c in cases if c.find("error") is not None]
    failed = [c for c in cases if c.find("failure") is not None and c.find("error") is None]
    for element in (root, suite):
        assert element.get("tests") == str(len(cases))
        assert element.get("failures") == str(len(failed))
        assert element.get("errors") == str(len(crashed))
        assert element.get("skipped") == "0"
    return suite


def names(suite: ET.Element) -> list[str]:
    return [c.get("name", "") for c in suite.findall("testcase")]


def case(suite: ET.Element, name: str) -> ET.Element:
    [found] = [c for c in suite.findall("testcase") if c.get("name") == name]
    return found


def test_registered_and_machine_readable() -> None:
    assert REPORTERS["junit"] is JunitReporter
    assert JunitReporter.human is False


def test_declaration_and_utf8() -> None:
    text = render(realistic())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    text.encode("utf-8")


def test_a_failing_file_has_one_failure_per_error() -> None:
    report = Report(diagnostics=[diagnostic(), diagnostic(line=20, message="second")], files=1)
    suite = parse(report)
    testcase = case(suite, "data/a.json")
    assert testcase.get("classname") == "fplint"
    failures = testcase.findall("failure")
    assert [f.get("type") for f in failures] == ["indicator-count", "indicator-count"]
    assert failures[1].get("message") == "FP303 indicator-count: second"
    assert (failures[1].text or "").splitlines() == [
        "data/a.json:20:5: FP303 indicator-count second",
        "  at /training_pairs/0/emotional_context/emotional_indicators",
        "  in turn t1",
    ]
    assert suite.get("failures") == "1"


def test_warnings_do_not_fail_a_file_they_go_to_system_out() -> None:
    suite = parse(Report(diagnostics=[diagnostic(severity=Severity.WARNING)], files=1))
    testcase = case(suite, "data/a.json")
    assert testcase.find("failure") is None and testcase.find("error") is None
    assert "data/a.json:12:5: FP303 indicator-count [warning] 3 indicator" in (testcase.findtext("system-out") or "")
    assert suite.get("failures") == "0"


def test_system_out_lists_every_diagnostic_of_the_file() -> None:
    report = Report(diagnostics=[diagnostic(), diagnostic(line=20), diagnostic(severity=Severity.WARNING)], files=1)
    out = case(parse(report), "data/a.json").findtext("system-out") or ""
    assert [line.split(": ")[0] for line in out.splitlines() if line.startswith("data/")] == [
        "data/a.json:12:5",
        "data/a.json:20:5",
        "data/a.json:12:5",
    ]


def test_without_a_list_of_paths_clean_files_are_one_passing_case() -> None:
    report = Report(diagnostics=[diagnostic(), diagnostic(path="data/b.json", severity=Severity.WARNING)], files=5)
    suite = parse(report)
    assert names(suite) == ["data/a.json", "data/b.json", "all other files"]
    others = case(suite, "all other files")
    assert list(others) == [others.find("system-out")]
    assert others.findtext("system-out") == "3 more checked files with no diagnostics"


def test_no_summary_case_when_every_file_has_diagnostics() -> None:
    assert names(parse(Report(diagnostics=[diagnostic()], files=1))) == ["data/a.json"]


def test_with_a_list_of_paths_every_file_is_a_case() -> None:
    report = Report(diagnostics=[diagnostic(path="b.json"), diagnostic(path="elsewhere.json")], files=3)
    report.paths = ["a.json", "b.json", "c.json"]  # type: ignore[attr-defined]
    suite = parse(report)
    assert names(suite) == ["a.json", "b.json", "c.json", "elsewhere.json"]
    assert len(case(suite, "a.json")) == 0 and len(case(suite, "c.json")) == 0
    assert suite.get("tests") == "4" and suite.get("failures") == "2"


def test_internal_errors_are_errors_not_failures() -> None:
    crash = diagnostic(rule="internal-error", code="FP000", message="RuntimeError: boom", line=None, column=None)
    suite = parse(Report(diagnostics=[crash, diagnostic()], files=1))
    testcase = case(suite, "data/a.json")
    [error] = testcase.findall("error")
    assert error.get("type") == "internal-error"
    assert (error.text or "").startswith("data/a.json: FP000 internal-error RuntimeError: boom")
    assert len(testcase.findall("failure")) == 1
    assert (suite.get("errors"), suite.get("failures")) == ("1", "0")


def test_unreadable_paths_are_errored_cases() -> None:
    suite = parse(Report(problems=["gone.json: no such file or directory"]))
    [error] = case(suite, "gone.json: no such file or directory").findall("error")
    assert error.get("type") == "problem"


def test_empty_report() -> None:
    suite = parse(Report())
    assert names(suite) == []
    clean = parse(Report(files=3))
    assert names(clean) == ["all other files"]
    assert clean.get("failures") == "0"


def test_realistic_report() -> None:
    suite = parse(realistic())
    assert names(suite) == [SPACED_PATH, UNICODE_PATH, "data/b.json", "<memory>", "data/c.json", "all other files"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "2", "1")
    unicode = case(suite, UNICODE_PATH)
    [failure] = unicode.findall("failure")
    assert failure.get("message") == "FP201 schema: bad \ufffd value\r\nsecond line, with: a colon and a comma"
    assert (failure.text or "").startswith(f"{UNICODE_PATH}: FP201 schema bad")
    assert [p.get("name") for p in suite.iter("property")] == ["fplint.version", "fplint.turns"]
    assert "note: quality-distribution" in (suite.findtext("system-out") or "")


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
    suite = parse(report)
    failure = suite.find("testcase/failure")
    assert failure is not None and failure.get("message", "").endswith("x\\x00\\x1b\ufffd\\uffff\x7f")


def test_output_is_deterministic() -> None:
    assert render(realistic()) == render(realistic())
