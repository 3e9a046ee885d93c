"""Security: no network ever, YAML never constructs objects, plugins only when asked, a crashing
rule is reported (and only --debug shows a traceback)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from factory import pairs_file, valid_conversation

import fplint
from fplint.cli import main
from fplint.read.loader import load


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to reach the network is recorded and refused."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_a_whole_run_never_touches_the_network(offline: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    report = fplint.lint_paths([ROOT / "examples"])
    assert report.diagnostics
    for command in (["schema"], ["rules"], ["explain", "schema"]):
        with pytest.raises(SystemExit) as exit_info:
            main(command)
        assert exit_info.value.code == 0
    assert offline == []


def test_a_remote_extends_is_a_clear_error_not_a_fetch(offline: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".fplint.yaml").write_text("extends: https://example.com/team.yaml\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["check"])
    assert exit_info.value.code == 2
    assert "is a URL; fplint never fetches rulesets" in capsys.readouterr().err
    assert offline == []


def test_yaml_never_constructs_objects(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "evil.yaml").write_text(f"training_pairs: !!python/object/apply:os.system ['touch {marker}']\n")
    report = fplint.lint_paths([tmp_path / "evil.yaml"])
    assert not marker.exists()
    assert [d.rule for d in report.diagnostics] == ["invalid-json"]


def test_no_plugin_module_is_imported_unless_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sneaky_rules.py").write_text("raise SystemExit('imported')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "d.json").write_text(pairs_file(*valid_conversation(1)))
    fplint.lint_paths([tmp_path / "d.json"])
    assert "sneaky_rules" not in sys.modules


CRASHING_PLUGIN = '''
from fplint import TurnRule

class Crash(TurnRule):
    """Crashes on purpose.

    Why: to test the engine.

    Fails::

        anything

    Passes::

        nothing
    """

    name = "crash"
    code = "ZZ001"

    def check(self, turn):
        raise KeyError("boom")
'''


@pytest.fixture
def crashing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "crash_rules.py").write_text(CRASHING_PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".fplint.yaml").write_text("plugins: [crash_rules]\n")
    (tmp_path / "a.json").write_text(pairs_file(*valid_conversation(1, "fp_alpha_001")))
    (tmp_path / "b.json").write_text(pairs_file(*valid_conversation(1, "fp_bravo_001")))
    return tmp_path


def test_a_crashing_rule_is_reported_per_turn_and_the_run_goes_on(crashing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--output-format", "concise"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 2
    line, column = load(crashing / "a.json").locate("/training_pairs/0")  # where the turn starts
    assert (line, column) != (1, 1)
    assert f"a.json:{line}:{column}: FP000 internal-error rule crash crashed on turn fp_alpha_001_turn1: KeyError: 'boom'" in out
    assert f"b.json:{line}:{column}: FP000 internal-error rule crash crashed on turn fp_bravo_001_turn1" in out
    assert "Traceback" not in out


def test_debug_shows_the_traceback(crashing: Path) -> None:
    with pytest.raises(KeyError, match="boom"):
        main(["check", "--debug"])
