from __future__ import annotations

import os
from pathlib import Path

from helpers import lint

from fplint.read.loader import load
from fplint.rules.unreadable_file import UnreadableFile


def test_a_broken_link_is_reported_and_the_rest_is_checked(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text('{"training_pairs": []}')
    os.symlink(tmp_path / "missing.json", tmp_path / "broken.json")
    report = lint([tmp_path])
    assert [(Path(d.path).name, d.rule) for d in report.diagnostics] == [("broken.json", "unreadable-file")]
    assert report.files == 2


def test_a_directory_named_as_a_file_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    [finding] = list(UnreadableFile().check(load(tmp_path / "dir.json")))
    assert finding.message == "cannot read the file: it is a directory, not a file"


def test_a_readable_file_has_no_finding(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text("{}")
    assert list(UnreadableFile().check(load(tmp_path / "good.json"))) == []
