"""The json reporter writes exactly what ``json.dumps(..., indent=2)`` writes, by either encoder,
except that what JSON allows raw but readers split lines at or act on is escaped."""

from __future__ import annotations

import io
import json
import pickle

import pytest
from reporter_samples import UNICODE_PATH, diagnostic, fixable, realistic

from fplint.check.report import Report, TurnPlace
from fplint.fix.edit import Edit, Fix, Replace, Source
from fplint.report import json as json_reporter
from fplint.report.json import JsonReporter, head

AWKWARD = [
    'say "hi"\\now',
    "line\nbreak\ttab\x00nul\x1fend",
    "del \x7f and \u2028 and \u0085",
    "Elena’s “plan” — 4–6 ✓ 日本語",
    "lone \ud800 surrogate",
    "",
]


def render(report: Report) -> str:
    out = io.StringIO()
    JsonReporter().render(report, out)
    return out.getvalue()


def expected(report: Report) -> str:
    whole = {
        **head(report),
        "diagnostics": [d.as_dict() for d in report.diagnostics],
        "turns": [v.as_dict() for v in report.by_turn()],
    }
    text = json.dumps(whole, indent=2, ensure_ascii=False) + "\n"
    for raw in ("\ud800", "\x7f", "\x85", "\u2028"):
        text = text.replace(raw, f"\\u{ord(raw):04x}")
    return text


def awkward_report() -> Report:
    found = [diagnostic(message=m, path=UNICODE_PATH, turn_id=m or None, line=None) for m in AWKWARD]
    return Report(diagnostics=found, files=1, turns=6)


def awkward_turns() -> Report:
    """Turns whose paths and ids are awkward (the per-turn verdicts are written by either encoder)."""
    places = [TurnPlace(m or "x.json", f"/{n}", None if n % 2 else n, m or None) for n, m in enumerate(AWKWARD)]
    return Report(diagnostics=awkward_report().diagnostics, files=1, turns=6, places=places)


@pytest.mark.parametrize("make", [awkward_report, awkward_turns, realistic, fixable, Report])
def test_output_is_the_standard_librarys_indented_json(make) -> None:  # type: ignore[no-untyped-def]
    assert render(make()) == expected(make())


@pytest.mark.parametrize("make", [awkward_report, awkward_turns, realistic, fixable])
def test_without_orjson_the_output_is_the_same(make, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(json_reporter, "_orjson", None)
    assert render(make()) == expected(make())


def test_escaping_keeps_the_value_and_leaves_no_raw_line_breaks() -> None:
    text = render(awkward_report())
    assert json.loads(text)["diagnostics"][2]["message"] == AWKWARD[2]
    assert text.splitlines() == text.split("\n")[:-1]


def test_a_fix_is_published_with_byte_offsets_and_applicability() -> None:
    data = json.loads(render(fixable()))
    assert data["diagnostics"][0]["fix"] == {
        "applicability": "unsafe",
        "message": "set valence to 'negative' — the “nuance” kept",
        "edits": [{"start": 812, "end": 834, "content": '"negative"'}, {"start": 900, "end": 900, "content": "ü {x}"}],
    }
    assert "fix" not in data["diagnostics"][2]
    assert data["diagnostics"][3]["fix"]["files"] == [
        {"path": "data/long-part1.json", "content": '{"training_pairs": []}\n'},
        {"path": "data/long-part2.json", "content": "{}\n"},
    ]


def test_turns_list_each_checked_turn_with_its_counts() -> None:
    data = json.loads(render(fixable()))
    assert data["summary"]["clean_turns"] == 2
    assert [(t["pointer"], t["errors"], t["warnings"], t["clean"]) for t in data["turns"]] == [
        ("/training_pairs/0", 2, 0, False),
        ("/training_pairs/1", 0, 1, False),
        ("/training_pairs/2", 0, 0, True),
        ("/training_pairs/0", 0, 0, True),  # the file-level finding is charged to no turn
    ]
    assert list(data["turns"][1]) == ["path", "pointer", "line", "turn_id", "errors", "warnings", "clean"]


def test_the_fast_encoder_is_installed_for_the_test_suite() -> None:
    assert json_reporter._orjson is not None, "pip install -e '.[test]' installs orjson"


def test_a_diagnostic_survives_pickling_whole() -> None:
    # diagnostics cross from worker processes and through the spool's spill file
    for d in [*awkward_report().diagnostics, *realistic().diagnostics, diagnostic(related=("b.json",))]:
        assert pickle.loads(pickle.dumps(d)) == d


def test_a_fix_survives_pickling_whole() -> None:
    # edits, a replacement, new files: every field through Fix.__reduce__
    fixes = [d.fix for d in fixable().diagnostics if d.fix is not None]
    fixes.append(Fix.unsafe("set it from the other file", Replace("/a", Source("b.json", "/x")), Edit(1, 2, "y")))
    assert len(fixes) == 4 and [pickle.loads(pickle.dumps(f)) for f in fixes] == fixes


def test_a_duplicated_turn_counts_against_its_copy_the_distribution_against_none(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from factory import pairs_file, valid_conversation

    import fplint

    turns = valid_conversation(3)
    write("a.json", pairs_file(*turns))
    write("b.json", pairs_file(turns[2]))
    verdicts = [(v.path.rsplit("/", 1)[-1], v.pointer, v.errors) for v in fplint.lint_paths([tmp_path]).by_turn()]
    assert verdicts == [("a.json", f"/training_pairs/{i}", 0) for i in range(3)] + [("b.json", "/training_pairs/0", 1)]
    many = [t for i in range(7) for t in valid_conversation(3, f"fp_marcus_9{i:02d}")]  # 21 turns, every score a 5
    write("c.jsonl", "\n".join(json.dumps(t) for t in many))
    report = fplint.lint_paths([tmp_path / "c.jsonl"])
    assert [d.rule for d in report.diagnostics] == ["quality-distribution"] and report.clean_turns == 21
