"""Which folders a run walks: only those where a file of the run can be."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fplint.read import discover as module
from fplint.read.discover import discover, matches


def tree(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("{}", encoding="utf-8")


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the walk lists."""
    seen: list[str] = []
    real = os.scandir

    def spy(path: Any = ".") -> Any:
        seen.append(os.path.basename(os.fspath(path)))
        return real(path)

    monkeypatch.setattr(os, "scandir", spy)
    return seen


def test_a_dataset_glob_walks_only_the_folders_it_can_match(tmp_path: Path, scanned: list[str]) -> None:
    tree(tmp_path, "data/a.json", "other/deep/b.json")
    found, _ = discover([str(tmp_path)], tmp_path, include=["data/*.json"])
    assert found == [str(tmp_path / "data" / "a.json")]
    assert "other" not in scanned and "deep" not in scanned


def test_an_excluded_folder_is_not_walked(tmp_path: Path, scanned: list[str]) -> None:
    tree(tmp_path, "data/a.json", "legacy/deep/b.json")
    found, _ = discover([str(tmp_path)], tmp_path, exclude=["legacy/"])
    assert found == [str(tmp_path / "data" / "a.json")]
    assert "legacy" not in scanned


def test_a_glob_without_a_folder_still_finds_its_files_anywhere(tmp_path: Path) -> None:
    tree(tmp_path, "a/b/c.json", "a/d.json")
    found, _ = discover([str(tmp_path)], tmp_path, include=["c.json"])
    assert found == [str(tmp_path / "a" / "b" / "c.json")]


names = st.sampled_from(["a", "b", "ab", "a.json", "b.json", "ab.json"])
files = st.lists(st.lists(names, min_size=1, max_size=4).map("/".join), max_size=8)
segment = st.sampled_from(["a", "b", "*", "?", "a*", "*.json", "**"])
globs = st.lists(st.lists(segment, min_size=1, max_size=3).map("/".join), max_size=2)


@settings(max_examples=60, deadline=None)
@given(files, globs, globs)
def test_the_walk_finds_what_filtering_every_file_finds(
    paths: list[str], include: list[str], exclude: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        for path in paths:
            try:
                tree(root, path)
            except OSError:  # a name wanted both as a file and as a folder
                continue
        found, _ = discover([name], root, include=include, exclude=exclude)
        everything = [os.path.join(d, f) for d, _, fs in os.walk(name) for f in fs]
        expected = {
            p
            for p in everything
            if (rel := os.path.relpath(p, name).replace(os.sep, "/"))
            and not (exclude and matches(rel, exclude))
            and (not include or matches(rel, include))
            and os.path.splitext(p)[1] == ".json"
        }
        assert set(found) == expected
        assert found == [p for p in module._walk(name, lambda d: True) if p in expected]


path_parts = st.lists(st.sampled_from(["", ".", "..", "a", "b10", "B2", "x.json", "convo-9.json", " s p "]), max_size=6)


@given(path_parts, st.booleans())
def test_a_paths_order_is_each_folders_natural_order(parts: list[str], absolute: bool) -> None:
    path = ("/" if absolute else "") + "/".join(parts)
    expected = tuple(module.natural(part) for part in os.path.normpath(path).split(os.sep))
    assert module.path_order(path) == expected
