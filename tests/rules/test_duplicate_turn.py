from __future__ import annotations

from pathlib import Path

import pytest
from factory import edit, pairs_file, valid_conversation, valid_turn
from helpers import lint, messages, run_rule

from fplint.check.cache import Cache
from fplint.check.engine import Engine
from fplint.check.run import lint_files
from fplint.config import load_config
from fplint.rules.duplicate_turn import DuplicateTurn, later_version

ONE = "turn id 'fp_marcus_901_turn1' appears 2 times, identical copies: here and at /training_pairs/0 of this file; keep the copy at /training_pairs/0 of this file (the first) and remove this one"


@pytest.mark.parametrize(
    "subject, expected",
    [
        ([valid_turn(1), valid_turn(2)], []),
        ([valid_turn(1), valid_turn(1)], [ONE]),
        ([valid_turn(1), edit(valid_turn(1), {"/target_response": "Other."})], ["turn id 'fp_marcus_901_turn1' appears 2 times, not all the same: here and at /training_pairs/0 of this file; this one differs from the copy at /training_pairs/0 of this file: give it its own id, or keep one of them"]),
        ([edit(valid_turn(1), {"/id": 7}), edit(valid_turn(2), {"/id": 7})], []),
    ],
)
def test_duplicate_turn(subject: list[dict], expected: list[str]) -> None:
    assert messages(DuplicateTurn, subject) == expected


def test_each_copy_to_remove_is_reported_once_naming_every_copy() -> None:
    found = run_rule(DuplicateTurn, [valid_turn(1)] * 3)
    assert [f.ref.pointer for f in found] == ["/training_pairs/1", "/training_pairs/2"]
    assert "appears 3 times, identical copies: here, at /training_pairs/0 of this file and at /training_pairs/2 of this file;" in found[0].message


def test_a_message_names_ten_copies_however_many_there_are() -> None:
    [first, *_] = run_rule(DuplicateTurn, [valid_turn(1)] * 40)
    assert first.message.count("/training_pairs/") == 10 and "and 30 more" in first.message


@pytest.mark.parametrize(
    "name, rank",
    [
        ("c-alpha-build_v3.4-LoRA-FP-convo-10-first_v1.json", (0, 0)),  # _v3.4 is the format, v1 the first
        ("c-alpha-build_v3.4-LoRA-FP-convo-01-complete.json", (1, 0)),
        ("convo-03-part2.json", (1, 2)),
        ("convo-03-part1.json", (0, 0)),
        ("convo_v2.json", (1, 2)),
        ("convo-v10.jsonl", (1, 10)),
        ("convo-final.yaml", (1, 0)),
        ("convocomplete.json", (0, 0)),
    ],
)
def test_later_version(name: str, rank: tuple[int, int]) -> None:
    assert later_version(f"data/{name}") == rank


def defective(turn: dict) -> dict:
    return edit(turn, {"/training_metadata/generate_variations_count": 30})


def files(tmp_path: Path, **named: list[dict]) -> Path:
    for name, turns in named.items():
        (tmp_path / f"{name}.json").write_text(pairs_file(*turns))
    return tmp_path


def where(report) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(Path(d.path).stem, d.rule, d.pointer) for d in report.diagnostics]


@pytest.mark.parametrize(
    "original, copy",
    [("convo-10-first_v1", "convo-01-complete"), ("convo", "convo_v2"), ("convo-a", "convo-b-part2")],
)
def test_a_copied_turn_is_reported_once_and_its_other_findings_at_the_later_version(tmp_path: Path, original: str, copy: str) -> None:
    turn = defective(valid_turn(1))
    report = lint([files(tmp_path, **{original: [turn], copy: [turn]})])
    assert sorted(where(report)) == sorted([
        (original, "duplicate-turn", "/training_pairs/0/id"),
        (copy, "variations-count", "/training_pairs/0/training_metadata/generate_variations_count"),
    ])
    [duplicate] = [d for d in report.diagnostics if d.rule == "duplicate-turn"]
    assert f"keep the copy in {tmp_path / copy}.json at /training_pairs/0 (its name marks a later version or part)" in duplicate.message
    assert report.diagnostics.errors == 2 and report.diagnostics.by_rule == {"duplicate-turn": 1, "variations-count": 1}


def test_without_a_later_name_the_first_copy_is_kept(tmp_path: Path) -> None:
    turn = defective(valid_turn(1))
    report = lint([files(tmp_path, a=[turn], b=[turn])])
    assert where(report) == [
        ("a", "variations-count", "/training_pairs/0/training_metadata/generate_variations_count"),
        ("b", "duplicate-turn", "/training_pairs/0/id"),
    ]


def test_a_copy_that_differs_keeps_its_own_findings(tmp_path: Path) -> None:
    turn = defective(valid_turn(1))
    report = lint([files(tmp_path, a=[turn], b=[edit(turn, {"/training_metadata/skills": None})])])
    assert sorted(r for _, r, _ in where(report)) == ["duplicate-turn", "schema", "variations-count", "variations-count"]


def test_a_copys_conversation_findings_are_reported_at_the_kept_turn_only(tmp_path: Path) -> None:
    turns = valid_conversation(2)
    turns[1] = edit(turns[1], {"/conversation_history/0/content": "Not what was said."})
    report = lint([files(tmp_path, convo=turns, **{"convo-complete": turns})])
    assert sorted(where(report)) == [
        ("convo", "duplicate-turn", "/training_pairs/0/id"),
        ("convo", "duplicate-turn", "/training_pairs/1/id"),
        ("convo-complete", "history-consistent", "/training_pairs/1/conversation_history/0/content"),
    ]


def run(path: Path, jobs: int = 1, cache: Cache | None = None):  # type: ignore[no-untyped-def]
    config = load_config(discover=False)
    return lint_files([str(path)], config, Engine.from_config(config), jobs=jobs, cache=cache)


def test_the_same_with_parallel_workers_and_the_cache(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    turn = defective(valid_turn(1))
    for i in range(12):
        files(data, **{f"convo-{i:02d}": [defective(valid_turn(1, f"fp_marcus_{i:03d}"))]})
    files(data, **{"convo-00-x": [turn], "convo-99-complete": [turn]})
    expected = [d.as_dict() for d in run(data).diagnostics]
    cache = Cache(tmp_path / "cache", "f", key=b"k" * 32)
    for jobs in (1, 2):
        for _ in range(2):  # a cold cache, then a warm one
            assert [d.as_dict() for d in run(data, jobs, cache).diagnostics] == expected
    assert sum(d["rule"] == "duplicate-turn" for d in expected) == 1


def test_in_a_pre_commit_run_the_kept_copy_may_be_dataset_context(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".fplint.yaml").write_text("dataset: ['data/*.json']\n")
    (tmp_path / "data").mkdir()
    turn = defective(valid_turn(1))
    files(tmp_path / "data", **{"convo": [turn], "convo-complete": [turn]})
    config = load_config(tmp_path / ".fplint.yaml")
    report = lint_files(["data/convo.json"], config, Engine.from_config(config))
    assert [(Path(d.path).name, d.rule) for d in report.diagnostics] == [("convo.json", "duplicate-turn")]
