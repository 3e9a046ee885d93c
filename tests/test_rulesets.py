"""The shipped rulesets: default is the seed's standard, strict extends it."""

from __future__ import annotations

from fplint.check.registry import builtin_rules
from fplint.config import load_config, read_file, ruleset_path
from fplint.model import Severity
from fplint.resources import rulesets_dir


def test_the_default_ruleset_lists_every_builtin_rule() -> None:
    listed = read_file(rulesets_dir() / "default.yaml")["rules"]
    assert set(listed) == {r.name for r in builtin_rules()}


def test_the_default_ruleset_states_the_declared_defaults() -> None:
    listed = read_file(rulesets_dir() / "default.yaml")["rules"]
    for rule in builtin_rules():
        entry = listed[rule.name]
        entry = {"severity": entry} if isinstance(entry, str) else entry
        assert entry["severity"] in (rule.severity.value, "off"), rule.name
        assert {k: v for k, v in entry.items() if k != "severity"} == {k: o.default for k, o in rule.options.items()}, rule.name


def test_strict_makes_every_warning_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".fplint.yaml").write_text("extends: strict\n")
    config = load_config(tmp_path / ".fplint.yaml")
    assert all(s.severity is Severity.ERROR for s in config.rules.values())


def test_a_rule_off_by_default_is_on_in_strict(tmp_path) -> None:  # type: ignore[no-untyped-def]
    listed = read_file(rulesets_dir() / "default.yaml")["rules"]
    off = {name for name, entry in listed.items() if entry == "off" or (isinstance(entry, dict) and entry["severity"] == "off")}
    assert "tactics-reflected" in off
    (tmp_path / ".fplint.yaml").write_text("extends: strict\n")
    config = load_config(tmp_path / ".fplint.yaml")
    assert all(config.rules[name].severity is Severity.ERROR for name in off)


def test_shipped_rulesets_are_found_by_name() -> None:
    assert ruleset_path("strict", rulesets_dir()).name == "strict.yaml"
