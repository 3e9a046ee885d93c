"""What a one-file ``fplint check`` loads: the pre-commit case starts only what it uses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from factory import pairs_file, valid_conversation

from fplint.rules import arithmetic

#: Modules a one-file check of a JSON file with a warm memo never needs: YAML (the ruleset is
#: remembered), plugin discovery (remembered), the pure-Python validator, the editor and
#: browser tooling, and what only a run that spills to disk uses (pickle, tempfile).
HEAVY = ("ruamel", "jsonschema", "referencing", "pygls", "selenium", "importlib.metadata", "email", "tempfile", "pickle")


def imported(args: list[str], cwd: Path, env: dict[str, str]) -> set[str]:
    """The modules ``fplint ARGS`` imports, read from ``python -X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fplint", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {
        line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
    }


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FPLINT_CACHE_DIR": str(tmp_path / "cache"),
        "FPLINT_CACHE_KEY": "startup-test",
    }


def test_a_warm_one_file_check_imports_nothing_heavy(tmp_path: Path, env: dict[str, str]) -> None:
    work = tmp_path / "work"  # apart from the cache: the directory's time stamps the plugin memo
    work.mkdir()
    (work / "one.json").write_text(pairs_file(*valid_conversation(2, "fp_startup_001")))
    imported(["check", "one.json"], work, env)  # the memos are written
    modules = imported(["check", "one.json"], work, env)
    assert "fplint.rules.arithmetic" in modules  # the rules ran
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)
    assert loaded == []


def test_the_arithmetic_forms_are_compiled_only_when_a_text_asks_for_them() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import fplint.rules.arithmetic as a; print(a._SUM._compiled is None, a._TIMES._compiled is None);"
            "list(a.claims('$72K + $52K = $120K')); print(a._SUM._compiled is None, a._TIMES._compiled is None)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["True", "True", "False", "True"]


def test_a_lazy_pattern_matches_as_its_compiled_pattern_does() -> None:
    claims = list(arithmetic.claims("a household income of $120K ($72K + $52K) and $10 x 3 = $30"))
    assert [(c.stated.lo, c.computed) for c in claims] == [
        (120_000.0, (124_000.0, 124_000.0)),
        (30.0, (30.0, 30.0)),
    ]
