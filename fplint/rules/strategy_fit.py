"""strategy-fit: the seed's strategy selection logic, checked against each turn's emotions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fplint.model import Finding, Severity, Turn
from fplint.rule import Option, TurnRule
from fplint.rules._util import as_list, dig, is_number, quote

_STRATEGY = "/response_strategy"


class StrategyFit(TurnRule):
    """The response strategy follows the seed's selection logic: above ``intensity``
    (0.7), a primary emotion among ``emotions`` (shame, anxiety, fear) is met with empathic
    validation first; an escalating progression is met with de-escalation techniques.

    Validation comes first when ``primary_strategy``, or the ``function`` of the first
    analysed sentence, matches one of ``validation`` (``validate_fear_then_reframe``,
    ``empathic_validation``, ``acknowledge_the_fear``). A primary emotion counts when one of its words is in
    ``emotions``, so ``financial_shame`` and ``fear_of_mistake`` count. A progression is
    escalating when its ``trajectory`` matches ``escalating`` (``escalating``,
    ``worsening``; not ``de-escalating``), and is met when a ``specific_techniques`` entry
    (its technique or application) or a strategy matches ``de-escalation``. Labels are
    matched case-insensitively, with ``_`` and ``-`` read as spaces. Add your own words
    (``anxious``, ``reassur``) to the lists.

    A warning: it reads labels by pattern, and a label can validate in words no list holds.

    Why: the seed ranks empathic validation first for intense shame, anxiety and fear
    ("APPLY empathic_validation FIRST, THEN gradual_cognitive_reframing"): a client flooded
    with shame does not hear a plan. A model trained on turns that jump to the plan learns
    to skip the one step that makes the plan land.

    Fails::

        "primary": "shame", "intensity": 0.85,
        "primary_strategy": "provide_payoff_plan",
        sentence 1: "function": "state_the_numbers"

    Passes::

        "primary": "shame", "intensity": 0.85,
        "primary_strategy": "validate_shame_then_reframe"
    """

    name = "strategy-fit"
    code = "FP403"
    severity = Severity.WARNING
    options = {
        "intensity": Option(float, 0.7, "validation comes first when intensity is above this", minimum=0),
        "emotions": Option(
            list,
            ["shame", "anxiety", "fear"],
            "primary emotions (words of a label) that need validation first",
        ),
        "validation": Option(
            list,
            [r"validat", r"empath", r"acknowledg"],
            "patterns of a strategy or function that validates",
            regex=True,
        ),
        "escalating": Option(
            list,
            [r"(?<!de )\bescalat", r"\bworsen", r"\bdeteriorat"],
            "patterns of an escalating trajectory",
            regex=True,
        ),
        "de-escalation": Option(
            list,
            [
                r"\bde ?escalat",
                r"\bcalm",
                r"\bground",
                r"\bsooth",
                r"\bslow",
                r"\bpaus",
                r"\bpac(?:e|ing)\b",
                r"\bbreath",
                r"\bsteady",
            ],
            "patterns of a technique or strategy that de-escalates",
            regex=True,
        ),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        strategy = dig(turn.value, "response_strategy")
        if not isinstance(strategy, dict):
            return
        yield from self._validation_first(turn.value, strategy)
        yield from self._de_escalation(turn.value, strategy)

    def _validation_first(self, value: Any, strategy: dict[str, Any]) -> Iterator[Finding]:
        emotions = dig(value, "emotional_context", "detected_emotions")
        primary = dig(emotions, "primary")
        intensity = dig(emotions, "intensity")
        if not isinstance(primary, str) or not is_number(intensity) or intensity <= self.opts["intensity"]:
            return
        wanted = {e.lower() for e in self.opts["emotions"]}
        if not wanted & set(_words(primary).split()):
            return
        chosen = strategy.get("primary_strategy")
        first = _first_function(value)
        if any(
            isinstance(label, str) and _matches(label, self.opts["validation"]) for label in (chosen, first)
        ):
            return
        shown = (
            f"primary_strategy is {quote(chosen, 50)}" if isinstance(chosen, str) else "no primary_strategy"
        )
        if isinstance(first, str):
            shown += f", sentence 1's function is {quote(first, 50)}"
        yield Finding(
            f"{_STRATEGY}/primary_strategy" if isinstance(chosen, str) else _STRATEGY,
            f"primary emotion {quote(primary, 40)} at intensity {intensity:g} calls for empathic validation "
            f"first, but {shown}: make validation the primary strategy, or open with a sentence that validates",
        )

    def _de_escalation(self, value: Any, strategy: dict[str, Any]) -> Iterator[Finding]:
        trajectory = dig(value, "emotional_context", "emotional_progression", "trajectory")
        if not isinstance(trajectory, str) or not _matches(trajectory, self.opts["escalating"]):
            return
        labels = [strategy.get("primary_strategy"), *as_list(strategy.get("secondary_strategies"))]
        for technique in as_list(strategy.get("specific_techniques")):
            labels += [dig(technique, "technique"), dig(technique, "application")]
        if any(isinstance(label, str) and _matches(label, self.opts["de-escalation"]) for label in labels):
            return
        yield Finding(
            f"{_STRATEGY}/specific_techniques" if "specific_techniques" in strategy else _STRATEGY,
            f"the trajectory is {quote(trajectory, 40)} but no technique or strategy de-escalates: "
            "add a de-escalation technique (slow the pace, ground, calm) with emotional pacing control",
        )


def _words(label: str) -> str:
    """A label as lower-case words: ``Fear_of-Mistake`` → ``fear of mistake``."""
    return " ".join(re.sub(r"[_\-]+", " ", label).lower().split())


def _matches(label: str, patterns: list[str]) -> bool:
    words = _words(label)
    return any(re.search(pattern, words) for pattern in patterns)


def _first_function(value: Any) -> Any:
    sentences = as_list(dig(value, "response_breakdown", "sentences"))
    first = next(
        (s for s in sentences if dig(s, "sentence_number") == 1), sentences[0] if sentences else None
    )
    return dig(first, "function")
