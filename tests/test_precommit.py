"""The hook through the real pre-commit, in a temporary git repository, as a dataset author meets it.

pre-commit clones this repository at HEAD and installs it into its own environment, so
this test checks what is committed; it needs git and the package index (as pre-commit does).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from factory import edit, valid_conversation

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    assert PRE_COMMIT.exists(), "pre-commit is a test dependency: pip install -e '.[test]'"
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


@pytest.fixture
def repo(tmp_path: Path, env: dict[str, str]) -> Path:
    """A dataset repository: conversation fp_marcus_901, turns 1-2 in one file and 3 in a part2."""
    head = git(ROOT, "rev-parse", "HEAD").stdout.strip()
    assert head, "the fplint repository has no commit to install from"
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    turns = valid_conversation(3)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "convo.json").write_text(json.dumps({"training_pairs": turns[:2]}, indent=2))
    (tmp_path / "data" / "convo-part2.json").write_text(json.dumps({"training_pairs": turns[2:]}, indent=2))
    (tmp_path / ".fplint.yaml").write_text("dataset: ['data/**/*.json']\n")
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: fplint\n"
    )
    subprocess.run([str(PRE_COMMIT), "install"], cwd=tmp_path, env=env, check=True, capture_output=True)
    git(tmp_path, "add", "-A")
    done = subprocess.run(["git", "commit", "-qm", "a clean dataset"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp_path


def commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "-A")
    return subprocess.run(["git", "commit", "-qm", message], cwd=repo, env=env, capture_output=True, text=True, check=False)


def change_part2(repo: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = repo / "data" / "convo-part2.json"
    data = json.loads(path.read_text())
    data["training_pairs"] = change(data["training_pairs"])
    path.write_text(json.dumps(data, indent=2))


def test_the_hook_fails_on_a_cross_file_defect_in_the_changed_file_and_passes_once_fixed(repo: Path, env: dict[str, str]) -> None:
    # the commit only touches part2, which now repeats turn 2 of the other file
    turn2 = json.loads((repo / "data" / "convo.json").read_text())["training_pairs"][1]
    change_part2(repo, lambda turns: [*turns, turn2])
    done = commit(repo, env, "repeat a turn")
    assert done.returncode != 0
    # reported once, at the copy to remove (the part2 file's name marks the one to keep)
    said = done.stdout + done.stderr
    assert (
        "data/convo.json:" in said
        and "FP703 duplicate-turn turn id 'fp_marcus_901_turn2' appears 2 times, identical copies: here and in "
        "data/convo-part2.json at /training_pairs/1; keep the copy in data/convo-part2.json" in said
    ), said
    notes = "Warm and specific. The single step fits his state."
    change_part2(repo, lambda turns: [edit(turns[0], {"/training_metadata/reviewer_notes": notes})])
    done = commit(repo, env, "fixed: one copy, and better notes")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("written_for", ["data", "."])
def test_the_hook_passes_once_a_defect_is_baselined(repo: Path, env: dict[str, str], written_for: str) -> None:
    change_part2(repo, lambda turns: [edit(turns[0], {"/training_metadata/generate_variations_count": 40})])
    path = repo / "data" / "convo-part2.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "notes": "a key the layout has not"}, indent=2))
    assert commit(repo, env, "too many variations, and a file-level finding").returncode != 0
    fplint = shutil.which("fplint", path=str(Path(sys.executable).parent))
    subprocess.run([fplint, "baseline", "-o", "fplint-baseline.json", written_for], cwd=repo, check=True, capture_output=True)  # type: ignore[list-item]
    (repo / ".fplint.yaml").write_text("dataset: ['data/**/*.json']\nbaseline: fplint-baseline.json\n")
    done = commit(repo, env, "baseline the old finding")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_hook_reports_only_what_concerns_the_changed_files(repo: Path, env: dict[str, str]) -> None:
    other = repo / "data" / "convo.json"
    data = json.loads(other.read_text())
    data["training_pairs"][0]["training_metadata"]["generate_variations_count"] = 40
    other.write_text(json.dumps(data, indent=2))
    git(repo, "add", "data/convo.json")
    subprocess.run(["git", "commit", "-qm", "old defect", "--no-verify"], cwd=repo, env=env, check=True)
    change_part2(repo, lambda turns: [edit(turns[0], {"/training_metadata/reviewer_notes": "Warm and specific. The pacing fits him."})])
    done = commit(repo, env, "edit part2 only")
    assert done.returncode == 0, done.stdout + done.stderr  # convo.json's old defect is not this commit's


def test_the_hook_with_fix_fixes_the_changed_file_then_passes(repo: Path, env: dict[str, str]) -> None:
    config = repo / ".pre-commit-config.yaml"
    config.write_text(config.read_text() + "        args: [--fix]\n")
    git(repo, "add", ".pre-commit-config.yaml")
    change_part2(repo, lambda turns: [edit(turns[0], {"/response_breakdown/total_sentences": 9})])
    done = commit(repo, env, "a miscounted breakdown")
    assert done.returncode != 0 and "files were modified by this hook" in done.stdout + done.stderr, done.stdout + done.stderr
    fixed = json.loads((repo / "data" / "convo-part2.json").read_text())["training_pairs"][0]
    assert fixed["response_breakdown"]["total_sentences"] == len(fixed["response_breakdown"]["sentences"])
    done = commit(repo, env, "a miscounted breakdown, fixed by the hook")
    assert done.returncode == 0, done.stdout + done.stderr
