from __future__ import annotations

from pathlib import Path

from factory import edit, pairs_file, valid_conversation, valid_turn

import fplint


def test_lint_paths_returns_a_typed_report(write) -> None:  # type: ignore[no-untyped-def]
    path = write("d.json", pairs_file(*valid_conversation(2)))
    report = fplint.lint_paths([path])
    assert isinstance(report, fplint.Report)
    assert report.ok and (report.files, report.turns, report.errors, report.warnings) == (1, 2, 0, 0)


def test_lint_paths_never_raises_on_bad_input(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_bytes(b"\xff\x00garbage")
    report = fplint.lint_paths([tmp_path / "bad.json", tmp_path / "missing.json"])
    assert not report.ok
    assert [d.rule for d in report.diagnostics] == ["invalid-json"]
    assert report.problems == [f"{tmp_path / 'missing.json'}: no such file or directory"]


def test_lint_document_checks_a_parsed_document_without_positions() -> None:
    document = {"training_pairs": [valid_turn(1), valid_turn(3)]}
    [diagnostic] = fplint.lint_document(document).diagnostics
    assert (diagnostic.rule, diagnostic.pointer, diagnostic.line) == ("turn-sequence", "/training_pairs/1/turn_number", None)


def test_lint_turn_checks_one_turn_dict() -> None:
    [diagnostic] = fplint.lint_turn(edit(valid_turn(), {"/emotional_context/detected_emotions/intensity": 2}))
    assert isinstance(diagnostic, fplint.Diagnostic)
    assert (diagnostic.rule, diagnostic.code, diagnostic.severity) == ("schema", "FP201", fplint.Severity.ERROR)
    assert diagnostic.pointer == "/emotional_context/detected_emotions/intensity"


def test_a_config_object_changes_the_rules(write) -> None:  # type: ignore[no-untyped-def]
    config = write(".fplint.yaml", "rules:\n  indicator-count: {min: 5}\n")
    loaded = fplint.load_config(config)
    [diagnostic] = fplint.lint_turn(valid_turn(), loaded)
    assert diagnostic.rule == "indicator-count"


def test_a_crashing_rule_is_reported_and_the_rest_runs() -> None:
    class Crashes(fplint.TurnRule):
        """Always crashes."""

        name = "crashes"
        code = "XX001"

        def check(self, turn: fplint.Turn):  # type: ignore[no-untyped-def]
            raise ZeroDivisionError("boom")

    from fplint.check.engine import Engine
    from fplint.rules.emotion_count import EmotionCount

    engine = Engine([Crashes(), EmotionCount()], {})
    diagnostics = engine.check_turn(fplint.Turn(edit(valid_turn(), {"/emotional_context/detected_emotions/secondary": ""})))
    assert [d.rule for d in diagnostics] == ["internal-error", "emotion-count"]
    assert diagnostics[0].message.startswith("rule crashes crashed on turn fp_marcus_901_turn1: ZeroDivisionError: boom")


def test_the_package_is_typed() -> None:
    assert (Path(fplint.__file__).parent / "py.typed").is_file()
