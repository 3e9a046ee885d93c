"""token-budget: a turn's whole training example fits the context window."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule
from fplint.tokens import ESTIMATE, check_spec, tokenizer
from fplint.training import MESSAGE_OVERHEAD, turn_example


class TokenBudget(TurnRule):
    """The turn's full training example fits ``max-tokens`` (the standard: 8,192, the low end
    of the 8K–32K context windows the dataset is made for).

    The example is what ``fplint export`` writes for the turn: the system prompt, the
    conversation history, the user input and the target response, each message counted
    with the ``message-overhead`` tokens a chat template adds around it. The tokenizer
    is ``tokenizer``: ``estimate`` (built in, no dependency; the message says "estimated"),
    the path of a Hugging Face ``tokenizer.json`` (relative to the working directory; needs
    the ``tokenizers`` extra), or ``tiktoken:ENCODING`` (when tiktoken is installed and has
    the encoding in its local cache). fplint never downloads a tokenizer.

    Why: a trainer cuts an example at the context window, and what goes is the end — the
    target response the example exists to teach. The model then learns from a truncated
    reply, or from nothing.

    Fails::

        a turn 9 of a long conversation: history, input and response about 9,400 tokens

    Passes::

        the same conversation split at turn 6, each example under 8,192 tokens
    """

    name = "token-budget"
    code = "FP903"
    options = {
        "max-tokens": Option(int, 8192, "the context window a training example must fit", minimum=1),
        "tokenizer": Option(str, ESTIMATE, "estimate, a tokenizer.json path, or tiktoken:ENCODING"),
        "message-overhead": Option(
            int, MESSAGE_OVERHEAD, "tokens a chat template adds around each message", minimum=0
        ),
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        problem = check_spec(self.opts["tokenizer"])
        if problem is not None:
            from fplint.config import ConfigError

            raise ConfigError(f"rules.{self.name}.tokenizer", problem)

    def check(self, turn: Turn) -> Iterator[Finding]:
        counter = tokenizer(self.opts["tokenizer"])
        example = turn_example(turn.value)
        limit = self.opts["max-tokens"]
        total = example.tokens(counter, self.opts["message-overhead"])
        if total <= limit:
            return
        parts: dict[str, int] = {}
        for message in example.messages:
            part = "history" if message.source.startswith("/conversation_history") else message.role
            parts[part] = parts.get(part, 0) + counter.count(message.content)
        names = {"system": "system prompt", "history": "history", "user": "input", "assistant": "response"}
        shown = ", ".join(f"{names[p]} {n:,}" for p, n in parts.items())
        yield Finding(
            "",
            f"the training example is {counter.describe(total)}, {total - limit:,} over max-tokens "
            f"{limit:,} ({shown}, and {self.opts['message-overhead']} a message for the chat template): "
            "a trainer would cut the response; start a new conversation earlier, shorten the history, "
            "or raise max-tokens for a larger context window",
        )
