"""indicator-grounded: indicator examples quote the client's own words."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check.text import Source
from fplint.model import Finding, Severity, Turn
from fplint.read.pointer import join
from fplint.rule import TurnRule
from fplint.rules._util import dig, quote


class IndicatorGrounded(TurnRule):
    """Every example in ``emotional_indicators`` is quoted from ``current_user_input``.

    An example is grounded when its words occur in the message in order; case and
    punctuation do not matter, a few words may be left out (``don't know where to start``
    quotes ``I don't even know where to start``), and parts joined by ``...`` may be far
    apart. A warning: an annotator may paraphrase on purpose.

    Why: the indicators teach the model which words signal an emotion. A paraphrase, or a
    phrase from another turn, teaches it to see signals that are not in the message.

    Fails::

        "current_user_input": "I just nod along at work.",
        "emotional_indicators": {"social_inadequacy": ["everyone seems to get it"]}

    Passes::

        "current_user_input": "I just nod along at work.",
        "emotional_indicators": {"social_inadequacy": ["I just nod along"]}
    """

    name = "indicator-grounded"
    code = "FP304"
    severity = Severity.WARNING

    def check(self, turn: Turn) -> Iterator[Finding]:
        message = dig(turn.value, "current_user_input")
        indicators = dig(turn.value, "emotional_context", "emotional_indicators")
        if not isinstance(message, str) or not isinstance(indicators, dict):
            return
        source = Source(message)
        for category, examples in indicators.items():
            if not isinstance(examples, list):
                continue
            for i, example in enumerate(examples):
                if isinstance(example, str) and example.strip() and not source.quotes(example):
                    yield Finding(
                        join("/emotional_context/emotional_indicators", category, i),
                        f"indicator {quote(example, 60)} ({category}) is not in current_user_input: "
                        "quote the client's exact words",
                    )
