from __future__ import annotations

import pytest
from conftest import ROOT

from fplint import docs
from fplint.check.registry import builtin_rules
from fplint.config import load_config
from fplint.rule import Rule

RULES = builtin_rules()


def test_docs_rules_md_is_up_to_date() -> None:
    config = load_config(discover=False)
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == docs.markdown(config.classes, config.rules), (
        "regenerate it: fplint rules --output-format markdown --isolated > docs/rules.md"
    )


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_rule_documents_what_why_and_a_failing_and_passing_example(rule: type[Rule]) -> None:
    doc = docs.rule_doc(rule)
    assert doc.summary and doc.why and doc.fails and doc.passes


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_option_has_help(rule: type[Rule]) -> None:
    assert all(option.help for option in rule.options.values())


def test_names_and_codes_are_unique_kebab_case_and_grouped() -> None:
    import re

    assert len({r.name for r in RULES}) == len({r.code for r in RULES}) == len(RULES)
    assert all(re.fullmatch(r"[a-z]+(?:-[a-z]+)*", r.name) for r in RULES)
    assert all(re.fullmatch(r"FP[1-9]\d\d", r.code) for r in RULES)
    assert [r.code for r in RULES] == sorted(r.code for r in RULES)


def test_the_example_blocks_keep_their_indentation() -> None:
    from fplint.rules.indicator_count import IndicatorCount

    assert '\n                         "uncertainty_markers": []}' in docs.rule_doc(IndicatorCount).fails
