"""rationale-sentences: the strategy's rationale is 2–3 sentences."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check.text import count_sentences
from fplint.model import Finding, Severity, Turn
from fplint.rule import Option, TurnRule, count_range, plural
from fplint.rules._util import dig


class RationaleSentences(TurnRule):
    """``response_strategy.primary_rationale`` has ``min``–``max`` sentences (the standard: 2–3).

    A warning: sentences are counted by their closing punctuation, which abbreviations
    can fool.

    Why: the rationale teaches the model *why this strategy for this emotional state*.
    One clipped line ("Shame blocks learning") names a reason without the reasoning; a
    paragraph buries it.

    Fails::

        "primary_rationale": "Shame blocks learning; must create safety first"

    Passes::

        "primary_rationale": "Shame is blocking his ability to take in facts. Naming it
                              first makes the numbers that follow usable."
    """

    name = "rationale-sentences"
    code = "FP401"
    severity = Severity.WARNING
    options = {
        "min": Option(int, 2, "fewest sentences", minimum=0),
        "max": Option(int, 3, "most sentences", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        rationale = dig(turn.value, "response_strategy", "primary_rationale")
        if not isinstance(rationale, str) or not rationale.strip():
            return
        n, lo, hi = count_sentences(rationale), self.opts["min"], self.opts["max"]
        if not lo <= n <= hi:
            yield Finding(
                "/response_strategy/primary_rationale",
                f"primary_rationale has {plural(n, 'sentence')}; the standard asks for {count_range(lo, hi)}: "
                + (
                    "explain why this strategy fits this emotional state"
                    if n < lo
                    else "keep the reasoning, cut the rest"
                ),
            )
