"""Each ``--format`` has the shape its trainers document, and loads with ``datasets``' JSON loader.

The shapes are checked against what the trainers' documentation states:

- OpenAI chat fine-tuning: each line ``{"messages": [...]}``; each message a ``role`` (system,
  user, assistant) and a string ``content``, no other keys; at least one assistant message.
  The upload accepts only its documented keys, so the file for it is written ``--no-metadata``.
- TRL ``SFTTrainer``: a conversational dataset has ``messages`` (or ``prompt`` and
  ``completion``), lists of ``{"role", "content"}``; in the prompt–completion form the prompt
  ends with the user's turn and the completion is the assistant's reply.
- ShareGPT (axolotl, LLaMA-Factory): ``conversations``, a list of ``{"from", "value"}`` with
  ``from`` one of system, human, gpt; human and gpt alternate, and it ends with gpt.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factory import pairs_file, valid_conversation

from fplint.cli import cli

ROLES = {"system", "user", "assistant"}


def write(tmp_path: Path, *args: str) -> list[dict[str, Any]]:
    (tmp_path / "convo-1.json").write_text(pairs_file(*valid_conversation(3)), encoding="utf-8")
    (tmp_path / "convo-2.json").write_text(pairs_file(*valid_conversation(2, "fp_david_901")), encoding="utf-8")
    out = tmp_path / "train.jsonl"
    result = CliRunner().invoke(cli, ["export", "--isolated", str(tmp_path), "-o", str(out), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def alternates(roles: list[str], user: str, assistant: str) -> bool:
    talk = roles[1:] if roles and roles[0] == "system" else roles
    return bool(talk) and all(role == (user, assistant)[i % 2] for i, role in enumerate(talk)) and talk[-1] == assistant


def openai_problems(example: dict[str, Any]) -> list[str]:
    problems = [f"top-level key {k!r}" for k in example if k != "messages"]
    messages = example.get("messages")
    if not isinstance(messages, list) or not messages:
        return [*problems, "no messages"]
    for m in messages:
        if set(m) != {"role", "content"} or m["role"] not in ROLES or not isinstance(m["content"], str):
            problems.append(f"message {m!r}")
    if not any(m.get("role") == "assistant" for m in messages):
        problems.append("no assistant message")
    return problems


def trl_messages(messages: Any) -> bool:
    return isinstance(messages, list) and bool(messages) and all(
        isinstance(m, dict) and set(m) == {"role", "content"} and m["role"] in ROLES and isinstance(m["content"], str) for m in messages
    )


@pytest.mark.parametrize("whole", [[], ["--whole-conversations"]])
def test_chat_jsonl_is_openais_chat_fine_tuning_format(tmp_path: Path, whole: list[str]) -> None:
    examples = write(tmp_path, "--format", "chat-jsonl", "--no-metadata", *whole)
    assert len(examples) == (2 if whole else 5)
    for example in examples:
        assert openai_problems(example) == []
        assert alternates([m["role"] for m in example["messages"]], "user", "assistant")


@pytest.mark.parametrize("whole", [[], ["--whole-conversations"]])
def test_chat_jsonl_is_trls_conversational_format(tmp_path: Path, whole: list[str]) -> None:
    for example in write(tmp_path, "--format", "chat-jsonl", *whole):
        assert set(example) == {"messages", "metadata"} and trl_messages(example["messages"])


def test_hf_is_trls_prompt_completion_format(tmp_path: Path) -> None:
    examples = write(tmp_path, "--format", "hf")
    for example in examples:
        assert set(example) == {"prompt", "completion", "metadata"}
        assert trl_messages(example["prompt"]) and trl_messages(example["completion"])
        assert example["prompt"][-1]["role"] == "user"
        assert [m["role"] for m in example["completion"]] == ["assistant"]
        assert alternates([m["role"] for m in example["prompt"] + example["completion"]], "user", "assistant")
    assert [len(e["prompt"]) for e in examples] == [2, 4, 6, 2, 4]  # system + history + input


def test_hf_whole_conversations_are_trls_conversational_format(tmp_path: Path) -> None:
    for example in write(tmp_path, "--format", "hf", "--whole-conversations"):
        assert set(example) == {"messages", "metadata"} and trl_messages(example["messages"])


@pytest.mark.parametrize("whole", [[], ["--whole-conversations"]])
def test_sharegpt_is_the_sharegpt_format(tmp_path: Path, whole: list[str]) -> None:
    for example in write(tmp_path, "--format", "sharegpt", *whole):
        turns = example["conversations"]
        assert all(set(t) == {"from", "value"} and isinstance(t["value"], str) for t in turns)
        assert {t["from"] for t in turns} <= {"system", "human", "gpt"}
        assert alternates([t["from"] for t in turns], "human", "gpt")


def test_the_metadata_has_the_same_keys_and_types_on_every_line(tmp_path: Path) -> None:
    examples = write(tmp_path, "--format", "chat-jsonl")
    shapes = {json.dumps({k: type(v).__name__ for k, v in e["metadata"].items()}) for e in examples}
    assert len(shapes) == 1
    assert examples[0]["metadata"] == {
        "id": "fp_marcus_901_turn1", "conversation_id": "fp_marcus_901", "turn_number": 1,
        "source": f"{tmp_path / 'convo-1.json'}:3", "quality_score": 5,
        "emotions": {"primary": "anxiety", "secondary": "shame", "tertiary": None},
        "valence": "negative", "primary_strategy": "validate_then_simplify", "errors": 0, "warnings": 0,
    }


@pytest.mark.parametrize("form", ["chat-jsonl", "sharegpt", "hf"])
@pytest.mark.parametrize("whole", [[], ["--whole-conversations"]])
def test_every_format_loads_with_the_datasets_json_loader(tmp_path: Path, form: str, whole: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE"):
        monkeypatch.setenv(variable, "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    from datasets import load_dataset

    examples = write(tmp_path, "--format", form, *whole)
    loaded = load_dataset("json", data_files=str(tmp_path / "train.jsonl"), split="train", cache_dir=str(tmp_path / "cache"))
    assert loaded.num_rows == len(examples)
    assert loaded.column_names == list(examples[0])
    assert loaded.to_list() == examples  # every value, as written
    assert os.listdir(tmp_path / "cache")  # it did build its Arrow cache, from the file
