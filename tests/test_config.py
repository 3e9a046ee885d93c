from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from factory import edit, pairs_file, valid_turn
from hypothesis import given
from hypothesis import strategies as st

from fplint.cli import cli, main
from fplint.config import ConfigError, find_config, load_config, relative
from fplint.model import Severity

THREE_CATEGORIES = {"a": ["I keep opening"], "b": ["my savings app"], "c": ["closing it again"]}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dataset whose only defect is 3 indicator categories (the standard asks 4–6)."""
    data = tmp_path / "data"
    data.mkdir()
    turn = edit(valid_turn(), {"/emotional_context/emotional_indicators": THREE_CATEGORIES})
    (data / "convo.json").write_text(pairs_file(turn))
    monkeypatch.chdir(data)
    return tmp_path


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--output-format", "concise", *args], catch_exceptions=False)
    return result.exit_code, result.output


def fail(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err


def test_the_standard_fails_the_dataset(project: Path) -> None:
    code, output = check()
    assert code == 1 and "FP303 indicator-count 3 indicator categories" in output


def test_two_lines_of_yaml_relax_4_to_6_into_3_to_8(project: Path) -> None:
    (project / ".fplint.yaml").write_text("rules:\n  indicator-count: {min: 3, max: 8}\n")
    assert check()[0] == 0


def test_yaml_downgrades_a_rule_to_a_warning(project: Path) -> None:
    (project / ".fplint.yaml").write_text("rules:\n  indicator-count: warning\n")
    code, output = check()
    assert code == 0 and "FP303 indicator-count [warning]" in output
    assert check("--fail-on", "warning")[0] == 1


def test_pyproject_turns_a_rule_off(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.fplint.rules.indicator-count]\nseverity = "off"\n')
    assert check()[0] == 0


def test_pyproject_ignore_by_code(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.fplint]\nignore = ["FP303"]\n')
    assert check()[0] == 0


def test_a_pyproject_without_a_fplint_table_is_skipped(project: Path) -> None:
    (project / "data" / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    (project / ".fplint.yaml").write_text("rules:\n  indicator-count: {min: 3}\n")
    assert find_config() == project / ".fplint.yaml"
    assert check()[0] == 0


def test_explicit_config_and_isolated(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "relaxed.yaml"
    other.write_text("rules:\n  indicator-count: {min: 3}\n")
    (project / ".fplint.yaml").write_text("rules:\n  indicator-count: {min: 5}\n")
    assert check("--config", str(other))[0] == 0
    (project / ".fplint.yaml").write_text("rules:\n  indicator-count: {min: 3}\n")
    assert check("--isolated")[0] == 1


@pytest.mark.parametrize(
    "content, message",
    [
        ("rulez: {}\n", "rulez: unknown key (did you mean 'rules'?)"),
        ("rules:\n  indicator-cnt: {min: 3}\n", "rules.indicator-cnt: unknown rule (did you mean 'indicator-count'?)"),
        ("rules:\n  indicator-count: {minimum: 3}\n", "rules.indicator-count.minimum: unknown option"),
        ("rules:\n  indicator-count: {min: three}\n", "rules.indicator-count.min: expected an integer, got 'three'"),
        ("rules:\n  indicator-count: {min: -1}\n", "rules.indicator-count.min: must be at least 0, got -1"),
        ("rules:\n  indicator-count: fatal\n", "rules.indicator-count.severity: expected error, warning or off, got 'fatal'"),
        ("select: [FP9999]\n", "select: 'FP9999' matches no rule name or code"),
        ("extends: lenient\n", "extends: no shipped ruleset named 'lenient' (known: default, strict)"),
        ("extends: https://example.com/rules.yaml\n", "extends: 'https://example.com/rules.yaml' is a URL; fplint never fetches rulesets"),
        ("extends: ./missing.yaml\n", "extends: ruleset file './missing.yaml' not found"),
        ("fail-on: sometimes\n", "fail-on: expected error or warning, got 'sometimes'"),
        ("rules:\n  placeholder: {patterns: ['(unclosed']}\n", "rules.placeholder.patterns: '(unclosed' is not a valid regular expression"),
        ("rules:\n  tactics-reflected: {traces: ['tax']}\n", "rules.tactics-reflected.traces: 'tax' is not two patterns joined by '=>'"),
        ("rules:\n  tactics-reflected: {traces: ['(tax => b)']}\n", "rules.tactics-reflected.traces: '(tax' is not a valid regular expression"),
        ("rules: [1, 2]\n", "rules: expected a mapping of rule names to settings"),
        ("rules:\n  schema: error\n  schema: warning\n", "schema: appears twice (lines 2 and 3)"),
        ("rules: {\n", "file: line 2: invalid YAML"),
        ("rules:\n  emotion-count: {min: 8, max: 3}\n", "rules.emotion-count: min (8) is greater than max (3)"),
        ("rules:\n  emotion-count: {max: 1}\n", "rules.emotion-count: min (2) is greater than max (1)"),  # the default min
        ("rules:\n  strategy-counts: {tactics-min: 9}\n", "rules.strategy-counts: tactics-min (9) is greater than tactics-max (8)"),
        ("rules:\n  emotion-confidence: {min: 0.9, max: 0.6}\n", "rules.emotion-confidence: min (0.9) is greater than max (0.6)"),
        ("rules:\n  emotion-confidence: {min: .nan}\n", "rules.emotion-confidence.min: expected a finite number, got nan"),  # passes every test
        ("rules:\n  emotion-confidence: {max: .inf}\n", "rules.emotion-confidence.max: expected a finite number, got inf"),
    ],
)
def test_config_errors_are_one_line_exit_2_naming_the_key(project: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    (project / ".fplint.yaml").write_text(content)
    err = fail(capsys)
    assert err.startswith(f"fplint: error: {project / '.fplint.yaml'}: ")
    assert message in err


def test_a_broken_pyproject_is_one_line_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text("[tool.fplint\n")
    assert "invalid TOML" in fail(capsys)


def test_extends_a_file_relative_to_the_config(project: Path) -> None:
    (project / "team").mkdir()
    (project / "team" / "base.yaml").write_text("extends: default\nrules:\n  indicator-count: {min: 3}\n")
    (project / ".fplint.yaml").write_text("extends: team/base.yaml\nrules:\n  skills-count: {max: 7}\n")
    config = load_config(project / ".fplint.yaml")
    assert config.rules["indicator-count"].options["min"] == 3
    assert config.rules["skills-count"].options["max"] == 7
    assert config.rules["indicator-count"].options["max"] == 6


def test_extends_cycle_is_an_error(project: Path) -> None:
    (project / "a.yaml").write_text("extends: b.yaml\n")
    (project / "b.yaml").write_text("extends: a.yaml\n")
    (project / ".fplint.yaml").write_text("extends: a.yaml\n")
    with pytest.raises(ConfigError, match="extends itself"):
        load_config(project / ".fplint.yaml")


@pytest.mark.parametrize(
    "selection, enabled",
    [
        ({"select": ["indicator-count"]}, {"indicator-count"}),
        ({"select": ["FP30"]}, {"emotion-count", "emotion-confidence", "indicator-count", "indicator-grounded", "progression-required", "progression-consistent", "needs-hierarchy", "behavioral-assessment", "valence"}),
        ({"select": ["FP1"], "ignore": ["invalid-json", "FP105"]}, {"unknown-layout", "duplicate-key", "file-too-long", "format-version"}),
        ({"select": ["schema"], "extend-select": ["FP801"]}, {"schema", "quality-distribution"}),
    ],
)
def test_select_ignore_extend_select_by_name_code_and_prefix(selection: dict, enabled: set[str]) -> None:
    assert set(load_config(overrides=selection, discover=False).enabled()) == enabled


def test_extend_select_turns_an_off_rule_back_on(tmp_path: Path) -> None:
    (tmp_path / ".fplint.yaml").write_text("rules:\n  valence: off\nextend-select: [valence]\n")
    assert load_config(tmp_path / ".fplint.yaml").rules["valence"].severity is Severity.ERROR


def test_per_file_ignores(project: Path) -> None:
    (project / ".fplint.yaml").write_text("per-file-ignores:\n  'data/convo*.json': [FP303]\n")
    assert check()[0] == 0
    (project / ".fplint.yaml").write_text("per-file-ignores:\n  'other/**': [FP303]\n")
    assert check()[0] == 1


def test_include_and_exclude(project: Path) -> None:
    (project / "data" / "notes.json").write_text('{"not": "a dataset"}')
    (project / ".fplint.yaml").write_text("exclude: ['notes.json']\nrules:\n  indicator-count: {min: 3}\n")
    code, output = check()
    assert code == 0 and "1 file" in output
    (project / ".fplint.yaml").write_text("include: ['data/convo*']\nrules:\n  indicator-count: {min: 3}\n")
    assert check()[0] == 0


def test_cli_flags_add_to_the_config(project: Path) -> None:
    (project / ".fplint.yaml").write_text("ignore: [valence]\n")
    assert check("--ignore", "indicator-count")[0] == 0
    assert check("--select", "FP3", "--ignore", "FP303")[0] == 0


def test_an_empty_range_is_found_from_option_names_alone(tmp_path: Path) -> None:
    from fplint.config import _Builder
    from fplint.model import Finding, Turn
    from fplint.rule import Option, TurnRule

    class Band(TurnRule):
        """A plugin rule with ranges named three ways."""

        name, code = "band", "EX001"
        options = {
            "min-words": Option(int, 1, "fewest words"),
            "max-words": Option(int, 9, "most words"),
            "score-min": Option(float, 0.0, "lowest score"),
            "score-max": Option(float, 1.0, "highest score"),
        }

        def check(self, turn: Turn) -> list[Finding]:
            return []

    builder = _Builder([Band])
    builder.apply_rules({"band": {"min-words": 3, "max-words": 3, "score-min": 0.5}}, "team.yaml")  # equal ends pass
    with pytest.raises(ConfigError, match=r"team.yaml: rules.band: min-words \(4\) is greater than max-words \(3\)"):
        builder.apply_rules({"band": {"min-words": 4}}, "team.yaml")
    with pytest.raises(ConfigError, match=r"rules.band: score-min \(2\) is greater than score-max \(1.0\)"):
        builder.apply_rules({"band": {"score-min": 2}}, "team.yaml")
@pytest.mark.parametrize(
    "toml, words",
    [
        ("[tool.fplint]\nfail-on = " + "9" * 5000 + "\n", "invalid TOML: a number too large to read"),
        ("[tool.fplint]\nfail-on = 0x" + "f" * 5000 + "\n", "fail-on: the number is too large (an integer of about 6,020 digits)"),
        ("[tool.fplint.rules.indicator-count]\nmax = 0x" + "f" * 40 + "\n", "rules.indicator-count.max: the number is too large"),
        ("[tool.fplint]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n", "invalid TOML: nesting is too deep to read"),
        ("[tool.fplint]\nx = " + "{a=" * 100_000 + "1" + "}" * 100_000 + "\n", "invalid TOML: nesting is too deep to read"),
        ("[tool.fplint]\nx" + ".y" * 100_000 + " = 1\n", "line 2: a dotted key of over 100 parts"),
        ("[tool" + ".y" * 100_000 + "]\n", "line 1: a dotted key of over 100 parts"),
        ("[tool.fplint]\nx = {a" + ".y" * 100_000 + " = 1}\n", "a dotted key of over 100 parts"),
    ],
)
def test_hostile_toml_is_one_config_line_naming_the_file(project: Path, capsys: pytest.CaptureFixture[str], toml: str, words: str) -> None:
    (project / "pyproject.toml").write_text(toml)
    err = fail(capsys)
    assert str(project / "pyproject.toml") in err and words in err and len(err) < 3000


def test_a_long_dotted_key_within_the_budget_is_read(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.other]\nx" + ".y" * 50 + " = 1\n[tool.fplint]\nfail-on = 'warning'\n")
    assert load_config(project / "pyproject.toml").fail_on is Severity.WARNING


@pytest.mark.parametrize(
    "yaml, words",
    [
        ("fail-on: " + "9" * 5000 + "\n", "line 1: a number of 5,000 characters is too large to read"),
        ("fail-on: 0x" + "f" * 500 + "\n", "fail-on: the number is too large"),
        ("fail-on: " + "x" * 1_000_000 + "\n", "fail-on: expected error or warning, got 'xxxxx"),
        ("? " + "x" * 1_000_000 + "\n: 1\n", "xxxx…: unknown key"),
        ("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 12)), "alias bomb"),
        ("fail-on: 2024-13-45\n", "fail-on: expected error or warning, got '2024-13-45'"),
    ],
)
def test_hostile_yaml_config_is_one_short_line(project: Path, capsys: pytest.CaptureFixture[str], yaml: str, words: str) -> None:
    (project / ".fplint.yaml").write_text(yaml)
    err = fail(capsys)
    assert words in err and len(err) < 3000


def test_an_extends_symlink_loop_is_one_line_naming_the_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    os.symlink(project / "b.yaml", project / "a.yaml")
    os.symlink(project / "a.yaml", project / "b.yaml")
    (project / ".fplint.yaml").write_text("extends: a.yaml\n")
    err = fail(capsys)
    assert str(project / ".fplint.yaml") in err and "'a.yaml' cannot be found (a symbolic link loop?)" in err


def test_an_endless_chain_of_rulesets_is_cut(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(100):
        (project / f"r{i}.yaml").write_text(f"extends: r{i + 1}.yaml\n")
    (project / "r100.yaml").write_text("rules: {}\n")
    (project / ".fplint.yaml").write_text("extends: r0.yaml\n")
    assert "more than 32 rulesets extend one another" in fail(capsys)


def test_a_config_over_the_config_size_budget_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fplint.read import files

    (project / ".fplint.yaml").write_text("# " + "x" * files.MAX_CONFIG_SIZE + "\n")
    assert "it holds 1.0 MB, over the 1 MB fplint reads from a config or ruleset file" in fail(capsys)


def _relative_by_pathlib(path: str, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


names = st.lists(st.sampled_from(["", ".", "..", "a", "ab", "b", "data", "x.json"]), max_size=5).map("/".join)


@pytest.mark.parametrize(
    ("path", "root"),
    [("//data/x.json", "/"), ("/data/x.json", "//"), ("//a/b", "//a"), ("/", "/"), ("/a/b/", "/a/"), ("a", "rel")],
)
def test_an_edge_of_relative_is_what_pathlib_says(path: str, root: str) -> None:
    assert relative(path, Path(root)) == _relative_by_pathlib(path, Path(root))


@given(names, names, st.booleans(), st.booleans())
def test_a_path_relative_to_the_root_is_what_pathlib_says(path: str, root: str, path_abs: bool, root_abs: bool) -> None:
    path = ("/" if path_abs else "") + path
    base = Path(("/" if root_abs else "") + root)
    assert relative(path, base) == _relative_by_pathlib(path, base)
