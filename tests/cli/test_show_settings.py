"""`fplint check --show-settings`: the resolved configuration, readable back as the same config."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fplint.cli import cli
from fplint.config import load_config


def show(*args: str) -> str:
    result = CliRunner().invoke(cli, ["check", "--show-settings", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".fplint.yaml").write_text(
        "extends: strict\n"
        "rules:\n  indicator-count: {min: 3, max: 8}\n  valence: warning\n"
        "dataset: ['data/**/*.json']\n"
        "per-file-ignores: {'old/*.json': [FP303]}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_it_prints_every_rule_with_severity_and_options(project: Path) -> None:
    text = show()
    assert f"# config file: {project / '.fplint.yaml'}" in text
    assert '  indicator-count: {"severity": "error", "min": 3, "max": 8}  # FP303 turn' in text
    assert '  valence: {"severity": "warning", "allowed": ["negative", "positive", "mixed"]}' in text
    assert 'dataset: ["data/**/*.json"]' in text
    assert '  "old/*.json": ["indicator-count"]' in text


def test_the_command_line_selection_is_folded_in(project: Path) -> None:
    assert '  indicator-count: {"severity": "off", "min": 3, "max": 8}' in show("--ignore", "FP303")


def test_read_back_as_a_config_it_means_the_same(project: Path, tmp_path: Path) -> None:
    resolved = load_config(project / ".fplint.yaml")
    copy = tmp_path / "elsewhere" / "resolved.yaml"
    copy.parent.mkdir()
    copy.write_text(show(), encoding="utf-8")
    again = load_config(copy)
    assert again.rules == resolved.rules
    assert (again.dataset, again.per_file_ignores, again.fail_on) == (resolved.dataset, resolved.per_file_ignores, resolved.fail_on)


def test_it_checks_nothing(project: Path) -> None:
    (project / "broken.json").write_text("{", encoding="utf-8")
    assert "broken.json" not in show()
