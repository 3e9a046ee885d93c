"""tactics-reflected: a tactical choice that says the response does something leaves a trace in it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from fplint.model import Finding, Severity, Turn
from fplint.rule import Option, TurnRule
from fplint.rules._util import dig, quote

_SEPARATOR = " => "
#: A flag that says what the response does not do: its absence leaves no trace to look for.
_NEGATIVE = re.compile(r"^(?:avoid|no|not|never|don't|dont|do not|skip|limit|without|minimi[sz]e)\b")

#: What each default trace looks like, in words, for the message (a trace of the user's own is
#: quoted as its pattern).
_WORDS = {
    r"\btax": "mention of tax",
    r"\d": "figure",
    r"\?": "question",
    r"\?|\bwould (?:it|you)\b|\bif you(?:'d| would)? like\b": "question asking their permission",
    r"\bemergency\b|\bsafety net\b|\brainy[- ]day\b": "mention of an emergency fund, safety net or rainy-day fund",
    r"\b(?:wife|husband|spouse|partner)\b": "mention of their wife, husband, spouse or partner",
    r"\b401": "mention of the 401(k)",
    r"\b529\b": "mention of the 529 plan",
    r"\bIRA\b": "mention of the IRA",
    r"\bRoth\b": "mention of the Roth",
    r"\bvest": "mention of vesting",
    r"\bavalanche\b": "mention of the avalanche method",
    r"\bsnowball\b": "mention of the snowball method",
    r"\brule\b|\bguideline\b": "rule or guideline",
    r"(?m)^\s*(?:\d+[.)]|[-*•])\s|\bstep\b|\bfirst\b": "numbered or bulleted list, “step” or “first”",
}


class TacticsReflected(TurnRule):
    """A ``tactical_choices`` flag set to ``true`` says the response does something, and the
    response shows no trace of it: ``mention_tax_implications_briefly: true`` with no word
    about tax, ``use_concrete_numbers: true`` with no figure.

    Which flags leave which traces is the ``traces`` option: pairs of case-insensitive
    regular expressions, ``FLAG => TRACE``. A flag (read as words: ``_`` and ``-`` are
    spaces) that matches a ``FLAG`` pattern is reflected when ``target_response`` matches
    the ``TRACE`` of any pair its name matches. Flags no pair matches are not judged, nor
    flags that say what not to do (``avoid_jargon``, ``limit_to_3_steps``), nor flags set
    to ``false``. Reported at the flag, saying what the response lacks in words ("no
    mention of tax"); a trace of your own is quoted as its pattern.

    In ``strict`` only: flag names are free-form and a trace pattern knows only the
    wording it lists. On the published files it judged 25 of 111 flags and gave two
    findings: a tax flag with no word about tax (true), and
    ``provide_step_by_step_instructions`` on a response that gives its steps as one
    sentence of prose ("log into the portal, find the setting, and update it"), with no
    list, "step" or "first" (false).

    Why: the tactical choices document what the response was written to do; a model
    trained on them learns that the flag and the text go together. A flag the response
    does not honour teaches a plan the example does not carry out, and usually means the
    response was rewritten after the strategy was.

    Fails::

        "tactical_choices": {"mention_tax_implications_briefly": true},
        "target_response": "...nothing about taxes..."

    Passes::

        "tactical_choices": {"mention_tax_implications_briefly": true},
        "target_response": "...When they vest, they count as income, so some goes to taxes..."
    """

    name = "tactics-reflected"
    code = "FP405"
    severity = Severity.WARNING
    options = {
        "traces": Option(
            list,
            [
                r"\btax(?:es)?\b => \btax",
                r"\b(?:numbers?|figures?|math|dollars?|amounts?)\b|\bcalculat|\bquantif => \d",
                r"^ask\b|\bask\b.*\bquestion|\bcheck in\b => \?",
                r"\b(?:ask|seek)(?:s|ing)? (?:for )?permission\b => \?|\bwould (?:it|you)\b|\bif you(?:'d| would)? like\b",
                r"\bemergency fund\b => \bemergency\b|\bsafety net\b|\brainy[- ]day\b",
                r"\b(?:wife|husband|spouse|partner)\b => \b(?:wife|husband|spouse|partner)\b",
                r"\b401 ?k\b => \b401",
                r"\b529\b => \b529\b",
                r"\bira\b => \bIRA\b",
                r"\broth\b => \bRoth\b",
                r"\bvesting\b => \bvest",
                r"\bavalanche\b => \bavalanche\b",
                r"\bsnowball\b => \bsnowball\b",
                r"\brule of thumb\b => \brule\b|\bguideline\b",
                r"\bstep by step\b|\bsteps\b|\bsequen => (?m)^\s*(?:\d+[.)]|[-*•])\s|\bstep\b|\bfirst\b",
            ],
            "pairs of patterns 'FLAG => TRACE': a flag matching FLAG needs a response matching TRACE",
            regex=True,
            pairs=_SEPARATOR,
        ),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        choices = dig(turn.value, "response_strategy", "tactical_choices")
        response = dig(turn.value, "target_response")
        if not isinstance(choices, dict) or not isinstance(response, str):
            return
        traces = _traces(tuple(self.opts["traces"]))
        for flag, value in choices.items():
            if value is not True:
                continue
            words = " ".join(re.sub(r"[_\-]+", " ", flag).lower().split())
            if _NEGATIVE.match(words):
                continue
            wanted = [trace for pattern, trace in traces if pattern.search(words)]
            if not wanted or any(trace.search(response) for trace in wanted):
                continue
            yield Finding(
                "/response_strategy/tactical_choices/" + flag.replace("~", "~0").replace("/", "~1"),
                f"tactical choice {quote(flag, 50)} is true, but target_response shows no trace of it "
                f"({_missing(wanted)}): make the response do it, or set the flag to false",
            )


def _missing(wanted: list[re.Pattern[str]]) -> str:
    """What the response lacks, in words: "no mention of tax"; a trace of the user's own as its pattern."""
    said = [_WORDS[t.pattern] for t in wanted if t.pattern in _WORDS]
    own = [t.pattern for t in wanted if t.pattern not in _WORDS]
    parts = (["no " + " or ".join(dict.fromkeys(said))] if said else []) + (
        [f"nothing matching {quote(' or '.join(own), 60)}"] if own else []
    )
    return ", and ".join(parts)


@lru_cache(maxsize=16)
def _traces(pairs: tuple[str, ...]) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    found = []
    for pair in pairs:
        flag, _, trace = pair.partition(_SEPARATOR)
        found.append((re.compile(flag.strip(), re.IGNORECASE), re.compile(trace.strip(), re.IGNORECASE)))
    return found
