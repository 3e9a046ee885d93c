"""The wheel carries schemas/ and rules/ and works from a plain (non-editable) install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(dist)],
        check=True,
    )
    [built] = dist.glob("fplint-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True)
    return target


def run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_wheel_contains_schemas_rulesets_and_py_typed(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in ("fplint/_data/schemas/turn.schema.json", "fplint/_data/schemas/dataset.schema.json", "fplint/_data/rules/default.yaml", "fplint/py.typed"):
        assert shipped in names


def test_the_installed_package_finds_its_data_inside_itself(installed: Path, tmp_path: Path) -> None:
    done = run(installed, tmp_path, "-c", "import fplint, fplint.resources as r; print(fplint.__file__); print(r.data_dir())")
    module, data = done.stdout.split()
    assert module.startswith(str(installed)) and data.startswith(str(installed))


def test_the_installed_cli_checks_the_examples(installed: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples" / "valid", tmp_path / "valid")
    done = run(installed, tmp_path, "-m", "fplint", "check", "valid")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All checks passed" in done.stdout


def test_the_installed_cli_prints_the_bundled_schema(installed: Path, tmp_path: Path) -> None:
    done = run(installed, tmp_path, "-m", "fplint", "schema")
    assert done.returncode == 0 and '"$defs"' in done.stdout
