from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factory import edit, pairs_file, valid_conversation, valid_turn

from fplint import __version__
from fplint.cli import cli, main


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def clean(write) -> Path:  # type: ignore[no-untyped-def]
    return write("clean.json", pairs_file(*valid_conversation(2)))


@pytest.fixture
def dirty(write) -> Path:  # type: ignore[no-untyped-def]
    bad = edit(valid_turn(1, "fp_david_902"), {"/emotional_context/emotional_indicators": {"a": ["I keep opening"]}})
    return write("dirty.json", pairs_file(bad))


def test_version() -> None:
    assert invoke("--version") == (0, f"fplint {__version__}\n")


def test_clean_files_exit_0_with_a_summary(clean: Path) -> None:
    code, output = invoke("check", str(clean))
    assert code == 0
    assert output.splitlines()[-1].startswith("All checks passed (1 file, 2 turns in ")


def test_errors_exit_1_with_file_line_col(dirty: Path) -> None:
    code, output = invoke("check", str(dirty), "--output-format", "concise")
    assert code == 1
    assert f"{dirty}:26:33: FP303 indicator-count 1 indicator category;" in output
    assert "Found 1 error, 0 warnings (1 file, 1 turn in " in output


def test_full_format_shows_the_source_line_and_a_caret(dirty: Path) -> None:
    _, output = invoke("check", str(dirty), "--output-format", "full")
    lines = output.splitlines()
    source = next(i for i, line in enumerate(lines) if line.startswith("26 |"))
    assert lines[source] == '26 |         "emotional_indicators": {'
    assert lines[source + 1].index("^") == lines[source].index("{")


def test_default_path_is_the_current_directory(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(clean.parent)
    code, output = invoke("check")
    assert code == 0 and "1 file, 2 turns" in output


def test_json_output_has_the_spec_shape(dirty: Path, clean: Path) -> None:
    code, output = invoke("check", str(dirty), str(clean), "--output-format", "json")
    data = json.loads(output)
    assert code == 1
    assert list(data) == ["fplint_version", "summary", "diagnostics", "turns"]
    assert data["fplint_version"] == __version__
    assert data["summary"] == {"files": 2, "turns": 3, "errors": 1, "warnings": 0, "clean_turns": 2}
    [diagnostic] = data["diagnostics"]
    assert list(diagnostic) == ["path", "line", "column", "pointer", "turn_id", "rule", "code", "severity", "message", "scope", "turn_pointer"]
    assert diagnostic == {
        "path": str(dirty),
        "line": 26,
        "column": 33,
        "pointer": "/training_pairs/0/emotional_context/emotional_indicators",
        "turn_id": "fp_david_902_turn1",
        "rule": "indicator-count",
        "code": "FP303",
        "severity": "error",
        "message": "1 indicator category; the standard asks for 4–6: add categories the message shows",
        "scope": "turn",
        "turn_pointer": "/training_pairs/0",
    }


def test_select_and_ignore(dirty: Path) -> None:
    assert invoke("check", str(dirty), "--ignore", "indicator-count")[0] == 0
    assert invoke("check", str(dirty), "--select", "FP2")[0] == 0
    assert invoke("check", str(dirty), "--select", "FP3,schema")[0] == 1


def test_exit_zero(dirty: Path) -> None:
    assert invoke("check", str(dirty), "--exit-zero")[0] == 0


def test_statistics(dirty: Path) -> None:
    _, output = invoke("check", str(dirty), "--statistics", "--output-format", "concise")
    assert output.splitlines()[-1] == "     1  FP303  indicator-count (error)"


def test_schema_command_prints_a_bundled_schema() -> None:
    code, output = invoke("schema")
    assert code == 0
    assert json.loads(output)["$id"].endswith("dataset.schema.json")


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def test_a_missing_path_is_one_line_exit_2_and_the_rest_is_checked(capsys: pytest.CaptureFixture[str], clean: Path) -> None:
    code, out, err = run_main(capsys, "check", str(clean), "no/such/file.json", "--output-format", "concise")
    assert code == 2
    assert err == "fplint: error: no/such/file.json: no such file or directory\n"
    assert "1 file, 2 turns" in out


def test_a_run_with_an_unreadable_path_never_says_all_checks_passed(capsys: pytest.CaptureFixture[str], clean: Path) -> None:
    code, out, _ = run_main(capsys, "check", str(clean), "no/such/file.json")
    assert code == 2
    assert out.splitlines()[-1].startswith("No findings, but 1 path could not be checked (1 file, 2 turns in ")


def folder(tmp_path: Path, name: str, *files: str) -> str:
    path = tmp_path / name
    path.mkdir()
    for file in files:
        (path / file).write_text("{}")
    return str(path)


@pytest.mark.parametrize(
    "name, files",
    [("empty", ()), ("x.json", ()), ("notes", ("a.txt", "b.md", "c.csv")), ("hidden", (".x.json",))],
)
def test_a_folder_with_nothing_to_check_is_a_warning_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, files: tuple[str, ...]
) -> None:
    given = folder(tmp_path, name, *files)
    code, out, err = run_main(capsys, "check", given, "--output-format", "concise")
    assert code == 0
    assert err == f"fplint: warning: No files found under {given} (looked for .json, .jsonl, .ndjson, .yaml, .yml)\n"
    assert out.splitlines()[-1].startswith("No files checked: no dataset file found (0 files, 0 turns in ")
    assert "All checks passed" not in out


def test_only_the_folder_with_nothing_to_check_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path, clean: Path) -> None:
    given = folder(tmp_path, "empty")
    code, out, err = run_main(capsys, "check", str(clean), given, str(clean.parent))
    assert code == 0
    assert err == f"fplint: warning: No files found under {given} (looked for .json, .jsonl, .ndjson, .yaml, .yml)\n"
    assert out.splitlines()[-1].startswith("All checks passed (1 file, 2 turns in ")  # clean.json, once


def test_a_folder_of_excluded_files_is_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder(tmp_path, "legacy", "a.json")
    (tmp_path / ".fplint.yaml").write_text("exclude: ['legacy/**']\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(capsys, "check", "legacy")
    assert code == 0 and "No files found under legacy" in err


def test_baseline_warns_of_a_folder_with_nothing_to_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    given = folder(tmp_path, "empty")
    code, _, err = run_main(capsys, "baseline", "-o", str(tmp_path / "b.json"), given)
    assert code == 0 and f"No files found under {given}" in err


def test_an_unknown_option_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_main(capsys, "check", "--no-such-option")
    assert code == 2
    assert err.startswith("fplint: error: ") and err.count("\n") == 1
    assert "--no-such-option" in err and "fplint check --help" in err


def test_a_bad_choice_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(capsys, "check", "--output-format", "xml")
    assert code == 2 and err.count("\n") == 1 and "xml" in err


def test_an_unknown_rule_in_select_is_exit_2_naming_it(capsys: pytest.CaptureFixture[str], clean: Path) -> None:
    code, _, err = run_main(capsys, "check", str(clean), "--select", "indicator-cout")
    assert code == 2
    assert err == "fplint: error: select: 'indicator-cout' matches no rule name or code (did you mean 'indicator-count'?)\n"


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "check", "--help")
    assert code == 0 and "--output-format" in out


def test_python_dash_m_runs_the_cli(clean: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "fplint", "check", str(clean)], capture_output=True, text=True)
    assert done.returncode == 0 and "All checks passed" in done.stdout


def test_every_reporter_is_an_output_format() -> None:
    from fplint.cli import _FORMATS
    from fplint.report import REPORTERS

    assert tuple(REPORTERS) == _FORMATS


@pytest.mark.parametrize("name", ["sarif", "junit", "json"])
def test_output_file_gets_the_format_and_the_terminal_the_human_report(dirty: Path, tmp_path: Path, name: str) -> None:
    target = tmp_path / f"report.{name}"
    code, output = invoke("check", str(dirty), "--output-format", name, "--output-file", str(target))
    assert code == 1
    assert output.splitlines()[-1].startswith("Found 1 error")
    text = target.read_text()
    assert text.lstrip().startswith("<?xml" if name == "junit" else "{")
    assert "indicator-count" in text


def test_an_unwritable_output_file_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], clean: Path) -> None:
    code, _, err = run_main(capsys, "check", str(clean), "--output-file", "/no/such/dir/report.json")
    assert code == 2
    assert err.startswith("fplint: error: cannot write /no/such/dir/report.json") and err.count("\n") == 1
