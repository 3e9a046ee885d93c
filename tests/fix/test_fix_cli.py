"""check --fix, --unsafe-fixes, --diff and --show-fixes, as a user meets them."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factory import edit, pairs_file, valid_conversation, valid_turn

import fplint.fix.loop as loop
from fplint.cli import cli

TOTAL = "/response_breakdown/total_sentences"
VALENCE = "/emotional_context/detected_emotions/valence"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def broken(write) -> Path:  # type: ignore[no-untyped-def]
    """Turn 2 of a conversation with a safe defect (the sentence total) and an unsafe one (valence)."""
    one, two = valid_conversation(2)
    return write("convo.json", pairs_file(one, edit(two, {TOTAL: 9, VALENCE: "negative_but_calmer"})))


def turn(path: Path, index: int = 1) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))["training_pairs"][index]


def test_fix_applies_the_safe_fixes_only(broken: Path) -> None:
    code, output = invoke("check", "--fix", "--output-format", "concise", str(broken))
    assert turn(broken)["response_breakdown"]["total_sentences"] == 3
    assert turn(broken)["emotional_context"]["detected_emotions"]["valence"] == "negative_but_calmer"
    assert code == 1 and "1 fixed, 1 remaining. Found 1 error, 0 warnings" in output


def test_unsafe_fixes_apply_the_unsafe_ones_too(broken: Path) -> None:
    code, output = invoke("check", "--fix", "--unsafe-fixes", "--output-format", "concise", str(broken))
    assert turn(broken)["emotional_context"]["detected_emotions"]["valence"] == "negative"
    assert code == 0 and output.splitlines()[-1].startswith("2 fixed, 0 remaining. All checks passed")


def test_every_byte_outside_the_fixed_values_stays(broken: Path) -> None:
    invoke("check", "--fix", str(broken))
    one, two = valid_conversation(2)
    assert broken.read_text(encoding="utf-8") == pairs_file(one, edit(two, {VALENCE: "negative_but_calmer"}))


def test_a_second_fix_changes_nothing(broken: Path) -> None:
    invoke("check", "--fix", "--unsafe-fixes", str(broken))
    once = broken.read_bytes()
    _, output = invoke("check", "--fix", "--unsafe-fixes", "--output-format", "concise", str(broken))
    assert broken.read_bytes() == once and output.splitlines()[-1].startswith("0 fixed, 0 remaining")


def test_diff_prints_the_change_writes_nothing_and_exits_1(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken.parent)
    before = broken.read_bytes()
    result = CliRunner().invoke(cli, ["check", "--diff", "convo.json"], catch_exceptions=False)
    assert broken.read_bytes() == before and result.exit_code == 1
    assert result.stdout.splitlines()[:2] == ["--- a/convo.json", "+++ b/convo.json"]
    assert '-        "total_sentences": 9,' in result.stdout.splitlines()
    assert '+        "total_sentences": 3,' in result.stdout.splitlines()
    assert "valence" not in result.stdout  # unsafe: only with --unsafe-fixes
    assert "Would fix 1 finding; 1 would remain." in result.stderr


def test_diff_with_nothing_to_fix_exits_0_and_prints_no_diff(write) -> None:  # type: ignore[no-untyped-def]
    clean = write("clean.json", pairs_file(*valid_conversation(2)))
    result = CliRunner().invoke(cli, ["check", "--diff", str(clean)], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout == ""


def test_fixable_findings_are_marked_and_counted(broken: Path) -> None:
    _, output = invoke("check", "--output-format", "concise", str(broken))
    [total] = [line for line in output.splitlines() if "FP502" in line]
    [valence] = [line for line in output.splitlines() if "FP309" in line]
    assert "FP502 [*] sentence-count" in total and "[*]" not in valence
    assert "[*] 1 fixable with --fix (1 hidden fix can be enabled with --unsafe-fixes)." in output
    _, output = invoke("check", "--unsafe-fixes", "--output-format", "concise", str(broken))
    assert "FP309 [*] valence" in output and "[*] 2 fixable with --fix --unsafe-fixes." in output


def test_show_fixes_lists_what_was_fixed_by_file_and_rule(broken: Path) -> None:
    _, output = invoke("check", "--fix", "--unsafe-fixes", "--show-fixes", "--output-format", "concise", str(broken))
    assert f"Fixed 2 findings:\n- {broken}:\n    1 × sentence-count\n    1 × valence\n" in output


def test_a_file_keeps_its_permissions(broken: Path) -> None:
    broken.chmod(0o640)
    invoke("check", "--fix", str(broken))
    assert stat.S_IMODE(os.stat(broken).st_mode) == 0o640 and turn(broken)["response_breakdown"]["total_sentences"] == 3


def test_a_linked_file_is_fixed_through_the_link(broken: Path) -> None:
    link = broken.parent / "link.json"
    link.symlink_to(broken.name)
    invoke("check", "--fix", str(link))
    assert link.is_symlink() and turn(broken)["response_breakdown"]["total_sentences"] == 3


def test_a_file_changed_on_disk_while_fixing_is_left_alone(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = loop.lint_files

    def lint_then_someone_edits(*args: Any, **kwargs: Any) -> Any:
        report = real(*args, **kwargs)
        with broken.open("a", encoding="utf-8") as handle:
            handle.write("\n")
        return report

    monkeypatch.setattr(loop, "lint_files", lint_then_someone_edits)
    _, output = invoke("check", "--fix", "--output-format", "concise", str(broken))
    assert turn(broken)["response_breakdown"]["total_sentences"] == 9
    assert f"note: {broken}: changed on disk while fplint was fixing it; left alone" in output


def test_only_the_files_asked_for_are_fixed(write, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    one, two = valid_conversation(2)
    first = write("data/convo.json", pairs_file(edit(one, {TOTAL: 8})))
    second = write("data/convo-part2.json", pairs_file(edit(two, {TOTAL: 8})))
    write(".fplint.yaml", "dataset: ['data/*.json']\n")
    monkeypatch.chdir(first.parent.parent)
    invoke("check", "--fix", "data/convo-part2.json")
    assert turn(second, 0)["response_breakdown"]["total_sentences"] == 3
    assert turn(first, 0)["response_breakdown"]["total_sentences"] == 8


@pytest.mark.parametrize("name", ["convo.jsonl", "convo.yaml"])
def test_jsonl_and_yaml_are_fixed_in_place(write, name: str) -> None:  # type: ignore[no-untyped-def]
    broken = edit(valid_turn(1), {TOTAL: 9, "/training_metadata/conversation_turn": 4})
    if name.endswith("jsonl"):
        text = json.dumps({"_meta": {"note": "x"}}) + "\n" + json.dumps(broken) + "\n"
    else:
        import io

        from ruamel.yaml import YAML

        out = io.StringIO()
        YAML().dump({"training_pairs": [broken]}, out)
        text = "# reviewed by hand\n" + out.getvalue()
    path = write(name, text)
    code, _ = invoke("check", "--fix", str(path))
    after = path.read_text(encoding="utf-8")
    assert code == 0
    assert after == text.replace(": 9", ": 3", 1).replace("conversation_turn\": 4", "conversation_turn\": 1").replace("conversation_turn: 4", "conversation_turn: 1")


def test_a_split_writes_the_parts_and_removes_the_file(write, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    convo = write("data/convo.json", pairs_file(*valid_conversation(4)))
    write(".fplint.yaml", "rules:\n  file-too-long:\n    max-lines: 450\n")
    monkeypatch.chdir(convo.parent.parent)
    result = CliRunner().invoke(cli, ["check", "--diff", "--unsafe-fixes", "data/convo.json"], catch_exceptions=False)
    headers = [line for line in result.stdout.splitlines() if line.startswith(("---", "+++"))]
    assert headers == [
        "--- a/data/convo.json", "+++ /dev/null",
        "--- /dev/null", "+++ b/data/convo-part1.json",
        "--- /dev/null", "+++ b/data/convo-part2.json",
    ]
    code, output = invoke("check", "--fix", "--unsafe-fixes", "--output-format", "concise", "data/convo.json")
    assert code == 0 and not convo.exists(), output
    parts = [convo.parent / "convo-part1.json", convo.parent / "convo-part2.json"]
    assert [t for p in parts for t in json.loads(p.read_text())["training_pairs"]] == valid_conversation(4)
    assert "1 fixed, 0 remaining. All checks passed (2 files, 4 turns" in output


def test_a_split_never_overwrites_a_file(write, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    convo = write("convo.json", pairs_file(*valid_conversation(4)))
    taken = write("convo-part2.json", "{}")
    write(".fplint.yaml", "rules:\n  file-too-long:\n    max-lines: 450\n")
    monkeypatch.chdir(convo.parent)
    _, output = invoke("check", "--fix", "--unsafe-fixes", "--output-format", "concise", "convo.json")
    assert convo.exists() and taken.read_text() == "{}"
    assert "note: convo.json: not split: convo-part2.json already exists" in output
