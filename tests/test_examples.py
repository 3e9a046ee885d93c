from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from helpers import lint, rules_fired

from fplint.config import load_config
from fplint.model import Severity

EXAMPLES = ROOT / "examples"
BROKEN = sorted((EXAMPLES / "broken").iterdir())


def test_the_valid_examples_pass_with_zero_findings() -> None:
    report = lint([EXAMPLES / "valid"])
    assert report.diagnostics == []
    assert report.files >= 2 and report.turns >= 6


def test_the_valid_examples_hold_at_least_two_conversations() -> None:
    from fplint.read.loader import load

    ids = {t.conversation_id for p in (EXAMPLES / "valid").iterdir() for t in load(p).turns}
    assert len(ids) >= 2


#: Rules that rightly fire beside the one an example is named for: the quality distribution
#: needs 20 scored turns, and the example makes them by copying its two conversations.
ALSO = {"quality-distribution": {"near-duplicate"}, "strategy-diversity": {"near-duplicate"}}
#: Rules off in the default ruleset and on in strict: their examples are checked with strict.
STRICT_ONLY = {"tactics-reflected"}


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_each_broken_example_fails_for_the_reason_its_name_says(path: Path, tmp_path: Path) -> None:
    name = path.name.split(".")[0]
    if name in STRICT_ONLY:
        (tmp_path / "strict.yaml").write_text("extends: strict\n")
        report = lint([path], load_config(tmp_path / "strict.yaml"))
        assert rules_fired(report) == {name}
        assert rules_fired(lint([path])) == set()  # off by default
        return
    report = lint([path])
    assert rules_fired(report) == {name} | ALSO.get(name, set())
    assert report.exit_code(Severity.WARNING) == 1


def test_every_rule_has_a_broken_example() -> None:
    from fplint.check.registry import builtin_rules

    # unreadable-file needs a dangling link, which a repository should not ship; its tests make one
    expected = {r.name for r in builtin_rules()} - {"unreadable-file"}
    assert expected <= {p.name.split(".")[0] for p in BROKEN}


def test_the_broken_examples_are_what_the_generator_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_broken", EXAMPLES / "make_broken.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    monkeypatch.setattr(module, "BROKEN", tmp_path / "broken")
    module.main()
    written = {p.relative_to(tmp_path / "broken"): p.read_bytes() for p in (tmp_path / "broken").rglob("*") if p.is_file()}
    committed = {p.relative_to(EXAMPLES / "broken"): p.read_bytes() for p in (EXAMPLES / "broken").rglob("*") if p.is_file()}
    assert written == committed, "run: python examples/make_broken.py"
