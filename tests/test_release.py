"""What users pin matches a release: the version, the changelog, and every `rev:`/`@v` in the docs."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import ROOT

from fplint import __version__

TAG = f"v{__version__}"
PINNED = re.compile(r"(?:rev:\s*|fplint/fplint@|fplint@)(v\d+\.\d+\.\d+)")


def test_the_package_and_the_module_agree_on_the_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__


def test_the_changelog_has_this_version_first_with_its_links() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] — \d{4}-\d\d-\d\d$", text, flags=re.MULTILINE)
    assert releases and releases[0] == __version__
    for release in releases:
        assert re.search(rf"^\[{re.escape(release)}\]: https://", text, flags=re.MULTILINE), release


@pytest.mark.parametrize("name", ["README.md", "docs/ci.md", "docs/editors.md", ".pre-commit-hooks.yaml", "action.yml", "Dockerfile"])
def test_every_pinned_version_in_the_docs_is_this_release(name: str) -> None:
    pinned = PINNED.findall((ROOT / name).read_text(encoding="utf-8"))
    assert all(tag == TAG for tag in pinned), f"{name} pins {sorted(set(pinned))}; this release is {TAG}"


def test_the_docs_pin_a_version_at_all() -> None:
    assert TAG in (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
