"""Baselines: written, then a clean check; a new defect fails alone; moving a turn or reformatting revives nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factory import edit, valid_conversation

from fplint.check.identity import key
from fplint.cli import cli, main

BAD = {
    "/emotional_context/emotional_indicators": {"a": ["I keep opening"]},  # 1 category
    "/training_metadata/generate_variations_count": 30,
}


@pytest.fixture
def dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    turns = valid_conversation(3)
    turns[0] = edit(turns[0], BAD)
    path = tmp_path / "data" / "convo.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"training_pairs": turns}, indent=2))
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def rewrite(path: Path, change, indent: int = 2) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=indent))


def test_a_baseline_then_a_clean_check(dataset: Path) -> None:
    code, output = run("baseline", "--output", "baseline.json", "data")
    assert code == 0 and output == "Wrote baseline.json: 2 findings in 1 file (3 turns).\n"
    code, output = run("check", "data", "--baseline", "baseline.json", "--output-format", "concise")
    assert code == 0
    assert output.splitlines()[-1].startswith("All checks passed (1 file, 3 turns in ") and "; 2 baselined)." in output


def test_a_new_defect_fails_alone(dataset: Path) -> None:
    run("baseline", "-o", "baseline.json", "data")
    rewrite(dataset, lambda d: d["training_pairs"][2]["training_metadata"].update(quality_score=1))
    code, output = run("check", "data", "--baseline", "baseline.json", "--output-format", "concise")
    assert code == 1
    lines = [line for line in output.splitlines() if "FP" in line]
    assert len(lines) == 1 and "FP602 quality-score quality_score is 1" in lines[0]


def test_reformatting_and_moving_a_turn_revive_nothing(dataset: Path) -> None:
    run("baseline", "-o", "baseline.json", "data")
    rewrite(dataset, lambda d: d["training_pairs"].reverse(), indent=4)
    code, output = run("check", "data", "--baseline", "baseline.json")
    assert code == 0 and "2 baselined" in output


def test_a_fixed_finding_is_reported_as_a_stale_entry(dataset: Path) -> None:
    run("baseline", "-o", "baseline.json", "data")
    rewrite(dataset, lambda d: d["training_pairs"][0]["training_metadata"].update(generate_variations_count=12))
    code, output = run("check", "data", "--baseline", "baseline.json")
    assert code == 0
    assert "note: 1 baseline entry no longer occurs: rewrite the baseline (fplint baseline --output FILE) so it only shrinks" in output


def test_the_config_names_the_baseline(dataset: Path) -> None:
    run("baseline", "-o", "baseline.json", "data")
    Path(".fplint.yaml").write_text("baseline: baseline.json\n")
    assert run("check", "data")[0] == 0


def test_the_baseline_is_written_atomically_and_deterministically(dataset: Path) -> None:
    run("baseline", "-o", "baseline.json", "data")
    first = Path("baseline.json").read_bytes()
    run("baseline", "-o", "baseline.json", "data")
    assert Path("baseline.json").read_bytes() == first
    assert [p.name for p in Path().iterdir() if p.name.startswith(".baseline")] == []


BASELINE_ENTRY = (
    '{"fplint_baseline": 1, "entries": [{"fingerprint": "f", "rule": "schema", "subject": "s", '
    '"pointer": "", "path": "data/convo.json", "message": "m", "count": 1}]}'
)


@pytest.mark.parametrize(
    "content, words",
    [
        (None, "does not exist (write it with: fplint baseline --output"),
        ("not json", "is not valid JSON: Expecting value (line 1)"),
        ('{"entries": []}', "is not an fplint baseline"),
        ('{"fplint_baseline": 1, "entries": [{"x": 1}]}', "entries[0].x: unknown field"),
        ('{"fplint_baseline": 1, "entries": [7]}', "entries[0]: expected an object, got 7"),
        ('{"fplint_baseline": 1, "entries": [{"fingerprint": 5}]}', "entries[0].fingerprint: expected a string, got 5"),
        (BASELINE_ENTRY.replace('"count": 1', '"count": "2"'), "entries[0].count: expected a whole number of at least 1, got '2'"),
        (BASELINE_ENTRY.replace('"count": 1', '"count": true'), "entries[0].count: expected a whole number"),
        (BASELINE_ENTRY.replace('"count": 1', '"count": 0'), "entries[0].count: expected a whole number"),
        (BASELINE_ENTRY.replace('"rule": "schema"', '"rule": null'), "entries[0].rule: expected a string, got None"),
        (BASELINE_ENTRY.replace('"rule": "schema"', '"rule": "' + "x" * 100_000 + '"'), None),  # long, but a string: fine
        ('{"fplint_baseline": 1, "entries": [{"count": ' + "9" * 5000 + "}]}", "a number or nesting too large"),
        ('{"fplint_baseline": 1, "entries": ' + "[" * 100_000 + "]" * 100_000 + "}", "a number or nesting too large"),
        ('{"fplint_baseline": 1, "entries": [{"' + "k" * 100_000 + '": 1}]}', "unknown field"),
    ],
)
def test_a_bad_baseline_is_one_line_exit_2(dataset: Path, capsys: pytest.CaptureFixture[str], content: str | None, words: str | None) -> None:
    if content is not None:
        Path("baseline.json").write_text(content)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "data", "--baseline", "baseline.json"])
    err = capsys.readouterr().err
    if words is None:  # a valid baseline: the run goes on
        assert exit_info.value.code == 1 and "Traceback" not in err
        return
    assert exit_info.value.code == 2 and err.count("\n") == 1 and words in err
    assert "baseline.json" in err and len(err) < 3000


@pytest.fixture
def with_file_finding(dataset: Path) -> Path:
    """The dataset plus a finding on no turn (a key the envelope has not), keyed on its file."""
    rewrite(dataset, lambda d: d.update(notes="not a key of the layout"))
    return dataset


def spellings(root: Path) -> list[tuple[str, list[str]]]:
    """(working directory, arguments) that name data/convo.json in every usual way."""
    return [
        (".", ["data"]),
        (".", ["."]),
        (".", ["./data/convo.json"]),
        (".", [str(root / "data")]),
        ("data", ["."]),
        ("data", ["convo.json"]),
    ]


@pytest.mark.parametrize("written_for", ["data", ".", "data/convo.json"])
def test_every_spelling_of_the_same_files_matches_the_baseline(
    with_file_finding: Path, monkeypatch: pytest.MonkeyPatch, written_for: str
) -> None:
    root = Path.cwd()
    Path(".fplint.yaml").write_text("baseline: baseline.json\n")
    assert run("baseline", written_for)[0] == 0
    for cwd, args in spellings(root):
        monkeypatch.chdir(root / cwd)
        code, output = run("check", *args, "--output-format", "concise")
        assert (code, output.count(": FP")) == (0, 0), (cwd, args, output)
        assert "3 baselined" in output


def test_an_entry_is_keyed_on_the_path_from_the_project_root(with_file_finding: Path) -> None:
    run("baseline", "-o", "baseline.json", "./data/../data")
    entries = json.loads(Path("baseline.json").read_text())["entries"]
    assert {e["path"] for e in entries} == {"data/convo.json"}
    assert "data/convo.json#" in {e["subject"] for e in entries}


def test_a_baseline_written_with_an_old_spelling_still_matches(with_file_finding: Path) -> None:
    run("baseline", "-o", "baseline.json", "data")
    data = json.loads(Path("baseline.json").read_text())
    for entry in data["entries"]:  # as an older fplint wrote it for `fplint baseline .`
        entry["subject"] = entry["subject"].replace("data/", "./data/")
        entry["path"] = "./" + entry["path"]
        entry["fingerprint"] = key(entry["rule"], entry["subject"], entry["pointer"], entry["message"])
    Path("baseline.json").write_text(json.dumps(data))
    code, output = run("check", "data", "--baseline", "baseline.json")
    assert code == 0 and "3 baselined" in output


def test_baseline_writes_the_configured_file_without_output(dataset: Path) -> None:
    Path(".fplint.yaml").write_text("baseline: gate/baseline.json\n")
    Path("gate").mkdir()
    code, output = run("baseline", "data")
    assert code == 0 and output.startswith("Wrote gate/baseline.json: 2 findings")
    assert run("check", "data")[0] == 0


def test_baseline_without_output_or_config_is_a_usage_error(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["baseline", "data"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1
    assert "--output FILE, or `baseline: FILE` in the config" in err
    assert not Path("baseline.json").exists()


@pytest.mark.parametrize("how", ["option", "config"])
def test_the_baseline_file_is_never_checked_as_data(dataset: Path, how: str) -> None:
    run("baseline", "-o", "baseline.json", ".")
    assert '"unknown-layout"' not in Path("baseline.json").read_text()
    run("baseline", "-o", "baseline.json", ".")  # now that it exists, it is in the walk
    assert '"unknown-layout"' not in Path("baseline.json").read_text()
    if how == "config":
        Path(".fplint.yaml").write_text("baseline: baseline.json\n")
        assert run("check", ".")[0] == 0
    else:
        assert run("check", ".", "--baseline", "baseline.json")[0] == 0
