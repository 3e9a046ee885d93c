from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fplint.rules._literals import ascii_literal, finditer, lowered, required_literal


@pytest.mark.parametrize(
    "pattern, literal",
    [
        (r"\bTODO\b", "todo"),
        (r"\[\s*(?:\.\.\.|…)\s*\]", "["),
        (r"[<\[{]\s*placeholder\s*[>\]}]", "placeholder"),
        (r"a|b", ""),
        (r"colou?r", "colo"),
        (r"x{2,3}yz", "yz"),
        (r"(?:foo)bar", "bar"),
        (r"\A\s*\Z", ""),
        (r"[]a]bc", "bc"),  # a ] first in a class is one of its characters
        (r"[^]a]bc", "bc"),
        (r"(a[)]b)cd", "cd"),  # a ) in a class does not close the group
    ],
)
def test_required_literal(pattern: str, literal: str) -> None:
    assert required_literal(pattern) == literal


@pytest.mark.parametrize(
    "pattern", [r"\x5bTODO\x5d", r"\u005bTODO", r"\101BC", r"\N{LEFT SQUARE BRACKET}TODO", r"(?x) T O D O"]
)
def test_a_pattern_whose_text_is_not_literal_has_no_literal(pattern: str) -> None:
    assert required_literal(pattern) == ""


def test_a_non_ascii_run_is_not_relied_on() -> None:
    assert ascii_literal("σοφία") == ""


def test_a_letter_that_folds_to_ascii_rules_nothing_out() -> None:
    assert lowered("ſo obviouſly") is None
    assert [
        m.group() for m in finditer([r"\bobviously\b"], "ſo obviouſly", lowered("ſo obviouſly"), re.I)
    ] == ["obviouſly"]


def test_a_pattern_whose_literal_is_absent_is_not_searched() -> None:
    text = "Furthermore, as you know."
    found = finditer([r"\bhenceforth\b", r"\bfurthermore\b", r"\bas you know\b"], text, lowered(text), re.I)
    assert [m.group() for m in found] == ["Furthermore", "as you know"]


_PIECES = st.sampled_from(
    ["a", "b", "k", "s", "i", " ", "ab", r"\b", r"\s", r"\.", ".", "[ab]", "[]k]", "(?:ab|s)", "(?i:K)"]
)
_QUANTIFIERS = st.sampled_from(["", "", "", "?", "*", "+", "{2}", "{1,2}", "*?"])
_TEXT = st.text(alphabet="abkKsſiıİ .\n[]", max_size=30)


@given(st.lists(st.tuples(_PIECES, _QUANTIFIERS), min_size=1, max_size=6), _TEXT)
def test_a_text_a_pattern_matches_holds_its_literal(parts: list[tuple[str, str]], text: str) -> None:
    pattern = "".join(piece + quantifier for piece, quantifier in parts)
    try:
        compiled = re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    except re.error:
        return
    searched = [m.span() for m in finditer([pattern], text, lowered(text), re.IGNORECASE | re.MULTILINE)]
    assert searched == [m.span() for m in compiled.finditer(text)]
