"""indicator-count: how many categories of emotional indicators a turn lists."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.brief import clip
from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import Option, TurnRule, count_range, plural
from fplint.rules._util import dig

_BASE = "/emotional_context/emotional_indicators"


class IndicatorCount(TurnRule):
    """``emotional_indicators`` has ``min``–``max`` categories (the standard: 4–6), none empty.

    Each category (``explicit_emotion_words``, ``self_deprecation``, ...) is a list of the
    client's own words that show an emotion; an empty list is reported where it stands.

    Why: the indicators teach the model *what in the message* signals the emotion. Too
    few categories and the model learns to guess from a single cue; too many and the
    annotation turns into noise.

    Fails::

        "emotional_indicators": {"explicit_emotion_words": ["scared"],
                                 "uncertainty_markers": []}

    Passes::

        "emotional_indicators": {"explicit_emotion_words": ["scared"],
                                 "uncertainty_markers": ["I don't know"],
                                 "self_deprecation": ["I feel like an idiot"],
                                 "time_pressure": ["before the deadline"]}
    """

    name = "indicator-count"
    code = "FP303"
    options = {
        "min": Option(int, 4, "fewest indicator categories", minimum=0),
        "max": Option(int, 6, "most indicator categories", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        indicators = dig(turn.value, "emotional_context", "emotional_indicators")
        if not isinstance(indicators, dict):
            return
        lo, hi = self.opts["min"], self.opts["max"]
        if not lo <= len(indicators) <= hi:
            fix = "add categories the message shows" if len(indicators) < lo else "merge or drop the weakest"
            yield Finding(
                _BASE,
                f"{plural(len(indicators), 'indicator category', 'indicator categories')}; "
                f"the standard asks for {count_range(lo, hi)}: {fix}",
            )
        for category, examples in indicators.items():
            if isinstance(examples, list) and not [e for e in examples if isinstance(e, str) and e.strip()]:
                yield Finding(
                    join(_BASE, category),
                    f"indicator category '{clip(category)}' lists no examples: quote the client's "
                    "words that show it, or drop the category",
                )
