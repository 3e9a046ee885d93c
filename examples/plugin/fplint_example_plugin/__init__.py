"""An example fplint plugin: one turn rule, written exactly like a built-in one."""

from __future__ import annotations

from collections.abc import Iterator

from fplint import Finding, Option, Severity, Turn, TurnRule


class ResponseLength(TurnRule):
    """``target_response`` has at most ``max-words`` words.

    Counted: whitespace-separated words, markdown included.

    Why: a chat reply that needs scrolling loses the anxious reader it was written for;
    the team keeps Elena's replies to what fits on one phone screen.

    Fails::

        "target_response": "<a 400-word reply>"

    Passes::

        "target_response": "That fear makes sense. Let's look at one number together."
    """

    name = "response-length"
    code = "EX101"
    severity = Severity.WARNING
    options = {"max-words": Option(int, 250, "most words in one reply", minimum=1)}

    def check(self, turn: Turn) -> Iterator[Finding]:
        response = turn.value.get("target_response") if isinstance(turn.value, dict) else None
        if isinstance(response, str):
            words = len(response.split())
            if words > self.opts["max-words"]:
                yield Finding(
                    "/target_response",
                    f"target_response has {words} words; keep replies to {self.opts['max-words']}: "
                    "split the teaching across turns",
                )
