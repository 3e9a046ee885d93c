"""``fplint export``: which examples are written, in which order, and that each is the turn's own text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factory import DELETE, edit, pairs_file, valid_conversation
from hypothesis import given
from hypothesis import strategies as st

import fplint
from fplint.cli import cli
from fplint.export.build import HAS_ERRORS, HAS_WARNINGS, NOT_CHECKED, LeftOut, Written, build
from fplint.export.formats import record
from fplint.training import NO_ROLE

AWKWARD = 'Elena’s “plan” — 4–6 ✓ 日本語 🙂 tab\there\r\nCRLF \u2028 \\ "quoted" </script> trailing  '


def dataset(folder: Path) -> Path:
    """Three conversations, written out of order on purpose (file names decide the reading order).

    marcus: turn 2 has an error (variations-count), turn 3 a warning (reviewer-notes).
    david: clean, with awkward text in turn 1's input. jennifer: turn 2's history has no roles
    (an error too, history-consistent), turn 1 clean.
    """
    marcus = valid_conversation(3)
    marcus[1] = edit(marcus[1], {"/training_metadata/generate_variations_count": 40})
    marcus[2] = edit(marcus[2], {"/training_metadata/reviewer_notes": "Warm. Specific. Well paced. Clear numbers. Strong close."})
    david = valid_conversation(2, "fp_david_901")
    david[0]["current_user_input"] = AWKWARD + david[0]["current_user_input"]
    david[1]["conversation_history"][0]["content"] = david[0]["current_user_input"]
    jennifer = valid_conversation(2, "fp_jennifer_901")
    for entry in jennifer[1]["conversation_history"]:
        del entry["role"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "convo-10.json").write_text(pairs_file(*jennifer), encoding="utf-8")
    (folder / "convo-2.json").write_text(pairs_file(*david), encoding="utf-8")
    (folder / "convo-1-part2.json").write_text(pairs_file(marcus[2]), encoding="utf-8")
    (folder / "convo-1.json").write_text(pairs_file(*marcus[:2]), encoding="utf-8")
    return folder


def export(*args: str) -> tuple[int, list[dict[str, Any]], str]:
    result = CliRunner().invoke(cli, ["export", "--isolated", *args], catch_exceptions=False)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return result.exit_code, lines, result.stderr


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return dataset(tmp_path / "data")


def test_every_usable_turn_is_one_example_in_assembly_order(data: Path) -> None:
    code, lines, summary = export(str(data), "--format", "chat-jsonl")
    assert code == 0
    assert [line["metadata"]["id"] for line in lines] == [
        "fp_marcus_901_turn1", "fp_marcus_901_turn2", "fp_marcus_901_turn3",  # convo-1, then its part 2
        "fp_david_901_turn1", "fp_david_901_turn2",
        "fp_jennifer_901_turn1",  # turn 2's history has no roles: left out
    ]
    assert summary.splitlines()[:2] == ["Wrote 6 of 7 examples (one per turn, chat-jsonl); left out 1:", f"     1  {NO_ROLE}"]
    assert "fp_jennifer_901_turn2 (" in summary and "conversation_history[0] has the keys content, turn" in summary


def test_only_clean_writes_exactly_the_turns_without_errors(data: Path) -> None:
    report = fplint.lint_paths([data], fplint.default_config())
    without_errors = [v.turn_id for v in report.by_turn(diagnostics=False) if v.errors == 0]
    _, lines, summary = export(str(data), "--format", "chat-jsonl", "--only-clean")
    assert sorted(line["metadata"]["id"] for line in lines) == sorted(without_errors)
    assert [line["metadata"]["id"] for line in lines] == ["fp_marcus_901_turn1", "fp_marcus_901_turn3", "fp_david_901_turn1", "fp_david_901_turn2", "fp_jennifer_901_turn1"]
    assert f"     2  {HAS_ERRORS}" in summary  # marcus 2, and jennifer 2 (its history is inconsistent too)


def test_fail_on_warning_also_leaves_out_turns_with_warnings(data: Path) -> None:
    _, lines, summary = export(str(data), "--format", "chat-jsonl", "--fail-on", "warning")
    assert "fp_marcus_901_turn3" not in [line["metadata"]["id"] for line in lines] and len(lines) == 4
    assert f"     1  {HAS_WARNINGS}" in summary


def test_each_message_is_the_turns_own_text_byte_for_byte(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "train.jsonl"
    code, _, _ = export(str(data), "--format", "chat-jsonl", "-o", str(out))
    assert code == 0
    sources = {}
    for path in data.iterdir():  # read with the standard library, not with fplint
        for turn in json.loads(path.read_bytes())["training_pairs"]:
            sources[turn["id"]] = turn
    raw = out.read_bytes()
    for line in raw.splitlines():
        example = json.loads(line)
        turn = sources[example["metadata"]["id"]]
        expected = [turn["system_prompt"], *(h["content"] for h in turn["conversation_history"]), turn["current_user_input"], turn["target_response"]]
        assert [m["content"].encode("utf-8") for m in example["messages"]] == [text.encode("utf-8") for text in expected]
        assert [m["role"] for m in example["messages"]] == ["system", *(h["role"] for h in turn["conversation_history"]), "user", "assistant"]
    assert AWKWARD.encode("utf-8") in json.loads(raw.splitlines()[3])["messages"][1]["content"].encode("utf-8")
    assert b"\\u2028" in raw and "\u2028".encode() not in raw  # a line separator never splits a JSONL line


@given(
    st.text(min_size=1).filter(str.strip),
    st.text(min_size=1).filter(str.strip),
    st.lists(st.text(min_size=1).filter(str.strip), max_size=6).map(lambda xs: xs[: len(xs) // 2 * 2]),
)
def test_any_text_survives_every_format_unchanged(user: str, response: str, history: list[str]) -> None:
    turn = edit(valid_conversation(1)[0], {"/current_user_input": user, "/target_response": response})
    turn["conversation_history"] = [{"role": ("user", "assistant")[i % 2], "content": text} for i, text in enumerate(history)]
    [example] = list(build([_loaded(turn)], {}))
    assert isinstance(example, Written)
    expected = [turn["system_prompt"], *history, user, response]
    for form in ("chat-jsonl", "sharegpt", "hf"):
        shaped = json.loads(json.dumps(record(example.messages, example.metadata, form), ensure_ascii=False))
        if form == "sharegpt":
            texts = [m["value"] for m in shaped["conversations"]]
        elif form == "hf":
            texts = [m["content"] for m in shaped["prompt"] + shaped["completion"]]
        else:
            texts = [m["content"] for m in shaped["messages"]]
        assert texts == expected


def _loaded(turn: dict[str, Any]) -> fplint.LoadedTurn:
    return fplint.LoadedTurn(turn, "memory.json", "", 0, 1, 1, 1, "turn")


def test_whole_conversations_are_one_example_each(data: Path) -> None:
    _, lines, summary = export(str(data), "--format", "chat-jsonl", "--whole-conversations")
    assert [line["metadata"]["id"] for line in lines] == ["fp_marcus_901", "fp_david_901", "fp_jennifer_901"]
    marcus = lines[0]
    assert marcus["metadata"]["turn_numbers"] == [1, 2, 3] and len(marcus["messages"]) == 7
    assert [m["role"] for m in marcus["messages"]] == ["system", "user", "assistant", "user", "assistant", "user", "assistant"]
    assert summary.startswith("Wrote 3 of 3 examples (one per conversation, chat-jsonl).")


def test_a_whole_conversation_is_left_out_when_one_of_its_turns_fails_the_gate(data: Path) -> None:
    _, lines, summary = export(str(data), "--format", "hf", "--whole-conversations", "--only-clean")
    assert [line["metadata"]["id"] for line in lines] == ["fp_david_901"]
    assert "fp_marcus_901 (" in summary and "turn fp_marcus_901_turn2 has 1 error" in summary


def test_metadata_can_be_left_out(data: Path) -> None:
    _, lines, _ = export(str(data), "--format", "sharegpt", "--no-metadata")
    assert all(list(line) == ["conversations"] for line in lines)


def test_the_left_out_file_lists_each_example_and_why(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "left.jsonl"
    export(str(data), "--format", "chat-jsonl", "--only-clean", "--left-out", str(out))
    entries = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(e["id"], e["reason"]) for e in entries] == [("fp_marcus_901_turn2", HAS_ERRORS), ("fp_jennifer_901_turn2", HAS_ERRORS)]
    assert entries[0]["where"].endswith("convo-1.json:" + entries[0]["where"].rsplit(":", 1)[1])


def test_a_file_that_gives_no_turns_is_noted(data: Path) -> None:
    (data / "convo-3.json").write_text('{"training_pairs": [', encoding="utf-8")
    code, lines, summary = export(str(data), "--format", "chat-jsonl")
    assert code == 0 and len(lines) == 6
    assert "note: 1 of 5 files gave no turns" in summary


def test_without_format_the_training_file_is_chat_jsonl(data: Path) -> None:
    code, lines, summary = export(str(data), "--only-clean")
    assert code == 0 and lines == export(str(data), "--only-clean", "--format", "chat-jsonl")[1]
    assert lines and all(set(line) == {"messages", "metadata"} for line in lines)
    assert summary.startswith("Wrote 5 of 7 examples (one per turn, chat-jsonl);")


def test_a_missing_path_exits_2(tmp_path: Path) -> None:
    code, lines, summary = export(str(tmp_path / "missing"), "--format", "chat-jsonl")
    assert code == 2 and lines == [] and "no such file or directory" in summary


def test_gating_refusals_and_order_in_the_library() -> None:
    first, second = valid_conversation(2)
    turns = [_loaded(second), _loaded(edit(first, {"/target_response": DELETE}))]
    turns = [fplint.LoadedTurn(t.value, "d.json", f"/training_pairs/{i}", i, 1, 1, 1, "pairs") for i, t in enumerate(turns)]
    verdicts = {("d.json", "/training_pairs/0"): (0, 2), ("d.json", "/training_pairs/1"): (0, 0)}
    found = list(build(turns, verdicts, fplint.Severity.WARNING))
    assert [type(f) for f in found] == [LeftOut, LeftOut]
    assert [f.reason for f in found if isinstance(f, LeftOut)] == ["empty assistant message", HAS_WARNINGS]  # turn 1 first


def test_a_turn_no_rule_checked_is_never_passed_as_clean() -> None:
    (turn,) = valid_conversation(1)
    loaded = fplint.LoadedTurn(turn, "v4.jsonl", "/1", 1, 1, 1, 1, "jsonl")
    gated = list(build([loaded], {}, fplint.Severity.ERROR))
    assert [f.reason for f in gated if isinstance(f, LeftOut)] == [NOT_CHECKED]
    assert [type(f) for f in build([loaded], {}, None)] == [Written]  # no gate asked: written
