from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages, run_rule

from fplint.rules.arithmetic import Arithmetic

R = "/target_response"


def found(text: str, **options: object) -> list[str]:
    return messages(Arithmetic, edit(valid_turn(), {R: text}), **options)


@pytest.mark.parametrize(
    "text, right, stated",
    [
        ("Together that's $120K ($72K + $52K) a year.", "$124K", "$120K"),
        ("Together that's $120K ($72K and $52K) a year.", "$124K", "$120K"),
        ("That's $72K + $52K = $125K.", "$124K", "$125K"),
        ("Your cards add up: $11K + $14K + $7K is $30K.", "$32K", "$30K"),
        ("Take-home after the raise: $6,000 − $1,500 = $4,000.", "$4,500", "$4,000"),
        ("He'll be 38 plus 3 equals 40 by then.", "41", "40"),
        ("10% of your $145K salary is $16K.", "$14.5K", "$16K"),
        ("The match: 6% of $145,000, or $8,000 a year.", "$8,700 a year", "$8,000 a year"),
        ("$500 a month for 12 months is $5,000.", "$6,000", "$5,000"),
        ("$1,200/month for 3 years comes to $40,000.", "$43,200", "$40,000"),
        ("That's $4K-$8K/year, or $350-$650/month.", "$333.33–$666.67 a month", "$350-$650/month"),
        ("$14,400 a year ($1,300 a month) goes to savings.", "$1,200 a month", "$1,300 a month"),
        ("You've saved $28,000 over 2 years. That's $15,000 per year.", "$14,000 a year", "$15,000 per year"),
        ("1,000 shares at $175 each is $170,000.", "$175,000", "$170,000"),
        ("12 × $3,500 = $40,000", "$42,000", "$40,000"),
        ("$2,000/month × 12 months = $20,000", "$24,000", "$20,000"),
        ("50-60% of $1,200 is $600-700.", "$600–$720", "$600-700"),
        ("**$120K** (*$72K* + *$52K*)", "$124K", "$120K"),
    ],
)
def test_a_wrong_result_is_reported_with_the_right_figure(text: str, right: str, stated: str) -> None:
    [message] = found(text)
    assert f" is {right}, not {stated}: correct the figure (or the terms)" in message


@pytest.mark.parametrize(
    "text",
    [
        "Together that's $124K ($72K + $52K) a year.",
        "That's 46 minus 8 equals 38, not 46.",
        "Your cards add up: $11K + $14K + $7K is $32K.",
        "10% of your $145K salary is $14.5K.",
        "28% of $145,000 is about $40K.",  # hedged: 40,600
        "That's $4K-$8K/year, or about $350-$650/month.",  # hedged: 333-667
        "You've saved $28,000 over 2 years. That's $14,000 per year.",
        "1,000 shares at $175 each is $175,000.",
        "12 × $3,500 = $42,000",
        "50-60% of $1,200 is $600-720.",
        "$145K a year is roughly $12K a month.",
        "Savings of $3,000 + $500 is more than $3,000.",  # directional
        "$1,000 × 12 + $500 = $12,500",  # inside a longer expression: not read
        "A range of $500 - $700 is typical.",  # a range, not a difference
        "$1,000 ($500 - $700 depending on the month)",
        "$1,200 is 10% of your take-home.",  # the base is not written here
        "Contribute to your 401(k) + 529 = 930 things to think about.",
        "In 2006-2008 banks lent freely; 2 + 2 is not 5 here.",
        "Your $72K + $52K = $124K + $10K bonus = $134K.",
    ],
)
def test_right_or_unreadable_arithmetic_gives_nothing(text: str) -> None:
    assert found(text) == []


def test_the_finding_points_at_the_stated_figure_inside_the_response() -> None:
    text = "Together that's $120K ($72K + $52K) a year."
    [finding] = run_rule(Arithmetic, edit(valid_turn(), {R: text}))
    assert finding.pointer == R and text[finding.offset :].startswith("$120K")
    assert finding.message == "“$72K + $52K” is $124K, not $120K: correct the figure (or the terms)"


def test_an_analysed_sentence_is_checked_unless_the_response_holds_it() -> None:
    turn = valid_turn()
    sentences = turn["response_breakdown"]["sentences"]
    sentences[0]["text"] = "That's $120K ($72K + $52K)."
    assert [f.pointer for f in run_rule(Arithmetic, turn)] == ["/response_breakdown/sentences/0/text"]
    turn[R.strip("/")] = "That's $120K ($72K + $52K). " + turn["target_response"]
    assert [f.pointer for f in run_rule(Arithmetic, turn)] == [R]


def test_the_slack_is_an_option() -> None:
    assert found("28% of $145,000 is about $36K.") != []
    assert found("28% of $145,000 is about $36K.", hedged=0.2) == []
    assert found("28% of $145,000 is $40,000.") != []
    assert found("28% of $145,000 is $40,000.", relative=0.02) == []


@pytest.mark.parametrize("piece", ["1 + ", "$1 (", "10% of ", "$5K a month for ", "9" * 40 + " + ", "1,000 shares at ", "$1-"])
def test_hostile_text_is_read_without_error(piece: str) -> None:
    assert isinstance(found(piece * 2000 + "= 5"), list)
