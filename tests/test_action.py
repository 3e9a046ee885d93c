"""The GitHub Action (`action.yml`): its shell steps run here as a runner would run them.

GitHub's own steps (`uses:`) cannot run outside GitHub; they are checked for the current
major versions. Every `run:` step of fplint's runs in bash with the runner's files
(`GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`) and the action's inputs as the runner passes them,
on a dataset made here: annotations on the log, SARIF written, the summary written, and the
job failing exactly when fplint does.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from factory import edit, pairs_file, valid_conversation, valid_turn
from ruamel.yaml import YAML

#: The current major version of each action fplint's action and docs use.
CURRENT = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/cache": "v5",
    "github/codeql-action/upload-sarif": "v4",
}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return loaded


def steps() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = action()["runs"]["steps"]
    return found


def step(name: str) -> dict[str, Any]:
    [found] = [s for s in steps() if s.get("name") == name]
    return found


def test_it_is_a_composite_action_with_documented_inputs_and_outputs() -> None:
    loaded = action()
    assert loaded["runs"]["using"] == "composite"
    assert {"paths", "args", "python-version", "upload-sarif", "summary"} <= set(loaded["inputs"])
    assert all(spec.get("description") for spec in loaded["inputs"].values())
    assert {"exit-code", "sarif-file"} <= set(loaded["outputs"])


@pytest.mark.parametrize("source", ["action.yml", "docs/ci.md"])
def test_every_action_used_is_at_its_current_major_version(source: str) -> None:
    text = (ROOT / source).read_text(encoding="utf-8")
    used = re.findall(r"uses:\s*([\w./-]+)@([\w.-]+)", text)
    assert used
    for name, version in used:
        if name in CURRENT:
            assert version == CURRENT[name], f"{source}: {name}@{version}, the current major is {CURRENT[name]}"


def test_no_input_is_pasted_into_a_script() -> None:
    """`${{ inputs.x }}` inside `run:` is script injection (a path named `$(curl …)`): inputs go
    through the environment."""
    for each in steps():
        if "run" in each:
            assert "${{" not in each["run"], each["name"]


def test_sarif_is_not_uploaded_from_a_fork_whose_token_cannot() -> None:
    condition = step("Upload SARIF")["if"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in condition


class Runner:
    """Runs the action's shell steps in order, as a runner does: expressions resolved from the
    inputs and the outputs of earlier steps, each step's env, the runner's files."""

    def __init__(self, workspace: Path, inputs: dict[str, str]) -> None:
        self.workspace = workspace
        self.temp = workspace / "runner-temp"
        self.temp.mkdir()
        self.summary = self.temp / "summary.md"
        self.summary.touch()
        declared = action()["inputs"]
        self.inputs = {name: str(spec.get("default", "")) for name, spec in declared.items()} | inputs
        self.outputs: dict[str, dict[str, str]] = {}

    def resolve(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            expression = match.group(1)
            if expression.startswith("inputs."):
                return self.inputs[expression.removeprefix("inputs.")]
            if expression == "runner.temp":
                return str(self.temp)
            if expression == "github.action_path":
                return str(ROOT)
            found = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
            if found:
                return self.outputs.get(found.group(1), {}).get(found.group(2), "")
            raise AssertionError(f"an expression this test cannot resolve: {expression}")

        return EXPRESSION.sub(value, text)

    def run(self, name: str) -> subprocess.CompletedProcess[str]:
        spec = step(name)
        output = self.temp / f"output-{name}"
        output.touch()
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            **{key: self.resolve(str(value)) for key, value in spec.get("env", {}).items()},
        }
        done = subprocess.run(
            [shutil.which("bash") or "bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", spec["run"]],
            cwd=self.workspace, env=env, capture_output=True, text=True, timeout=300,
        )
        if "id" in spec:
            pairs = (line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
            self.outputs[spec["id"]] = dict(pairs)
        return done


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / ".fplint.yaml").write_text("dataset: ['data/**/*.json']\n", encoding="utf-8")
    return tmp_path


def test_a_dataset_with_errors_is_annotated_uploaded_summarised_and_fails(dataset: Path) -> None:
    broken = edit(valid_turn(1, "fp_david_980"), {"/emotional_context/emotional_indicators": {"worry": ["scared"]}})
    (dataset / "data" / "broken.json").write_text(pairs_file(broken), encoding="utf-8")
    (dataset / "data" / "clean.json").write_text(pairs_file(*valid_conversation(2, "fp_david_981")), encoding="utf-8")
    runner = Runner(dataset, {"paths": "data/"})

    check = runner.run("fplint check")
    assert check.returncode == 0, check.stderr  # the step records the verdict; the last step acts on it
    [annotation] = [line for line in check.stdout.splitlines() if line.startswith("::error ")]
    assert "file=data/broken.json" in annotation and "title=FP303 indicator-count" in annotation
    assert runner.outputs["check"]["exit-code"] == "1"
    sarif = json.loads(Path(runner.outputs["check"]["sarif-file"]).read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["indicator-count"]

    summary = runner.run("Summary")
    assert summary.returncode == 0, summary.stderr
    text = runner.summary.read_text(encoding="utf-8")
    assert text.startswith("#") and "|" in text  # markdown: headings and tables

    verdict = runner.run("Verdict")
    assert verdict.returncode == 1
    assert "fplint check exited 1" in verdict.stderr


def test_a_clean_dataset_passes(dataset: Path) -> None:
    (dataset / "data" / "clean.json").write_text(pairs_file(*valid_conversation(2, "fp_david_982")), encoding="utf-8")
    runner = Runner(dataset, {"paths": "data/", "summary": "false"})
    assert runner.run("fplint check").returncode == 0
    assert runner.outputs["check"]["exit-code"] == "0"
    assert runner.run("Verdict").returncode == 0


def test_inputs_are_words_never_code_or_globs(dataset: Path) -> None:
    (dataset / "data" / "clean.json").write_text(pairs_file(*valid_conversation(1, "fp_david_983")), encoding="utf-8")
    hostile = "data/ $(touch pwned) ; touch pwned2 data/*"
    runner = Runner(dataset, {"paths": hostile, "args": "--select FP3"})
    check = runner.run("fplint check")
    assert check.returncode == 0, check.stderr
    assert not (dataset / "pwned").exists() and not (dataset / "pwned2").exists()
    assert runner.outputs["check"]["exit-code"] == "2"  # '$(touch' and friends are paths that do not exist
    assert "No such file" in check.stderr or "no such file" in check.stderr
