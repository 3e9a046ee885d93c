"""No data can forge a line: whatever a key, a value, a file name or a note says, no output
format prints a line starting with ``::`` (a GitHub workflow command) that fplint did not
write, nor a raw control character (ESC, BEL, CR, NEL, U+2028) that could act on a terminal."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from factory import edit, pairs_file, valid_turn
from hypothesis import given
from hypothesis import strategies as st
from reporter_samples import diagnostic

from fplint.check.report import Report
from fplint.cli import main
from fplint.model import Severity
from fplint.report import REPORTERS

FORMATS = ["full", "concise", "json", "sarif", "github", "junit"]

# Pieces an attacker would use, mixed with anything at all.
NASTY = [
    "\n::error file=a.json,line=1::forged",
    "\r\n::stop-commands::token",
    "\n  ::warning::indented",
    "\u2028::error::x",
    "\u2029::error::x",
    "\x85::error::x",
    "\x0b::error::x",
    "\x0c::error::x",
    "\x1c::error::x",
    "\x1e::error::x",
    "%0A::error::x",
    "::error::at the start",
    "\x1b[2J\x1b]0;title\x07",
    "\x9b31m",
    "\u202eevil",
    "\ud800",
    "{{}}",
]
text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), max_size=6).map("".join)

# A raw character that ends a line for some reader (str.splitlines is the most generous), or
# that a terminal acts on. A newline is the one fplint itself writes between lines.
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def render(name: str, report: Report) -> str:
    out = io.StringIO()
    REPORTERS[name]().render(report, out)
    return out.getvalue()


def commands_written(name: str, report: Report) -> int:
    """How many lines fplint means as workflow commands: only the github format writes any."""
    if name != "github":
        return 0
    return len(report.diagnostics) + len(report.problems) + len(report.notes)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    diagnostics = [
        diagnostic(
            path=draw(text),
            message=draw(text),
            pointer=draw(text),
            turn_id=draw(st.none() | text),
            rule=draw(st.sampled_from(["indicator-count", "x\n::error::rule"])),
            severity=draw(st.sampled_from(Severity)),
            line=draw(st.none() | st.integers(1, 9)),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return Report(diagnostics=diagnostics, notes=draw(st.lists(text, max_size=2)), problems=draw(st.lists(text, max_size=2)), files=1, turns=1)


def check_lines(name: str, report: Report) -> None:
    output = render(name, report)
    output.encode("utf-8")  # strict: the stream may be
    assert not RAW.search(output), name
    lines = output.splitlines()
    assert lines == output.split("\n")[:-1], "a line break other than fplint's newline"
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert len(commands) == commands_written(name, report)
    for line in commands:
        assert re.match(r"::(error|warning|notice)( [^:]*)?::", line)


@pytest.mark.parametrize("name", FORMATS)
@given(report=reports())
def test_no_data_yields_a_line_fplint_did_not_write(name: str, report: Report) -> None:
    check_lines(name, report)


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("nasty", NASTY)
def test_each_known_trick_is_neutralized(name: str, nasty: str) -> None:
    d = diagnostic(path=f"data/{nasty}.json", message=f"unexpected key {nasty!r}: {nasty}", pointer=f"/{nasty}", turn_id=nasty)
    check_lines(name, Report(diagnostics=[d], notes=[nasty], problems=[f"{nasty}: no such file"], files=1, turns=1))


@pytest.mark.parametrize("name", ["json", "sarif"])
def test_machine_formats_keep_the_value_exactly(name: str) -> None:
    message = "a\u2028b\x85c\x1bd\x7fe"
    output = render(name, Report(diagnostics=[diagnostic(message=message)]))
    data = json.loads(output)
    found = data["diagnostics"][0]["message"] if name == "json" else data["runs"][0]["results"][0]["message"]["text"]
    assert found == message


def test_github_keeps_newlines_as_githubs_own_escape_and_shows_esc_and_bel() -> None:
    output = render("github", Report(diagnostics=[diagnostic(message="one\ntwo \x1b[31mred\x07")]))
    assert output.splitlines()[0].endswith("::one%0Atwo \\x1b[31mred\\x07")


@pytest.fixture
def forged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file whose name, keys and values all try to forge workflow commands."""
    monkeypatch.chdir(tmp_path)
    turn = edit(valid_turn(), {"/emotional_context/primary_emotion": "fear\n::error file=x::forged value\x1b[2J"})
    turn["\n::stop-commands::tok"] = "\r::warning::key"
    name = "::error::forged\n::warning::name\u2028::notice::x.json"
    (tmp_path / name).write_text(pairs_file(turn), encoding="utf-8")
    (tmp_path / "plain.json").write_text(pairs_file(valid_turn()), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", FORMATS)
def test_a_forged_file_yields_no_forged_line_from_the_cli(forged: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["check", "--no-cache", "--output-format", name, ".", "::error::missing\n::error::path.json"])
    out, err = capsys.readouterr()
    assert exit.value.code == 2  # a path that does not exist
    assert "plain.json" in out or name in ("full", "concise", "github")  # every other file is still read
    for stream in (out, err):
        assert not RAW.search(stream)
        assert stream.splitlines() == stream.split("\n")[:-1]
    assert not any(line.lstrip().startswith("::") for line in err.splitlines())
    commands = [line for line in out.splitlines() if line.lstrip().startswith("::")]
    if name != "github":
        assert commands == []
    else:  # fplint's own: a command, properties with their ':' escaped, then the message
        assert len(commands) >= 3 and all(re.match(r"::(error|warning|notice)( [^:]*)?::", c) for c in commands)
        assert not any("stop-commands" in c.split("::")[1] for c in commands)
