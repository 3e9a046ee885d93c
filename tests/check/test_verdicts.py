"""Per-turn verdicts: Report.by_turn, clean_turns, and the summary's 'N of M turns clean'."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import edit, pairs_file, valid_conversation, valid_turn
from helpers import lint

from fplint.check import spool as spools

QUALITY = "/training_metadata/quality_score"
VARIATIONS = "/training_metadata/generate_variations_count"


@pytest.fixture
def dataset(write) -> list[Path]:  # type: ignore[no-untyped-def]
    """Two files: turn 2 of the first has one error; the second file's turn 3 has a history finding."""
    one, two, three = valid_conversation(3)
    first = write("a.json", pairs_file(one, edit(two, {VARIATIONS: 40})))
    second = write("b.json", pairs_file(edit(three, {"/conversation_history/0/content": "Something else."})))
    clean = write("c.json", pairs_file(*valid_conversation(2, "fp_jenny_902")))
    return [first, second, clean]


def test_every_checked_turn_in_reading_order_with_its_own_findings(dataset: list[Path]) -> None:
    verdicts = list(lint(dataset).by_turn())
    assert [(Path(v.path).name, v.pointer, v.turn_id, v.errors, v.warnings, v.clean) for v in verdicts] == [
        ("a.json", "/training_pairs/0", "fp_marcus_901_turn1", 0, 0, True),
        ("a.json", "/training_pairs/1", "fp_marcus_901_turn2", 1, 0, False),
        ("b.json", "/training_pairs/0", "fp_marcus_901_turn3", 1, 0, False),
        ("c.json", "/training_pairs/0", "fp_jenny_902_turn1", 0, 0, True),
        ("c.json", "/training_pairs/1", "fp_jenny_902_turn2", 0, 0, True),
    ]
    assert [d.rule for d in verdicts[1].diagnostics] == ["variations-count"]
    assert [d.rule for d in verdicts[2].diagnostics] == ["history-consistent"]  # a conversation rule's, charged to its turn
    starts = [n for n, line in enumerate(dataset[0].read_text().splitlines(), 1) if line == "    {"]
    assert [v.line for v in verdicts[:2]] == starts == [3, starts[1]]


def test_counts_alone_read_no_diagnostics_and_agree(dataset: list[Path]) -> None:
    report = lint(dataset)
    assert [v.as_dict() for v in report.by_turn(diagnostics=False)] == [v.as_dict() for v in report.by_turn()]
    assert report.clean_turns == 3


def test_whole_file_and_dataset_findings_are_charged_to_no_turn(write) -> None:  # type: ignore[no-untyped-def]
    many = [edit(valid_turn(1, f"fp_marcus_9{i:02d}"), {QUALITY: 3}) for i in range(20)]  # 20 conversations, each its own
    path = write("d.json", pairs_file(*many).replace("{", '{"notes": 1, ', 1))
    report = lint([path])
    rules = {d.rule for d in report.diagnostics}
    assert {"quality-distribution", "file-schema"} <= rules, rules
    assert report.clean_turns == 20 and all(v.clean for v in report.by_turn())


def test_a_spilled_spool_gives_the_same_verdicts(dataset: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [v.as_dict() for v in lint(dataset).by_turn()]
    monkeypatch.setattr(spools, "MEMORY_LIMIT", 0)
    assert [v.as_dict() for v in lint(dataset).by_turn()] == expected


def test_the_summary_says_how_many_turns_are_clean(dataset: list[Path]) -> None:
    from click.testing import CliRunner

    from fplint.cli import cli

    output = CliRunner().invoke(cli, ["check", "--output-format", "concise", *map(str, dataset)]).output
    assert output.splitlines()[-2].endswith("; 3 of 5 turns clean.")


def test_full_output_groups_findings_under_each_turn(dataset: list[Path]) -> None:
    from click.testing import CliRunner

    from fplint.cli import cli

    output = CliRunner().invoke(cli, ["check", "--output-format", "full", *map(str, dataset)]).output
    headers = [line for line in output.splitlines() if line.startswith("──")]
    assert headers == [
        f"── turn fp_marcus_901_turn2 ({dataset[0]}:{verdict_line(dataset[0])}): 1 error",
        f"── turn fp_marcus_901_turn3 ({dataset[1]}:3): 1 error",
    ]


def verdict_line(path: Path) -> int:
    return next(v.line for v in lint([path]).by_turn() if v.pointer.endswith("/1"))
