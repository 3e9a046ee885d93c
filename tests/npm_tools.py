"""npm packages the tests run, installed once into ``<repo>/.tools`` at pinned versions.

The test command of the README installs nothing from npm itself: the tests that need a
package call ``ensure``, which runs ``npm install --prefix .tools PACKAGE@VERSION`` when the
pinned version is not there yet. Without npm, the test fails saying what to install; it is
never skipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".tools"
MODULES = TOOLS / "node_modules"


def installed_version(package: str) -> str | None:
    try:
        manifest = json.loads((MODULES / package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = manifest.get("version")
    return version if isinstance(version, str) else None


def ensure(package: str, version: str) -> Path:
    """``.tools/node_modules``, holding ``package`` at ``version`` (installed now if need be)."""
    if installed_version(package) == version:
        return MODULES
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(f"npm is not on PATH: this test needs Node.js and npm to install {package}@{version} into {TOOLS}", pytrace=False)
    command = [npm, "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", f"{package}@{version}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        pytest.fail(f"'{' '.join(command)}' did not finish in 15 minutes", pytrace=False)
    if done.returncode != 0 or installed_version(package) != version:
        pytest.fail(f"'{' '.join(command)}' failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False)
    return MODULES


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is not on PATH: this test runs an npm package with Node.js", pytrace=False)
    return found
