"""Links fplint prints (SARIF helpUri, the language server's code links) lead to real sections."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT

from fplint import __version__
from fplint.report.links import REPOSITORY, rule_url
from fplint.rules import BUILTIN_RULES


def anchors(markdown: str) -> set[str]:
    """GitHub's anchors for the headings of a markdown file (lower case, spaces to dashes)."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", markdown, flags=re.MULTILINE):
        found.add(re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-"))
    return found


def test_every_rule_link_is_a_heading_of_docs_rules_md_at_this_versions_tag() -> None:
    known = anchors((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    for rule in BUILTIN_RULES:
        url = rule_url(rule.name)
        assert url is not None
        page, _, anchor = url.partition("#")
        assert page == f"{REPOSITORY}/blob/v{__version__}/docs/rules.md"
        assert anchor in known, f"{rule.name}: docs/rules.md has no heading for #{anchor}"


def test_rules_docs_rules_md_does_not_document_get_no_link() -> None:
    assert rule_url("internal-error") is None
    assert rule_url("my-plugin-rule") is None


def test_the_repository_is_the_one_pyproject_names() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Repository"] == REPOSITORY
