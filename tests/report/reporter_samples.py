"""Reports built by hand for the reporter tests: every awkward case a reporter has to carry."""

from __future__ import annotations

from typing import Any

from fplint.check.report import Report, TurnPlace
from fplint.fix.edit import Edit, Fix, NewFile
from fplint.model import Diagnostic, Scope, Severity
from fplint.rules import BUILTIN_RULES

UNICODE_PATH = "data/ünïcødé/日本語 turn.json"
SPACED_PATH = "data/convo 1.json"


def diagnostic(**overrides: Any) -> Diagnostic:
    """An indicator-count error in ``data/a.json`` at 12:5, turn ``t1``, changed by ``overrides``."""
    fields: dict[str, Any] = {
        "path": "data/a.json",
        "line": 12,
        "column": 5,
        "pointer": "/training_pairs/0/emotional_context/emotional_indicators",
        "turn_id": "t1",
        "rule": "indicator-count",
        "code": "FP303",
        "severity": Severity.ERROR,
        "message": "3 indicator categories; the standard asks for 4–6: add categories the message shows",
        "scope": Scope.TURN,
        "turn_pointer": "/training_pairs/0",
    }
    fields.update(overrides)
    return Diagnostic(**fields)


def realistic() -> Report:
    """Several rules, errors and warnings, no line, no column, odd paths and odd messages."""
    diagnostics = [
        diagnostic(path=SPACED_PATH, message="80% 5s; the {standard} asks for 60–70%, not this"),
        diagnostic(
            path=SPACED_PATH,
            line=40,
            column=None,
            pointer="/training_pairs/1",
            turn_id="t2",
            turn_pointer="/training_pairs/1",
            rule="internal-error",
            code="FP000",
            message="rule indicator-count crashed: RuntimeError: boom",
            scope=Scope.FILE,
        ),
        diagnostic(
            path=UNICODE_PATH,
            line=3,
            column=7,
            pointer="/training_pairs/0/emotional_context/detected_emotions",
            rule="emotion-count",
            code="FP301",
            severity=Severity.WARNING,
            message="1 emotion detected (primary); the standard asks for 2–3",
        ),
        diagnostic(
            path=UNICODE_PATH,
            line=None,
            column=None,
            pointer="/training_pairs/1/id",
            turn_id="t2",
            turn_pointer="/training_pairs/1",
            rule="schema",
            code="FP201",
            message="bad \ud800 value\r\nsecond line, with: a colon and a comma",
        ),
        diagnostic(
            path="data/b.json",
            line=1,
            column=1,
            pointer="",
            turn_id=None,
            turn_pointer=None,
            rule="quality-distribution",
            code="FP801",
            severity=Severity.WARNING,
            message="quality scores across 55 turns look inflated",
            scope=Scope.DATASET,
        ),
        diagnostic(
            path="<memory>",
            line=None,
            column=None,
            pointer="/training_pairs/2",
            turn_id="t3",
            turn_pointer="/training_pairs/2",
            rule="duplicate-turn",
            code="FP703",
            message="the same turn as t1",
            scope=Scope.DATASET,
        ),
        diagnostic(
            path="data/c.json",
            rule="my-plugin-rule",
            code="XP001",
            severity=Severity.WARNING,
            message="a plugin rule that is not listed in Report.rules",
        ),
    ]
    return Report(
        diagnostics=diagnostics,
        files=6,
        turns=40,
        notes=["quality-distribution: 55 turns, 80% 5s"],
        elapsed=0.25,
        rules=BUILTIN_RULES,
    )


def fixable() -> Report:
    """Findings with fixes (safe, unsafe, a split into new files) and the turns they are in."""
    diagnostics = [
        diagnostic(path="data/c.json", line=30, rule="valence", code="FP309", message="valence is 'négatif_but_calmer'",
                   fix=Fix.unsafe("set valence to 'negative' — the “nuance” kept", Edit(812, 834, '"negative"'), Edit(900, 900, "ü {x}"))),
        diagnostic(path="data/c.json", line=35, rule="sentence-count", code="FP502", message="total_sentences is 3 but 4 sentences are analysed",
                   fix=Fix.safe("set total_sentences to 4", Edit(950, 951, "4"))),
        diagnostic(path="data/c.json", line=90, pointer="/training_pairs/1/id", turn_id="t9", turn_pointer="/training_pairs/1", severity=Severity.WARNING),
        diagnostic(path="data/long.json", line=1501, column=1, pointer="", turn_id=None, turn_pointer=None, rule="file-too-long", code="FP104",
                   message="the file has 1,600 lines", scope=Scope.FILE,
                   fix=Fix(Fix.unsafe("x").applicability, "split into 2 files", (Edit(0, 64000, ""),), (), (NewFile("data/long-part1.json", '{"training_pairs": []}\n'), NewFile("data/long-part2.json", "{}\n")))),
    ]
    places = [
        TurnPlace("data/c.json", "/training_pairs/0", 8, "t1"),
        TurnPlace("data/c.json", "/training_pairs/1", 80, "t9 \u2028 odd"),
        TurnPlace("data/c.json", "/training_pairs/2", 120, None),
        TurnPlace("data/long.json", "/training_pairs/0", 3, "t20"),
    ]
    return Report(diagnostics=diagnostics, files=2, turns=4, rules=BUILTIN_RULES, places=places)
