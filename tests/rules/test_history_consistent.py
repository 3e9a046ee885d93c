from __future__ import annotations

import json
from pathlib import Path

import pytest
from factory import DELETE, RESPONSES, edit, valid_conversation
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
        (conversation(3, **{H + "/1/content": "...not stupid..."}), ["conversation_history[1] (assistant, turn 1) is not turn 1's target_response (it looks abridged with '...'): copy the message exactly"]),
        (conversation(3, **{H + "/2/content": "Something else."}), ["conversation_history[2] (user, turn 2) is not turn 2's current_user_input: copy the message exactly"]),
        (conversation(3, **{H + "/3": DELETE}), ["conversation_history holds 3 entries (1/user, 1/assistant, 2/user); turn 3 needs 4: a user then an assistant entry for each of turns 1, 2, with their turn and role"]),
        (conversation(2, **{H: [{"turn": 1, "content": "x"}, {"turn": 1, "content": "y"}]}), ["conversation_history holds 2 entries (1/no role, 1/no role); turn 2 needs 2: a user then an assistant entry for turn 1, with its turn and role"]),
        (conversation(2, **{H + "/0/role": "client"}), ["conversation_history holds 2 entries (1/another role, 1/assistant); turn 2 needs 2: a user then an assistant entry for turn 1, with its turn and role"]),
        (conversation(1, **{H: [{"turn": 1, "role": "user", "content": "x"}]}), ["conversation_history holds 1 entry (1/user); turn 1 has no earlier turns, so it should be empty"]),
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
