from __future__ import annotations

import json
from pathlib import Path

import pytest
from factory import DELETE, RESPONSES, edit, pairs_file, valid_conversation
from helpers import lint, messages, run_rule

from fplint.rules.history_consistent import HistoryConsistent

H = "/conversation_history"


def conversation(turns: int = 3, **changes: object) -> list[dict]:
    built = valid_conversation(turns)
    built[-1] = edit(built[-1], changes)
    return built


@pytest.mark.parametrize(
    "subject, expected",
    [
        (conversation(3), []),
        (conversation(3, **{H + "/1/content": RESPONSES[0] + "  \n"}), []),  # trailing whitespace aside
        (conversation(3, **{H + "/1/content": RESPONSES[0].replace(" ", "  ", 1)}), ["conversation_history[1] (assistant, turn 1) is not turn 1's target_response: copy the message exactly"]),
        (conversation(3, **{H + "/1/content": "...not stupid..."}), ["conversation_history[1] (assistant, turn 1) is not turn 1's target_response (it holds 16 of the message's 219 characters: it looks abridged with '...'): copy the message exactly"]),
        (conversation(3, **{H + "/2/content": "Something else."}), ["conversation_history[2] (user, turn 2) is not turn 2's current_user_input (it holds 15 of the message's 94 characters: it looks abridged or cut short): copy the message exactly"]),
        (conversation(3, **{H + "/3": DELETE}), ["conversation_history holds 3 entries (1/user, 1/assistant, 2/user); turn 3 needs 4: a user then an assistant entry for each of turns 1, 2, with their turn and role"]),
        (conversation(2, **{H: [{"turn": 1, "content": "x"}, {"turn": 1, "content": "y"}]}), ["conversation_history holds 2 entries (1/no role, 1/no role); turn 2 needs 2: a user then an assistant entry for turn 1, with its turn and role"]),
        (conversation(2, **{H + "/0/role": "client"}), ["conversation_history holds 2 entries (1/another role, 1/assistant); turn 2 needs 2: a user then an assistant entry for turn 1, with its turn and role"]),
        (conversation(1, **{H: [{"turn": 1, "role": "user", "content": "x"}]}), ["conversation_history holds 1 entry (1/user); turn 1 has no earlier turns, so it should be empty"]),
        (conversation(3, **{H + "/1/content": DELETE}), ["conversation_history[1] (assistant, turn 1) has no content: write turn 1's target_response into it, word for word"]),
        (conversation(3, **{H + "/2/content": None}), ["conversation_history[2] (user, turn 2) has no content: write turn 2's current_user_input into it, word for word"]),
        (conversation(2, **{H: [{"turn": 1, "content": "x"}, {"turn": 1, "assistant": "y"}]}), ["conversation_history holds 2 entries (1/no role, 1/no role without content); turn 2 needs 2: a user then an assistant entry for turn 1, with its turn, role and content"]),
        (conversation(3)[1:], []),  # turn 1 is not in the run: its entries are not compared
        (conversation(3, **{H: "none"}), []),
    ],
)
def test_history_consistent(subject: list[dict], expected: list[str]) -> None:
    assert messages(HistoryConsistent, subject) == expected


def test_reported_at_the_entry() -> None:
    [finding] = run_rule(HistoryConsistent, conversation(3, **{H + "/2/content": "Something else."}))
    assert (finding.ref.pointer, finding.pointer) == ("/training_pairs/2", H + "/2/content")


def test_a_history_without_roles_is_one_finding_not_one_per_entry(tmp_path: Path) -> None:
    turns = valid_conversation(3)
    for entry in turns[2]["conversation_history"]:
        del entry["role"]
    (tmp_path / "c.json").write_text(json.dumps({"training_pairs": turns}))
    found = [(d.rule, d.pointer) for d in lint([tmp_path]).diagnostics]
    assert found == [("history-consistent", "/training_pairs/2/conversation_history")]


def test_entries_keyed_by_speaker_are_one_finding_not_also_the_schema_s(tmp_path: Path) -> None:
    turns = valid_conversation(3)
    turns[2]["conversation_history"] = [
        {"turn": 1, "content": "...scared..."},
        {"turn": 1, "assistant": "...not stupid..."},
        {"turn": 2, "content": "...$6,000..."},
        {"turn": 2, "assistant": "...a start..."},
    ]
    (tmp_path / "c.json").write_text(json.dumps({"training_pairs": turns}))
    found = [(d.rule, d.pointer) for d in lint([tmp_path]).diagnostics]
    assert found == [("history-consistent", "/training_pairs/2/conversation_history")]


def fixed(tmp_path: Path, turns: list[dict], *args: str) -> tuple[str, str]:
    """Turns 1-2 in one file, the rest in a part2; the part2's text after --fix, and the output."""
    from click.testing import CliRunner

    from fplint.cli import cli

    (tmp_path / "convo.json").write_text(pairs_file(*turns[:2]), encoding="utf-8")
    (tmp_path / "convo-part2.json").write_text(pairs_file(*turns[2:]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--fix", *args, "--output-format", "concise", str(tmp_path)], catch_exceptions=False)
    return (tmp_path / "convo-part2.json").read_text(encoding="utf-8"), result.output


@pytest.mark.parametrize(
    "changes",
    [
        {H + "/1/content": "...not stupid..."},  # abridged: the entry's content copied from the other file
        {H + "/1/content": "...not stupid...", H + "/2/content": "Something else."},
        {H: [{"turn": 1, "content": "...scared..."}, {"turn": 2, "content": "...$6,000..."}]},  # rebuilt whole
        {H: []},
    ],
)
def test_fix_replays_the_earlier_turns_across_files_in_the_files_layout(tmp_path: Path, changes: dict) -> None:
    turns = valid_conversation(4)
    turns[2] = edit(turns[2], changes)
    after, output = fixed(tmp_path, turns, "--unsafe-fixes")
    assert after == pairs_file(*valid_conversation(4)[2:]), output


def test_fix_keeps_what_else_an_entry_holds() -> None:
    turns = conversation(3, **{H + "/0/content": "...", H + "/0/emotional_state": {"primary": "fear"}})
    [finding] = run_rule(HistoryConsistent, turns)
    assert finding.pointer == H + "/0/content" and finding.fix is not None


def test_fix_is_unsafe(tmp_path: Path) -> None:
    turns = valid_conversation(3)
    turns[2] = edit(turns[2], {H + "/1/content": "...not stupid..."})
    after, _ = fixed(tmp_path, turns)
    assert after == pairs_file(turns[2])


def test_turn_one_s_history_is_emptied() -> None:
    [finding] = run_rule(HistoryConsistent, conversation(1, **{H: [{"turn": 1, "role": "user", "content": "x"}]}))
    assert finding.fix is not None and finding.fix.replace[0].value == [] and finding.fix.message.startswith("empty it")


@pytest.mark.parametrize(
    "subject",
    [
        conversation(3, **{H: []})[1:],  # turn 1 is not in the run
        [*conversation(3, **{H: []}), edit(valid_conversation(1)[0], {"/id": "fp_marcus_901_turn1b"})],  # two turn 1s
    ],
)
def test_no_rebuild_unless_every_earlier_turn_is_there_once(subject: list[dict]) -> None:
    assert [f.fix for f in run_rule(HistoryConsistent, subject) if f.pointer == H] == [None]
