from __future__ import annotations

import inspect
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from reporter_samples import SPACED_PATH, UNICODE_PATH, diagnostic, fixable, realistic

from fplint import __version__
from fplint.check.report import Report
from fplint.model import Severity
from fplint.report import REPORTERS
from fplint.report.links import REPOSITORY
from fplint.report.sarif import SarifReporter, as_sarif, markdown, pascal
from fplint.rules import BUILTIN_RULES
from fplint.rules.indicator_count import IndicatorCount
from fplint.rules.unknown_layout import UnknownLayout


def render(report: Report) -> str:
    out = io.StringIO()
    SarifReporter().render(report, out)
    return out.getvalue()


def sarif(report: Report) -> dict[str, Any]:
    return json.loads(render(report).encode("utf-8"))  # strict UTF-8: no lone surrogates got through


def run(report: Report) -> dict[str, Any]:
    [only] = sarif(report)["runs"]
    return only


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_registered_and_machine_readable() -> None:
    assert REPORTERS["sarif"] is SarifReporter
    assert SarifReporter.human is False


def test_log_and_run_shape(in_tmp: Path) -> None:
    log = sarif(realistic())
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    [only] = log["runs"]
    driver = only["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == ("fplint", __version__, __version__)
    assert driver["informationUri"] == REPOSITORY
    assert only["columnKind"] == "unicodeCodePoints"
    base = only["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == in_tmp.as_uri() + "/"


def test_the_source_root_is_a_directory_uri() -> None:
    assert as_sarif(Report(), root="/")["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///"
    assert as_sarif(Report(), root="/w/a b")["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///w/a%20b/"
    assert next(iter(as_sarif(Report()))) == "version"


def test_one_descriptor_per_rule_that_ran_then_rules_seen_only_in_diagnostics() -> None:
    rules = run(realistic())["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == [r.name for r in BUILTIN_RULES] + ["internal-error", "my-plugin-rule"]
    internal = rules[ids.index("internal-error")]
    assert internal["name"] == "InternalError"
    assert internal["defaultConfiguration"]["level"] == "error"
    assert internal["properties"]["tags"] == ["FP000"]
    assert rules[ids.index("my-plugin-rule")]["properties"]["tags"] == ["turn", "XP001"]
    # docs/rules.md documents the built-in rules only: the others get no link that leads nowhere
    assert "helpUri" not in internal and "helpUri" not in rules[ids.index("my-plugin-rule")]


def test_a_descriptor_documents_the_rule_from_its_docstring() -> None:
    rules = run(Report(rules=(IndicatorCount,)))["tool"]["driver"]["rules"]
    [descriptor] = rules
    doc = inspect.cleandoc(IndicatorCount.__doc__ or "")
    assert descriptor["id"] == "indicator-count"
    assert descriptor["name"] == "IndicatorCount"
    assert descriptor["shortDescription"] == {
        "text": "``emotional_indicators`` has ``min``–``max`` categories (the standard: 4–6), none empty.",
        "markdown": "`emotional_indicators` has `min`–`max` categories (the standard: 4–6), none empty.",
    }
    assert descriptor["fullDescription"]["text"] == doc
    assert descriptor["help"]["text"] == doc
    assert descriptor["helpUri"] == f"{REPOSITORY}/blob/v{__version__}/docs/rules.md#indicator-count"
    assert descriptor["defaultConfiguration"] == {"level": "error"}
    assert descriptor["properties"]["tags"] == ["turn", "FP303"]
    help_markdown = descriptor["help"]["markdown"]
    assert "Fails::" not in help_markdown and "``emotional" not in help_markdown
    assert "`emotional_indicators`" in help_markdown and "```\n" in help_markdown


def test_a_summary_that_wraps_is_one_line() -> None:
    class Wrapped(IndicatorCount):
        """First line of the summary
        and its second line.

        Prose.
        """

    [descriptor] = run(Report(rules=(Wrapped,)))["tool"]["driver"]["rules"]
    assert descriptor["shortDescription"]["text"] == "First line of the summary and its second line."


def test_a_name_that_would_equal_the_id_is_left_out() -> None:
    # The validator's SARIF1001 compares case-insensitively: "Schema" is "schema".
    rules = {r["id"]: r for r in run(realistic())["tool"]["driver"]["rules"]}
    assert "name" not in rules["schema"]
    assert rules["duplicate-key"]["name"] == "DuplicateKey"


@pytest.mark.parametrize(
    "name, expected",
    [("indicator-count", "IndicatorCount"), ("schema", "Schema"), ("a_b-c", "ABC"), ("x2-y", "X2Y")],
)
def test_pascal(name: str, expected: str) -> None:
    assert pascal(name) == expected


def test_markdown_fences_literal_blocks_and_joins_inline_literals_across_lines() -> None:
    text = markdown(inspect.cleandoc(UnknownLayout.__doc__ or ""))
    assert '`{"conversations": [{...,\n"training_pairs": [...]}]}`' in text
    assert 'Fails:\n\n```\n[{"id": "fp_marcus_001_turn1", "turn_number": 1}]\n```' in text
    assert text.endswith("```")


def test_results_point_at_rule_level_message_and_place() -> None:
    results = run(realistic())["results"]
    rules = run(realistic())["tool"]["driver"]["rules"]
    assert [r["ruleId"] for r in results] == [d.rule for d in realistic().diagnostics]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["level"] == "error"
    assert first["message"]["text"] == "80% 5s; the {{standard}} asks for 60–70%, not this"  # SARIF §3.11.5
    [location] = first["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "data/convo%201.json", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 12, "startColumn": 5},
    }
    assert location["logicalLocations"] == [
        {"fullyQualifiedName": "/training_pairs/0/emotional_context/emotional_indicators", "kind": "member"}
    ]
    assert first["properties"] == {"turnId": "t1"}
    assert results[2]["level"] == "warning"


def test_unknown_line_or_column() -> None:
    results = run(realistic())["results"]
    no_column = results[1]["locations"][0]["physicalLocation"]
    assert no_column["region"] == {"startLine": 40}
    no_line = results[3]["locations"][0]["physicalLocation"]
    assert "region" not in no_line


def test_paths_are_percent_encoded_relative_uris() -> None:
    results = run(realistic())["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results[:4]]
    assert [unquote(u) for u in uris] == [SPACED_PATH, SPACED_PATH, UNICODE_PATH, UNICODE_PATH]
    assert all(u.isascii() and " " not in u for u in uris)
    odd = run(Report(diagnostics=[diagnostic(path="a:b,c%d#e?.json")]))["results"][0]
    assert odd["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%3Ab%2Cc%25d%23e%3F.json"


def test_absolute_paths_inside_the_root_are_relative_others_are_file_uris(in_tmp: Path) -> None:
    inside = str(in_tmp / "sub" / "x.json")
    outside = "/elsewhere/dir y/x.json"
    report = Report(diagnostics=[diagnostic(path=inside), diagnostic(path=outside), diagnostic(path="../up.json")])
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run(report)["results"]]
    assert artifacts[0] == {"uri": "sub/x.json", "uriBaseId": "%SRCROOT%"}
    assert artifacts[1] == {"uri": "file:///elsewhere/dir%20y/x.json"}
    assert artifacts[2] == {"uri": (in_tmp.parent / "up.json").as_uri()}


def test_in_memory_documents_have_only_a_logical_location() -> None:
    result = run(realistic())["results"][5]
    assert result["locations"] == [{"logicalLocations": [{"fullyQualifiedName": "/training_pairs/2", "kind": "member"}]}]
    root = run(Report(diagnostics=[diagnostic(path="<memory>", pointer="")]))["results"][0]
    assert "locations" not in root


def test_lone_surrogates_and_control_characters_never_break_the_output() -> None:
    report = Report(diagnostics=[diagnostic(path="data/\udcff\ud800.json", message="x \ud800 y\x00", turn_id="\udfff")])
    result = run(report)["results"][0]
    assert result["message"]["text"] == "x \ufffd y\x00"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "data/%EF%BF%BD%EF%BF%BD.json"
    assert result["properties"]["turnId"] == "\ufffd"


def fingerprint(**overrides: Any) -> str:
    [result] = run(Report(diagnostics=[diagnostic(**overrides)]))["results"]
    value: str = result["partialFingerprints"]["fplint/v1"]
    return value


def test_fingerprints_ignore_lines_and_the_turns_position_but_not_what_was_found() -> None:
    base = fingerprint()
    assert fingerprint(line=99, column=1) == base
    assert fingerprint(pointer="/training_pairs/7/emotional_context/emotional_indicators", turn_pointer="/training_pairs/7") == base
    assert fingerprint(message="another message") != base
    assert fingerprint(rule="emotion-count") != base
    assert fingerprint(turn_id="t2") != base
    assert fingerprint(pointer="/training_pairs/0/emotional_context") != base


def test_fingerprints_of_turns_without_id_fall_back_to_the_turns_place() -> None:
    base = fingerprint(turn_id=None)
    assert fingerprint(turn_id=None, line=3) == base
    assert fingerprint(turn_id=None, pointer="/training_pairs/1/emotional_context/emotional_indicators", turn_pointer="/training_pairs/1") != base
    assert fingerprint(turn_id=None, turn_pointer="/training_pairs/10", pointer="/training_pairs/10/x") != fingerprint(turn_id=None, turn_pointer="/training_pairs/1", pointer="/training_pairs/1/x")


def test_output_is_deterministic() -> None:
    first = render(realistic())
    assert render(realistic()) == first
    changed = realistic()
    changed.elapsed = 99.0
    assert render(changed) == first


def test_empty_report() -> None:
    only = run(Report())
    assert only["results"] == []
    assert only["tool"]["driver"]["rules"] == []
    assert only["invocations"] == [{"executionSuccessful": True}]


def test_notes_and_problems_are_tool_notifications() -> None:
    report = Report(notes=["a {note}"], problems=["missing.json: no such file or directory"])
    [invocation] = run(report)["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"] == [
        {"level": "error", "message": {"text": "missing.json: no such file or directory"}},
        {"level": "note", "message": {"text": "a {{note}}"}},
    ]


def test_an_internal_error_marks_the_run_unsuccessful() -> None:
    [invocation] = run(Report(diagnostics=[diagnostic(rule="internal-error", code="FP000")]))["invocations"]
    assert invocation["executionSuccessful"] is False


def test_level_follows_the_diagnostics_severity_not_the_rules_default() -> None:
    [result] = run(Report(diagnostics=[diagnostic(severity=Severity.WARNING)], rules=(IndicatorCount,)))["results"]
    assert result["level"] == "warning"


def test_the_streamed_log_is_the_log_built_in_memory() -> None:
    for report in (realistic(), Report()):
        assert sarif(report) == as_sarif(report)


def test_without_orjson_the_text_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from fplint.report import sarif as module

    fast = render(realistic())
    monkeypatch.setattr(module, "_orjson", None)
    assert render(realistic()) == fast


def test_a_fix_is_a_sarif_fix_of_byte_replacements() -> None:
    results = run(fixable())["results"]
    assert results[0]["fixes"] == [
        {
            "description": {"text": "set valence to 'negative' — the “nuance” kept"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "data/c.json", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {"deletedRegion": {"byteOffset": 812, "byteLength": 22}, "insertedContent": {"text": '"negative"'}},
                        {"deletedRegion": {"byteOffset": 900, "byteLength": 0}, "insertedContent": {"text": "ü {x}"}},
                    ],
                }
            ],
            "properties": {"applicability": "unsafe"},
        }
    ]
    assert "fixes" not in results[2]


def test_a_split_creates_each_new_file_as_an_insertion() -> None:
    [fix] = run(fixable())["results"][3]["fixes"]
    changes = fix["artifactChanges"]
    assert [c["artifactLocation"]["uri"] for c in changes] == ["data/long.json", "data/long-part1.json", "data/long-part2.json"]
    assert changes[0]["replacements"] == [{"deletedRegion": {"byteOffset": 0, "byteLength": 64000}, "insertedContent": {"text": ""}}]
    assert changes[2]["replacements"] == [{"deletedRegion": {"byteOffset": 0, "byteLength": 0}, "insertedContent": {"text": "{}\n"}}]
