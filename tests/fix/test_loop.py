"""The fix loop's guards: a fix that would break a file, or never settle, is not kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from factory import pairs_file, valid_conversation
from helpers import config

from fplint.check.engine import Engine
from fplint.fix import Fix, Replace
from fplint.fix.edit import Edit
from fplint.fix.loop import MAX_ROUNDS, fix_paths
from fplint.model import Finding, Turn
from fplint.read.document import Document
from fplint.rule import FileRule, TurnRule


class Breaks(FileRule):
    """A plugin whose fix deletes the file's last byte (a closing brace)."""

    name = "breaks"
    code = "XP001"

    def check(self, document: Document) -> Iterator[Finding]:
        size = len(document.text.encode())
        if document.text.endswith("}"):
            yield Finding("", "m", line=1, column=1, fix=Fix.safe("drop the brace", Edit(size - 1, size, "")))


class Grows(TurnRule):
    """A plugin whose fix appends to a string forever (the finding never goes)."""

    name = "grows"
    code = "XP002"

    def check(self, turn: Turn) -> Iterator[Finding]:
        yield Finding("/system_prompt", "m", fix=Fix.safe("longer", Replace("/system_prompt", turn.value["system_prompt"] + "!")))


class Doubles(TurnRule):
    """A plugin whose fix makes two findings of its own rule where there was one."""

    name = "doubles"
    code = "XP003"

    def check(self, turn: Turn) -> Iterator[Finding]:
        marks = turn.value["system_prompt"].count("#")
        for _ in range(max(marks, 1)):
            yield Finding("/system_prompt", "m", fix=Fix.safe("mark", Replace("/system_prompt", "##")))


def run(tmp_path: Path, rule: type) -> tuple[str, str, list[str]]:
    path = tmp_path / "convo.json"
    before = pairs_file(*valid_conversation(1))
    path.write_text(before, encoding="utf-8")
    outcome = fix_paths([str(path)], config(), Engine([rule()], {}))
    return before, path.read_text(encoding="utf-8"), outcome.notes


def test_a_fix_that_would_leave_the_file_unparseable_is_not_applied(tmp_path: Path) -> None:
    before, after, notes = run(tmp_path, Breaks)
    assert after == before
    assert notes == [f"{tmp_path / 'convo.json'}: fixes of breaks not applied: the result would not parse (please report this)"]


def test_a_fix_that_would_leave_more_findings_of_its_rule_is_not_applied(tmp_path: Path) -> None:
    before, after, notes = run(tmp_path, Doubles)
    assert after == before and "they would leave more doubles findings" in notes[0]


def test_a_fix_that_never_settles_stops_after_the_last_round(tmp_path: Path) -> None:
    before, after, notes = run(tmp_path, Grows)
    assert after.count("!") == MAX_ROUNDS and len(after) == len(before) + MAX_ROUNDS
    assert notes == [f"stopped after {MAX_ROUNDS} rounds of fixes; run fplint check --fix again to go on"]


class Counts(TurnRule):
    """A plugin whose fix adds one mark per round until there are ``MAX_ROUNDS`` of them."""

    name = "counts"
    code = "XP004"

    def check(self, turn: Turn) -> Iterator[Finding]:
        prompt = turn.value["system_prompt"]
        if prompt.count("!") < MAX_ROUNDS:
            yield Finding("/system_prompt", "m", fix=Fix.safe("one more", Replace("/system_prompt", prompt + "!")))


def test_when_the_last_round_still_changed_files_what_remains_is_checked_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "convo.json"
    path.write_text(pairs_file(*valid_conversation(1)), encoding="utf-8")
    outcome = fix_paths([str(path)], config(), Engine([Counts()], {}))
    assert path.read_text(encoding="utf-8").count("!") == MAX_ROUNDS
    assert outcome.remaining == 0 and outcome.fixed["counts"] == MAX_ROUNDS
