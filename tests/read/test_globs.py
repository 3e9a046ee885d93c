"""Globs (include, exclude, per-file-ignores, dataset): gitignore-like, and matched in time
proportional to the path times the glob, whatever a config or a file name holds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fplint.read.discover import _compile, matches


@pytest.mark.parametrize(
    "glob, path, expected",
    [
        ("*.json", "a.json", True),
        ("*.json", "data/deep/a.json", True),  # no slash: the name, anywhere
        ("*.json", "a.jsonl", False),
        ("data/*.json", "data/a.json", True),
        ("data/*.json", "data/sub/a.json", False),  # * stays within a folder
        ("data/**/*.json", "data/a.json", True),  # ** may be no folder at all
        ("data/**/*.json", "data/x/y/a.json", True),
        ("legacy/**", "legacy/a/b.json", True),
        ("legacy/", "legacy/a/b.json", True),
        ("legacy", "legacy/a/b.json", True),  # a folder that matches holds everything in it
        ("legacy", "new/legacy.json", False),
        ("./data/?.json", "data/a.json", True),
        ("data\\*.json", "data/a.json", True),
        ("a*b*c.json", "a-b-x-c.json", True),
        ("a*b*c.json", "a-c-b.json", False),
        ("", "a.json", False),
        ("/", "a.json", False),
        ("**", "a/b.json", True),
        ("x\ny.json", "x\ny.json", True),
    ],
)
def test_globs_match_as_documented(glob: str, path: str, expected: bool) -> None:
    assert matches(path, [glob]) is expected


@pytest.mark.parametrize(
    "glob, path",
    [
        ("*a" * 40 + "b", "a" * 250 + ".json"),
        ("**/" * 40 + "*a*a*a*a*b", "/".join(["a" * 200] * 20)),
        ("**/a*/" * 30 + "b", "/".join(["a"] * 2000)),
    ],
)
def test_a_glob_built_to_backtrack_is_matched_at_once(glob: str, path: str, no_hang: None) -> None:
    """These took minutes (a regular expression backtracking over every way to split the name)."""
    assert matches(path, [glob]) is False


def old_regex(glob: str) -> re.Pattern[str]:
    """The translation fplint used before: a regular expression (which could backtrack)."""
    glob = glob.replace("\\", "/").removeprefix("./")
    if "/" not in glob.rstrip("/"):
        glob = "**/" + glob
    if glob.endswith("/"):
        glob += "**"
    out, i = "", 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif glob.startswith("**", i):
            out, i = out + ".*", i + 2
        else:
            out, i = out + {"*": "[^/]*", "?": "[^/]"}.get(glob[i], re.escape(glob[i])), i + 1
    return re.compile(out + "(?:/.*)?", re.DOTALL)


segment = st.text(alphabet="ab.?*", min_size=1, max_size=4).filter(lambda s: "**" not in s) | st.just("**")
globs = st.lists(segment, min_size=1, max_size=4).map("/".join)
paths = st.lists(st.text(alphabet="ab.", min_size=1, max_size=4), min_size=1, max_size=5).map("/".join)


@given(globs, paths)
def test_globs_match_what_the_regular_expressions_matched(glob: str, path: str) -> None:
    """Wherever ``**`` is a whole folder (the documented use), the same answers as before."""
    assert matches(path, [glob]) is bool(old_regex(glob).fullmatch(path))


@given(globs, paths)
def test_a_folder_no_glob_can_match_below_holds_no_match(glob: str, path: str) -> None:
    """What lets a walk skip a folder: ``may_hold`` is false only where nothing below matches,
    and ``covers`` true only where everything below does."""
    parts = path.split("/")
    for cut in range(1, len(parts)):
        folder = _compile(glob)
        if not folder.may_hold(parts[:cut]):
            assert not matches(path, [glob])
        if folder.covers(parts[:cut]):
            assert matches(path, [glob])
