"""Hostile input: every bad file gets a diagnostic (or a one-line error), never a traceback,
and every other file of the run is still checked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from factory import edit, pairs_file, valid_conversation, valid_turn

from fplint.report import REPORTERS

GOOD = pairs_file(*valid_conversation(2))
DEEP = 100_000


def nasty_files() -> dict[str, bytes]:
    turn = valid_turn(1, "fp_nasty_001")
    million = " ".join(["word"] * 1_000_000)
    return {
        "empty.json": b"",
        "whitespace.json": b"  \n\t \r\n",
        "truncated.json": GOOD[: len(GOOD) // 2].encode(),
        "bom.json": b"\xef\xbb\xbf" + pairs_file(turn).encode(),
        "latin1.json": '{"training_pairs": [{"id": "café"}]}'.encode("latin-1"),
        "utf16.json": pairs_file(turn).encode("utf-16"),
        "binary.json": bytes(range(256)) * 64,
        "png.json": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "nan.json": b'{"training_pairs": [{"id": NaN, "turn_number": Infinity, "x": -Infinity}]}',
        "huge-int.json": b'{"training_pairs": [{"turn_number": ' + b"7" * 50_000 + b"}]}",
        "huge-float.json": b'{"training_pairs": [{"turn_number": 1e999999}]}',
        "deep-array.json": b"[" * DEEP + b"]" * DEEP,
        "deep-object.json": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
        "deep.yaml": b"a: " + b"[" * DEEP + b"]" * DEEP + b"\n",
        "surrogates.json": json.dumps(
            {"training_pairs": [edit(turn, {"/target_response": "Lone \ud800 surrogate.", "/\udcff": "key"})]}
        ).encode(),
        "control-chars.json": json.dumps({"\x1b[31mred": "\x1b]0;title\x07", "training_pairs": "no"}).encode(),
        "megabyte-string.json": pairs_file(edit(turn, {"/system_prompt": "x" * 2_000_000})).encode(),
        "million-words.json": pairs_file(
            edit(turn, {"/target_response": million, "/current_user_input": million})
        ).encode(),
        "many-sentences.json": pairs_file(edit(turn, {"/target_response": "e.g. Yes. " * 20_000})).encode(),
        "wrong-types.json": json.dumps({"training_pairs": [wrong_types(turn, v) for v in (0, None, {}, [None], "s", True)]}).encode(),
        "not-a-turn.jsonl": b'{"id": "a"}\n[1, 2]\n"text"\nnull\n{broken\n' + json.dumps(turn).encode() + b"\n",
        "tags.yaml": b"training_pairs: !!python/object/apply:os.system ['echo pwned']\n",
        "custom-tag.yaml": b"training_pairs: !Ref something\n",
        "bomb.yaml": b"\n".join(
            [b"a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
            + [f"a{i}: &a{i} [".encode() + b", ".join([f"*a{i - 1}".encode()] * 10) + b"]" for i in range(1, 12)]
        )
        + b"\n",
        "tabs.yaml": b"training_pairs:\n\t- id: x\n",
        "top-array.json": json.dumps(list(range(100_000))).encode(),
        "keys.json": json.dumps({"training_pairs": [edit(turn, {"/emotional_context/a~1b": {"c~0": ["~0~1"]}, "/": ""})]}).encode(),
        "duplicates.json": b'{"training_pairs": [], ' + b", ".join(b'"k": %d' % i for i in range(2_000)) + b"}",
    }


def wrong_types(turn: dict, value: object) -> dict:
    """Every leaf and every container of the turn replaced by ``value``, level by level."""

    def walk(node: object, depth: int) -> object:
        if depth == 0:
            return value
        if isinstance(node, dict):
            return {k: walk(v, depth - 1) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, depth - 1) for v in node] + [None]
        return value

    return {k: walk(v, 1) for k, v in turn.items()}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("nasty")
    (root / "good.json").write_text(GOOD)
    for name, data in nasty_files().items():
        (root / name).write_bytes(data)
    (root / "dir.json").mkdir()
    (root / "dir.json" / "inner.json").write_text(pairs_file(valid_turn(1, "fp_inner_001")))
    os.symlink(root / "missing-target.json", root / "dangling.json")
    os.symlink(root / "loop-b.json", root / "loop-a.json")
    os.symlink(root / "loop-a.json", root / "loop-b.json")
    os.symlink(root, root / "dir.json" / "cycle")  # a directory link back up: never followed
    return root


@pytest.fixture(scope="module")
def outputs(tree: Path) -> dict[str, tuple[int, str, str]]:
    """One run of the CLI over the whole nasty tree, its report rendered in every format."""
    import io

    from fplint import lint_paths

    report = lint_paths([tree])
    done: dict[str, tuple[int, str, str]] = {}
    for name, reporter in REPORTERS.items():
        out = io.StringIO()
        reporter().render(report, out)
        out.getvalue().encode("utf-8")  # a strict stream must accept it: no lone surrogates
        done.setdefault(name, (report.exit_code(), out.getvalue(), ""))
    return done


def test_no_format_crashes_and_every_run_exits_1(outputs: dict[str, tuple[int, str, str]]) -> None:
    for name, (code, out, err) in outputs.items():
        assert code == 1, (name, out[-2000:], err)
        assert "Traceback" not in out + err and "internal-error" not in out, name


def test_every_nasty_file_is_reported_and_the_good_ones_are_checked(outputs: dict[str, tuple[int, str, str]], tree: Path) -> None:
    data = json.loads(outputs["json"][1])
    reported = {Path(d["path"]).name for d in data["diagnostics"]}
    quiet = {"good.json", "inner.json", "million-words.json", "huge-float.json"}  # odd but not all wrong
    expected = set(nasty_files()) | {"dangling.json", "loop-a.json", "loop-b.json"}
    assert expected - quiet <= reported
    assert "good.json" not in reported and "inner.json" not in reported
    assert data["summary"]["files"] == len(expected) + 2


@pytest.mark.parametrize(
    "name, rule, words",
    [
        ("empty.json", "invalid-json", "empty"),
        ("truncated.json", "invalid-json", "truncated"),
        ("bom.json", "invalid-json", "byte-order mark"),
        ("latin1.json", "invalid-json", "not valid UTF-8"),
        ("utf16.json", "invalid-json", "UTF-16"),
        ("binary.json", "invalid-json", "binary"),
        ("nan.json", "invalid-json", "NaN and Infinity"),
        ("huge-int.json", "invalid-json", "50,000 digits"),
        ("deep-array.json", "invalid-json", "too deep"),
        ("deep-object.json", "invalid-json", "too deep"),
        ("deep.yaml", "invalid-json", "too deep"),
        ("tags.yaml", "invalid-json", "!!python/object/apply:os.system is not allowed"),
        ("custom-tag.yaml", "invalid-json", "!Ref is not allowed"),
        ("bomb.yaml", "invalid-json", "alias bomb"),
        ("tabs.yaml", "invalid-json", "invalid YAML"),
        ("dangling.json", "unreadable-file", "does not exist"),
        ("loop-a.json", "unreadable-file", "cannot read"),
        ("top-array.json", "unknown-layout", "the document is a list"),
        ("duplicates.json", "duplicate-key", "key 'k' appears again"),
        ("not-a-turn.jsonl", "schema", "the turn should be an object, found a list"),
        ("megabyte-string.json", "duplicate-turn", "fp_nasty_001_turn1"),
        ("many-sentences.json", "sentence-coverage", "not analysed"),
        ("wrong-types.json", "schema", "should be"),
        ("control-chars.json", "file-schema", "unexpected key"),
        ("surrogates.json", "sentence-coverage", "not analysed"),
    ],
)
def test_what_each_nasty_file_gets(outputs: dict[str, tuple[int, str, str]], name: str, rule: str, words: str) -> None:
    data = json.loads(outputs["json"][1])
    messages = [d["message"] for d in data["diagnostics"] if Path(d["path"]).name == name and d["rule"] == rule]
    assert any(words in m for m in messages), (name, [d["message"] for d in data["diagnostics"] if Path(d["path"]).name == name][:5])


def test_control_characters_never_reach_the_terminal_raw(outputs: dict[str, tuple[int, str, str]]) -> None:
    for name in ("full", "concise"):
        out = outputs[name][1]
        assert "\x1b" not in out and "\x07" not in out
        assert "\\x1b[31mred" in out


def test_a_directory_link_cycle_is_not_followed(outputs: dict[str, tuple[int, str, str]]) -> None:
    paths = [d["path"] for d in json.loads(outputs["json"][1])["diagnostics"]]
    assert not any("cycle" in p for p in paths)


def test_the_dataset_rules_see_the_good_turns_of_bad_files(outputs: dict[str, tuple[int, str, str]]) -> None:
    """The JSONL with broken lines still contributes its good turn (a duplicate of other nasty files' turns)."""
    data = json.loads(outputs["json"][1])
    assert any(Path(d["path"]).name == "not-a-turn.jsonl" and d["rule"] == "duplicate-turn" for d in data["diagnostics"])


def test_the_cli_run_over_nasty_input_is_clean_lines_and_exit_1(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fplint.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(tree / "binary.json"), str(tree / "surrogates.json"), str(tree / "control-chars.json"), "--output-format", "full"])
    captured = capsys.readouterr()
    assert exit_info.value.code == 1
    assert "Traceback" not in captured.out + captured.err and "\x1b" not in captured.out
