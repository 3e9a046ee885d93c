"""Reviewed suppressions: one finding, one turn, a written reason; unused ones are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factory import edit, valid_conversation

from fplint.cli import cli, main


@pytest.fixture
def dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    turns = valid_conversation(2)
    turns[0] = edit(turns[0], {"/training_metadata/generate_variations_count": 30})
    path = tmp_path / "convo.json"
    path.write_text(json.dumps({"training_pairs": turns}, indent=2))
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--output-format", "concise", *args], catch_exceptions=False)
    return result.exit_code, result.output


ACCEPT = """\
- turn: fp_marcus_901_turn1
  rule: variations-count
  reason: A cornerstone turn; the team wants 30 variations of it.
"""


def test_a_suppression_accepts_one_finding_on_one_turn(dataset: Path) -> None:
    assert run()[0] == 1
    Path(".fplint-suppressions.yaml").write_text(ACCEPT)
    code, output = run()
    assert code == 0 and "1 suppressed" in output


def test_a_suppression_can_name_the_code_and_the_pointer(dataset: Path) -> None:
    Path(".fplint-suppressions.yaml").write_text(
        "- {turn: fp_marcus_901_turn1, rule: FP604, pointer: /training_metadata/generate_variations_count, reason: ok}\n"
    )
    assert run()[0] == 0


def test_a_suppression_for_another_turn_does_not_apply(dataset: Path) -> None:
    Path(".fplint-suppressions.yaml").write_text(ACCEPT.replace("turn1", "turn2"))
    code, output = run()
    assert code == 1
    assert "FP604 variations-count" in output
    assert ".fplint-suppressions.yaml:1:1: FP902 unused-suppression suppression of variations-count on fp_marcus_901_turn2 matches no finding any more: remove it" in output


def test_an_unused_suppression_is_reported(dataset: Path) -> None:
    Path(".fplint-suppressions.yaml").write_text(ACCEPT + ACCEPT.replace("variations-count", "skills-count"))
    code, output = run()
    assert code == 1
    assert ".fplint-suppressions.yaml:4:1: FP902 unused-suppression suppression of skills-count on fp_marcus_901_turn1" in output


def test_the_config_can_name_the_file(dataset: Path) -> None:
    Path("reviewed.yaml").write_text(ACCEPT)
    Path(".fplint.yaml").write_text("suppressions: reviewed.yaml\n")
    assert run()[0] == 0


@pytest.mark.parametrize(
    "content, words",
    [
        ("- {turn: fp_marcus_901_turn1, rule: variations-count}\n", "suppressions[0].reason: required: a non-empty string (why the finding is accepted"),
        ("- {turn: fp_marcus_901_turn1, rule: nope, reason: x}\n", "suppressions[0].rule: unknown rule 'nope'"),
        (
            "- {turn: fp_marcus_901_turn1, rule: variation-count, reason: x}\n",
            "suppressions[0].rule: unknown rule 'variation-count' (did you mean 'variations-count'?)",
        ),
        ("- {turn: t, rule: schema, reason: x, expires: never}\n", "suppressions[0].expires: unknown key"),
        ("turn: x\n", "suppressions: expected a list"),
        ("- {turn: t, rule: schema, reason: x, pointer: emotional_context}\n", "suppressions[0].pointer: expected a JSON pointer"),
    ],
)
def test_a_malformed_suppression_is_one_line_exit_2(dataset: Path, capsys: pytest.CaptureFixture[str], content: str, words: str) -> None:
    Path(".fplint-suppressions.yaml").write_text(content)
    with pytest.raises(SystemExit) as exit_info:
        main(["check"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1 and words in err


GHOST = ACCEPT.replace("turn1", "turn7")  # the conversation has turns 1 and 2


@pytest.mark.parametrize("args", [[], ["."], ["convo.json"]])
def test_a_suppression_for_a_turn_no_file_holds_is_reported(dataset: Path, args: list[str]) -> None:
    Path(".fplint-suppressions.yaml").write_text(ACCEPT + GHOST)
    if args == ["convo.json"]:  # named files only: the dataset globs say what the whole dataset is
        Path(".fplint.yaml").write_text("dataset: ['*.json']\n")
    code, output = run(*args)
    assert code == 1
    assert (
        ".fplint-suppressions.yaml:4:1: FP902 unused-suppression suppression of variations-count on "
        "fp_marcus_901_turn7: no turn of the dataset has this id: correct the turn id, or remove the suppression"
    ) in output
    assert output.count("FP902") == 1


def test_a_suppression_for_a_turn_of_a_file_not_checked_is_not_reported(dataset: Path) -> None:
    # the pre-commit hook names the changed files only; without `dataset` globs the others are unknown
    Path(".fplint-suppressions.yaml").write_text(ACCEPT + GHOST)
    code, output = run("convo.json")
    assert code == 0 and "FP902" not in output


@pytest.mark.parametrize("asked", ["FP902", "unused-suppression", "fp000", "internal-error"])
def test_explain_knows_what_fplint_reports_besides_rules(asked: str) -> None:
    result = CliRunner().invoke(cli, ["explain", asked, "--isolated"], catch_exceptions=False)
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert first in ("unused-suppression (FP902)", "internal-error (FP000)")
    assert ("remove it, or correct it" in result.output) == (first == "unused-suppression (FP902)")
