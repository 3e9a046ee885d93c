"""Terminal conventions of `fplint check`: --color and its variables, -q, -s, the turn id."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from factory import edit, pairs_file, valid_conversation, valid_turn

from fplint.cli import cli
from fplint.cli.terminal import use_color

ESC = "\x1b["


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "tty", "environ", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
        ("never", True, {"FORCE_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),  # only a non-empty NO_COLOR counts
        ("auto", False, {"FORCE_COLOR": "1"}, True),
        ("auto", False, {"FORCE_COLOR": ""}, False),  # nor an empty FORCE_COLOR
        ("auto", True, {"TERM": "dumb"}, False),
        ("auto", False, {"TERM": "dumb", "FORCE_COLOR": "1"}, True),
        ("auto", True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        ("auto", True, {"TERM": "xterm-256color"}, True),
    ],
)
def test_when_to_colour(choice: str, tty: bool, environ: dict[str, str], expected: bool) -> None:
    stream = Tty() if tty else io.StringIO()
    assert use_color(choice, stream, environ) is expected


def test_a_closed_stream_is_not_coloured() -> None:
    stream = io.StringIO()
    stream.close()
    assert use_color("auto", stream, {}) is False


@pytest.fixture
def dirty(write) -> Path:  # type: ignore[no-untyped-def]
    bad = edit(valid_turn(1, "fp_david_902"), {"/emotional_context/emotional_indicators": {"a": ["I keep opening"]}})
    return write("dirty.json", pairs_file(bad))


@pytest.fixture
def clean(write) -> Path:  # type: ignore[no-untyped-def]
    return write("clean.json", pairs_file(*valid_conversation(2)))


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("output_format", ["full", "concise"])
def test_color_always_colours_even_in_a_pipe(dirty: Path, output_format: str) -> None:
    _, out, _ = run(str(dirty), "--output-format", output_format, "--color", "always")
    assert ESC in out


def test_color_never_and_auto_in_a_pipe_do_not(dirty: Path) -> None:
    assert ESC not in run(str(dirty), "--color", "never", env={"FORCE_COLOR": "1"})[1]
    assert ESC not in run(str(dirty))[1]


def test_force_color_colours_a_pipe_and_no_color_wins_over_it(dirty: Path) -> None:
    assert ESC in run(str(dirty), env={"FORCE_COLOR": "1", "NO_COLOR": ""})[1]
    assert ESC not in run(str(dirty), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})[1]


def test_a_bad_color_choice_is_a_usage_error(dirty: Path) -> None:
    assert run(str(dirty), "--color", "sometimes")[0] == 2


def test_quiet_prints_the_findings_and_nothing_else(dirty: Path) -> None:
    code, out, _ = run(str(dirty), "--output-format", "concise", "-q")
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith(f"{dirty}:26:33: FP303 indicator-count ")


def test_quiet_on_a_clean_file_prints_nothing(clean: Path) -> None:
    assert run(str(clean), "--quiet") == (0, "", "")


def test_quiet_github_output_has_annotations_but_no_totals(dirty: Path) -> None:
    _, out, _ = run(str(dirty), "--output-format", "github", "-q")
    [line] = out.splitlines()
    assert line.startswith("::error file=")


def test_silent_prints_nothing_and_still_fails(dirty: Path) -> None:
    assert run(str(dirty), "-s") == (1, "", "")
    assert run(str(dirty), "--silent", "--output-format", "json") == (1, "", "")


def test_silent_still_writes_the_output_file(dirty: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.sarif"
    assert run(str(dirty), "--silent", "--output-format", "sarif", "--output-file", str(target))[:2] == (1, "")
    assert '"ruleId": "indicator-count"' in target.read_text(encoding="utf-8")


def test_silent_still_names_a_path_it_could_not_check(clean: Path) -> None:
    code, out, err = run(str(clean), str(clean.parent / "missing.json"), "-s")
    assert (code, out) == (2, "")
    assert err.startswith("fplint: error: ") and "missing.json" in err


@pytest.mark.parametrize("output_format", ["full", "concise"])
def test_the_human_output_names_the_turn(dirty: Path, output_format: str) -> None:
    _, out, _ = run(str(dirty), "--output-format", output_format)
    [headline] = [line for line in out.splitlines() if line.startswith(str(dirty))]
    assert headline.endswith(" (turn fp_david_902_turn1)")


def test_a_file_level_finding_names_no_turn(write) -> None:  # type: ignore[no-untyped-def]
    broken = write("broken.json", '{"training_pairs": [')
    _, out, _ = run(str(broken), "--output-format", "concise")
    [headline] = [line for line in out.splitlines() if line.startswith(str(broken))]
    assert "(turn " not in headline


def test_a_turn_id_with_control_characters_is_shown_escaped(write) -> None:  # type: ignore[no-untyped-def]
    turn = edit(valid_turn(1, "fp_david_902"), {"/id": "x\x1b[31m\nfake", "/emotional_context/emotional_indicators": {}})
    path = write("escape.json", pairs_file(turn))
    _, out, _ = run(str(path), "--output-format", "concise", "--color", "never")
    assert "\x1b" not in out
    assert out.count(" (turn x\\x1b[31m\\x0afake)\n") == 2
