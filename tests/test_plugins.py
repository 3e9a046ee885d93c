"""Third-party rules: a real plugin package installed through its entry point, and the plugins key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from factory import edit, pairs_file, valid_turn

from fplint.check.registry import PluginError, all_rules
from fplint.config import load_config

PLUGIN = ROOT / "examples" / "plugin"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin, built and installed (not editable) into its own directory."""
    target = tmp_path_factory.mktemp("plugin-site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-q", "--target", str(target), str(PLUGIN)],
        check=True,
    )
    return target


def fplint(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    return subprocess.run([sys.executable, "-m", "fplint", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_an_installed_plugin_rule_is_listed_and_explained(site: Path, tmp_path: Path) -> None:
    listed = fplint(site, tmp_path, "rules", "--isolated")
    assert "EX101   response-length" in listed.stdout
    explained = fplint(site, tmp_path, "explain", "EX101", "--isolated")
    assert "max-words (int) = 250" in explained.stdout


def test_an_installed_plugin_rule_fires_and_can_be_configured(site: Path, tmp_path: Path) -> None:
    long_reply = " ".join(["word."] * 300)
    (tmp_path / "d.json").write_text(pairs_file(edit(valid_turn(), {"/target_response": long_reply, "/response_breakdown/sentences": []})))
    done = fplint(site, tmp_path, "check", "d.json", "--select", "response-length", "--output-format", "concise")
    assert "EX101 response-length [warning] target_response has 300 words; keep replies to 250" in done.stdout
    (tmp_path / ".fplint.yaml").write_text("rules:\n  response-length: {max-words: 400}\n")
    assert fplint(site, tmp_path, "check", "d.json", "--select", "EX1").returncode == 0


def test_the_plugins_key_loads_a_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "team_rules.py").write_text((PLUGIN / "fplint_example_plugin" / "__init__.py").read_text().replace("EX101", "TM101").replace("response-length", "team-length"))
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / ".fplint.yaml").write_text("plugins: [team_rules]\nrules:\n  team-length: {max-words: 10}\n")
    config = load_config(tmp_path / ".fplint.yaml")
    assert config.rules["team-length"].options == {"max-words": 10}
    assert [c.name for c in config.classes][-1] == "team-length"


def test_a_plugin_that_fails_to_import_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken_rules.py").write_text("raise RuntimeError('boom')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".fplint.yaml").write_text("plugins: [broken_rules]\n")
    from fplint.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["check"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == "fplint: error: plugin module 'broken_rules' failed to import: RuntimeError: boom\n"


def test_a_plugin_reusing_a_builtin_code_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "clash.py").write_text((PLUGIN / "fplint_example_plugin" / "__init__.py").read_text().replace("EX101", "FP303"))
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError, match="reuses 'FP303'"):
        all_rules(["clash"])


def test_load_order_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = (PLUGIN / "fplint_example_plugin" / "__init__.py").read_text()
    second = source[source.index("class ResponseLength") :].replace("ResponseLength", "AResponseLength")
    second = second.replace("EX101", "EX100").replace('"response-length"', '"a-response-length"')
    (tmp_path / "two_rules.py").write_text(source + "\n\n" + second)
    monkeypatch.syspath_prepend(str(tmp_path))
    names = [r.name for r in all_rules(["two_rules"])]
    assert names[-2:] == ["a-response-length", "response-length"]  # sorted by class name
    assert names == [r.name for r in all_rules(["two_rules"])]
