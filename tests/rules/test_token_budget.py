from __future__ import annotations

from pathlib import Path

import pytest
from factory import edit, valid_turn
from helpers import messages
from tokenizer_files import word_level_tokenizer_json

from fplint.cli import main
from fplint.config import ConfigError
from fplint.rules.token_budget import TokenBudget
from fplint.tokens import estimate, tokenizer
from fplint.training import turn_example


def size(turn: dict, overhead: int = 5) -> int:
    """The example's size by hand: each message's estimate plus the template's overhead."""
    texts = [turn["system_prompt"], *(h["content"] for h in turn["conversation_history"]), turn["current_user_input"], turn["target_response"]]
    return sum(estimate(t) + overhead for t in texts)


def test_an_example_within_the_budget_passes() -> None:
    assert messages(TokenBudget, valid_turn(3)) == []


def test_the_example_is_the_system_prompt_history_input_and_response() -> None:
    turn = valid_turn(3)
    assert turn_example(turn).tokens(tokenizer()) == size(turn)


def test_an_example_over_the_budget_says_how_far_and_what_to_do() -> None:
    turn = valid_turn(3)
    total = size(turn)
    [message] = messages(TokenBudget, turn, **{"max-tokens": total - 10})
    assert message.startswith(f"the training example is about {total:,} tokens (estimated), 10 over max-tokens {total - 10:,} (system prompt ")
    assert "and 5 a message for the chat template" in message
    assert message.endswith("raise max-tokens for a larger context window")


def test_exactly_at_the_budget_passes() -> None:
    assert messages(TokenBudget, valid_turn(3), **{"max-tokens": size(valid_turn(3))}) == []


def test_the_message_overhead_counts_for_every_message() -> None:
    turn = valid_turn(3)  # 7 messages
    assert messages(TokenBudget, turn, **{"max-tokens": size(turn, 0), "message-overhead": 0}) == []
    assert messages(TokenBudget, turn, **{"max-tokens": size(turn, 0), "message-overhead": 1}) != []


def test_a_long_response_alone_can_break_the_budget() -> None:
    turn = edit(valid_turn(1), {"/target_response": " ".join(["word"] * 9000)})
    [message] = messages(TokenBudget, turn)
    assert "response 9,000" in message


def test_a_turn_of_any_shape_is_measured_without_crashing() -> None:
    assert messages(TokenBudget, {"conversation_history": [None, {"role": 3}], "target_response": 7}, **{"max-tokens": 1}) != []
    assert messages(TokenBudget, "not a turn") == []


def test_a_tokenizer_json_gives_an_exact_count(tmp_path: Path) -> None:
    path = word_level_tokenizer_json(tmp_path / "tokenizer.json")
    turn = {"current_user_input": "hello world", "target_response": "hello, world!"}  # 2 + 4 tokens
    options = {"tokenizer": str(path), "message-overhead": 0}
    assert messages(TokenBudget, turn, **options, **{"max-tokens": 6}) == []
    [message] = messages(TokenBudget, turn, **options, **{"max-tokens": 5})
    assert message.startswith(f"the training example is 6 tokens (tokenizer.json {path.resolve()}), 1 over")
    assert "estimated" not in message


def test_a_tokenizer_that_cannot_be_loaded_is_a_config_error_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"rules\.token-budget\.tokenizer: .*missing\.json is not a file"):
        TokenBudget(tokenizer=str(tmp_path / "missing.json"))


def test_the_cli_says_so_in_one_line_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / ".fplint.yaml"
    config.write_text("rules:\n  token-budget: {tokenizer: missing.json}\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit:
        main(["check", "--config", str(config), str(tmp_path)])
    assert exit.value.code == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("fplint: error: rules.token-budget.tokenizer: ") and "missing.json is not a file" in line
