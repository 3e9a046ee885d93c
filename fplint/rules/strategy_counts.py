"""strategy-counts: secondary strategies, tactical choices and techniques in the standard's numbers."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule, count_range, plural
from fplint.rules._util import dig

_BASE = "/response_strategy"


class StrategyCounts(TurnRule):
    """``response_strategy`` has 2–3 ``secondary_strategies``, 5–8 boolean ``tactical_choices``
    and 2–3 ``specific_techniques`` (the standard's numbers; each a pair of options).

    Why: the strategy block teaches *how* a response is built. A single technique, or two
    tactical flags, is too thin to learn a pattern from; a dozen is a checklist, not a
    choice.

    Fails::

        "specific_techniques": [{"technique": "normalization", "application": "...",
                                 "purpose": "..."}]

    Passes::

        "specific_techniques": [{"technique": "normalization", ...},
                                {"technique": "chunking", ...}]
    """

    name = "strategy-counts"
    code = "FP402"
    options = {
        "secondary-min": Option(int, 2, "fewest secondary strategies", minimum=0),
        "secondary-max": Option(int, 3, "most secondary strategies", minimum=0),
        "tactics-min": Option(int, 5, "fewest tactical choices", minimum=0),
        "tactics-max": Option(int, 8, "most tactical choices", minimum=0),
        "techniques-min": Option(int, 2, "fewest specific techniques", minimum=0),
        "techniques-max": Option(int, 3, "most specific techniques", minimum=0),
    }

    _COUNTED = (
        ("secondary_strategies", "secondary", "secondary strategy", "secondary strategies", list),
        ("tactical_choices", "tactics", "tactical choice", "tactical choices", dict),
        ("specific_techniques", "techniques", "specific technique", "specific techniques", list),
    )

    def check(self, turn: Turn) -> Iterator[Finding]:
        strategy = dig(turn.value, "response_strategy")
        if not isinstance(strategy, dict):
            return
        for key, option, one, many, kind in self._COUNTED:
            value = strategy.get(key)
            if not isinstance(value, kind):
                continue  # missing or mistyped: the schema rule says so
            lo, hi = self.opts[f"{option}-min"], self.opts[f"{option}-max"]
            if not lo <= len(value) <= hi:
                yield Finding(
                    f"{_BASE}/{key}",
                    f"{plural(len(value), one, many)}; the standard asks for {count_range(lo, hi)}",
                )
