"""``fplint stats`` from the command line: text, markdown and JSON of the same numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factory import edit, pairs_file, valid_conversation

from fplint.cli import cli


def stats(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["stats", "--isolated", *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def data(write, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    turns = valid_conversation(3)
    turns[2] = edit(turns[2], {"/training_metadata/quality_score": 4, "/training_metadata/generate_variations_count": 40})
    write("convo.json", pairs_file(*turns))
    return tmp_path


def test_json_has_every_section_with_the_numbers(data: Path) -> None:
    code, output = stats(str(data), "--output-format", "json")
    found = json.loads(output)
    assert code == 0
    assert list(found) == [
        "fplint_version", "summary", "conversations", "quality", "emotions", "transitions", "arcs", "valence",
        "indicator_categories", "strategies", "techniques", "topics", "personas", "unusual_emotions",
        "unclassified_emotions", "tokens", "findings",
    ]
    assert found["summary"] == {"files": 1, "conversations": 1, "turns": 3, "copies_counted_once": 0, "clean_turns": 2, "error_free_turns": 2, "errors": 1, "warnings": 0}
    [conversation] = found["conversations"]
    assert {k: conversation[k] for k in ("id", "turns", "clean_turns", "errors", "quality")} == {
        "id": "fp_marcus_901", "turns": 3, "clean_turns": 2, "errors": 1, "quality": {"5": 2, "4": 1}
    }
    assert found["emotions"]["primary"] == {"anxiety": 3}
    assert found["transitions"] == [{"from": "anxiety", "to": "anxiety", "count": 2}]
    assert found["tokens"]["windows"] == [8192, 16384, 32768]
    assert found["tokens"]["example"]["count"] == 3 and found["tokens"]["estimated"] is True
    assert found["findings"] == [{"rule": "variations-count", "code": "FP604", "severity": "error", "findings": 1, "turns": 1}]


def test_context_windows_and_the_tokenizer_can_be_chosen(data: Path) -> None:
    largest = json.loads(stats(str(data), "--output-format", "json")[1])["tokens"]["example"]["max"]
    _, output = stats(str(data), "--output-format", "json", "--context-window", "100", "--context-window", str(largest - 1))
    tokens = json.loads(output)["tokens"]
    assert tokens["windows"] == [100, largest - 1]
    assert tokens["example"]["over"] == {"100": 3, str(largest - 1): 1}


def test_the_configured_max_tokens_is_a_window(data: Path, write) -> None:  # type: ignore[no-untyped-def]
    config = write("team.yaml", "rules:\n  token-budget: {max-tokens: 4096}\n")
    result = CliRunner().invoke(cli, ["stats", "--config", str(config), str(data), "--output-format", "json"])
    assert json.loads(result.output)["tokens"]["windows"] == [4096, 16384, 32768]


def test_an_unusable_tokenizer_is_a_one_line_usage_error(data: Path) -> None:
    from fplint.cli import main

    with pytest.raises(SystemExit) as exit:
        main(["stats", str(data), "--tokenizer", str(data / "missing.json")])
    assert exit.value.code == 2


def test_text_lays_out_the_sections_as_aligned_tables(data: Path) -> None:
    code, output = stats(str(data))
    assert code == 0
    assert output.startswith("1 file, 1 conversation, 3 turns: 2 clean (no findings), 2 without errors; 1 error, 0 warnings\n")
    for title in ("Conversations", "Quality scores", "Emotions", "Emotion transitions", "Valence", "Indicator categories",
                  "Primary strategies", "Techniques", "Topics", "Client personas", "Unusual emotion combinations (edge cases)",
                  "Token lengths", "Findings per rule"):
        assert f"\n{title}\n{'-' * len(title)}\n" in output
    assert "fp_marcus_901      1      3" in output
    assert "\n5            2  66.7%    60–70%  within\n4            1  33.3%    20–30%  above\n" in output


def test_markdown_is_tables_for_a_pull_request(data: Path) -> None:
    code, output = stats(str(data), "--output-format", "markdown")
    assert code == 0 and output.startswith("## fplint stats\n")
    assert "| conversation | files | turns | lines | clean turns | errors | warnings | quality scores |\n|---|---:|" in output
    assert "| fp\\_marcus\\_901 | 1 | 3 |" in output
    assert "### Token lengths" in output


def test_labels_from_the_data_stay_text_in_every_view(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = "<img src=x onerror=alert(1)>|*bold*\x1b[2J"
    write("d.json", pairs_file(*(edit(t, {"/response_strategy/primary_strategy": hostile}) for t in valid_conversation(1))))
    _, markdown = stats(str(tmp_path), "--output-format", "markdown")
    assert "| &lt;img\\_src=x\\_onerror=alert(1)&gt;\\|\\*bold\\*\\\\x1b\\[2j | 1 |" in markdown and "<img" not in markdown
    _, text = stats(str(tmp_path))
    assert "\x1b" not in text and "\\x1b[2j" in text


def test_a_path_that_does_not_exist_exits_2_after_the_stats(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", "--isolated", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "no such file or directory" in result.output


def test_text_says_an_identical_copy_is_counted_once(data: Path, write) -> None:  # type: ignore[no-untyped-def]
    first = json.loads((data / "convo.json").read_text(encoding="utf-8"))["training_pairs"][0]
    write("convo-first_v1.json", pairs_file(first))
    _, output = stats(str(data))
    assert "1 identical copy of a turn (duplicate-turn): counted once, at the copy kept." in output
    assert "a whole file, the whole dataset or a copy of a turn, not a turn of this table" in output
