from __future__ import annotations

import io

import pytest
from reporter_samples import diagnostic, realistic

from fplint.check.report import Report
from fplint.model import Severity
from fplint.report import REPORTERS
from fplint.report.github import GithubReporter, escape_data, escape_property


def render(report: Report) -> str:
    out = io.StringIO()
    GithubReporter().render(report, out)
    text = out.getvalue()
    text.encode("utf-8")  # strict: no lone surrogates got through
    return text


def lines(report: Report) -> list[str]:
    return render(report).splitlines()


def test_registered_and_machine_readable() -> None:
    assert REPORTERS["github"] is GithubReporter
    assert GithubReporter.human is False


def test_one_command_per_diagnostic_then_the_totals() -> None:
    report = Report(diagnostics=[diagnostic(), diagnostic(severity=Severity.WARNING, line=3, column=1)], files=2, turns=9)
    assert lines(report) == [
        "::error file=data/a.json,line=12,col=5,title=FP303 indicator-count::3 indicator categories; the standard asks for 4–6: add categories the message shows",
        "::warning file=data/a.json,line=3,col=1,title=FP303 indicator-count::3 indicator categories; the standard asks for 4–6: add categories the message shows",
        "fplint: 1 error, 1 warning in 2 files (9 turns)",
    ]


@pytest.mark.parametrize(
    "text, data, prop",
    [
        ("plain", "plain", "plain"),
        ("100% sure", "100%25 sure", "100%25 sure"),
        ("a\r\nb\nc", "a%0D%0Ab%0Ac", "a%0D%0Ab%0Ac"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%3A", "%253A", "%253A"),
        ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
        ("x\ud800y", "x\ufffdy", "x\ufffdy"),
    ],
)
def test_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_properties_and_message_are_escaped_in_the_command() -> None:
    d = diagnostic(path="data/a,b:c 100%.json", message="line one\nline two: 50% done")
    [command, _] = lines(Report(diagnostics=[d]))
    assert command == (
        "::error file=data/a%2Cb%3Ac 100%25.json,line=12,col=5,title=FP303 indicator-count"
        "::line one%0Aline two: 50%25 done"
    )


def test_unknown_places_are_left_out() -> None:
    no_column = diagnostic(column=None)
    no_line = diagnostic(line=None, column=None)
    in_memory = diagnostic(path="<memory>", line=None, column=None)
    commands = lines(Report(diagnostics=[no_column, no_line, in_memory]))[:3]
    assert [c.split("::")[1] for c in commands] == [
        "error file=data/a.json,line=12,title=FP303 indicator-count",
        "error file=data/a.json,title=FP303 indicator-count",
        "error title=FP303 indicator-count",
    ]


def test_unicode_and_spaces_in_paths_pass_through() -> None:
    [command, _] = lines(Report(diagnostics=[diagnostic(path="data/ünïcødé/日本語 turn.json")]))
    assert command.startswith("::error file=data/ünïcødé/日本語 turn.json,line=12,")


def test_notes_are_notices_and_problems_are_errors() -> None:
    report = Report(notes=["55 turns: 80% 5s"], problems=["gone.json: no such file or directory"], files=1)
    assert lines(report) == [
        "::error title=fplint::gone.json: no such file or directory",
        "::notice::55 turns: 80%25 5s",
        "fplint: 0 errors, 0 warnings in 1 file (0 turns)",
        "fplint: 1 path could not be checked",
    ]


def test_empty_report() -> None:
    assert render(Report()) == "fplint: 0 errors, 0 warnings in 0 files (0 turns)\n"


def test_no_table_up_to_ten_of_each() -> None:
    report = Report(diagnostics=[diagnostic()] * 10 + [diagnostic(severity=Severity.WARNING)] * 10, files=1)
    assert lines(report)[20:] == ["fplint: 10 errors, 10 warnings in 1 file (0 turns)"]


def test_more_than_github_shows_adds_a_count_by_rule_so_nothing_vanishes() -> None:
    many = [diagnostic()] * 11 + [diagnostic(rule="schema", code="FP201", severity=Severity.WARNING)] * 2
    many.append(diagnostic(rule="internal-error", code="FP000"))
    out = lines(Report(diagnostics=many, files=3, turns=12))
    plain = [line for line in out if not line.startswith("::")]
    assert plain == [
        "fplint: 12 errors, 2 warnings in 3 files (12 turns)",
        "fplint: GitHub shows only the first 10 error and 10 warning annotations of a step; every finding, by rule:",
        "    11  FP303  indicator-count (error)",
        "     2  FP201  schema (warning)",
        "     1  FP000  internal-error (error)",
    ]
    assert sum(int(line.split()[0]) for line in plain[2:]) == len(many)
    assert len(out) - len(plain) == len(many)


def test_the_table_appears_for_many_warnings_too() -> None:
    out = lines(Report(diagnostics=[diagnostic(severity=Severity.WARNING)] * 11))
    assert out[-1] == "    11  FP303  indicator-count (warning)"


def test_realistic_report_every_line_is_a_command_or_plain_text() -> None:
    out = lines(realistic())
    commands = [line for line in out if line.startswith("::")]
    assert len(commands) == len(realistic().diagnostics) + 1  # and the note
    assert all("\r" not in line for line in out)
    assert out[-1] == "fplint: 4 errors, 3 warnings in 6 files (40 turns)"
    assert "::error file=data/ünïcødé/日本語 turn.json,title=FP201 schema::bad \ufffd value%0D%0Asecond line, with: a colon and a comma" in out


def test_output_is_deterministic() -> None:
    assert render(realistic()) == render(realistic())
