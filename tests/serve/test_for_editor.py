"""`fplint schema --for-editor`: the schema in .vscode/ and the settings that map the dataset to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fplint.check import schema
from fplint.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["schema", "--for-editor", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_it_writes_the_bundled_schema_and_settings_for_the_dataset_globs(repo: Path) -> None:
    (repo / ".fplint.yaml").write_text("dataset: ['data/**/*.json', 'more/*.yaml', 'lines/*.jsonl']\n", encoding="utf-8")
    code, out, _ = run()
    assert code == 0
    assert json.loads((repo / ".vscode" / "fplint.schema.json").read_text(encoding="utf-8")) == schema.bundle()
    assert json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8")) == {
        "json.schemas": [{"fileMatch": ["data/**/*.json"], "url": "./.vscode/fplint.schema.json"}],
        "yaml.schemas": {"./.vscode/fplint.schema.json": ["more/*.yaml"]},
    }
    assert "settings.json" in out


def test_the_config_root_holds_the_vscode_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / ".fplint.yaml").write_text("include: ['*.json']\n", encoding="utf-8")
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    assert run()[0] == 0
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["json.schemas"][0]["fileMatch"] == ["*.json"]


def test_glob_overrides_the_config(repo: Path) -> None:
    (repo / ".fplint.yaml").write_text("dataset: ['data/**/*.json']\n", encoding="utf-8")
    assert run("--glob", "turns/*.json")[0] == 0
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["json.schemas"][0]["fileMatch"] == ["turns/*.json"]


def test_existing_settings_are_never_rewritten_the_snippet_is_printed(repo: Path) -> None:
    existing = repo / ".vscode" / "settings.json"
    existing.parent.mkdir()
    existing.write_text('{\n  // mine\n  "editor.tabSize": 2\n}\n', encoding="utf-8")
    code, out, err = run("--glob", "data/*.json")
    assert code == 0
    assert existing.read_text(encoding="utf-8") == '{\n  // mine\n  "editor.tabSize": 2\n}\n'
    assert "merge these settings" in err
    assert json.loads(out.split("\n", 1)[1])["json.schemas"][0]["fileMatch"] == ["data/*.json"]


def test_without_any_glob_it_asks_which_files_are_the_dataset(repo: Path) -> None:
    code, _, err = run("--isolated")
    assert code == 2
    assert "dataset" in err and "--glob" in err
    assert not (repo / ".vscode").exists()
