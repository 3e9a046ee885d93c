"""strategy-diversity: no primary strategy or opening move dominates the dataset's conversations."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from fplint.model import Finding, Severity, Turn, TurnRef
from fplint.rule import Collected, Dataset, DatasetRule, Option, plural
from fplint.rules._util import as_list, dig, quote

#: What is counted: a label's kind, where it sits in a turn, and how a message names it.
KINDS = (("strategy", "primary strategy"), ("opening", "opening move"))

#: For each kind: label → (the first turn using it, the pointer there, its conversations as
#: keys in reading order); and every conversation seen, as keys.
_Labels = dict[str, tuple[TurnRef, str, dict[str, None]]]
_State = tuple[_Labels, _Labels, dict[str, None]]


class StrategyDiversity(DatasetRule):
    """A ``primary_strategy``, or an opening move (the ``function`` of a response's first
    analysed sentence), is used by more than ``max-share`` (30%) of the dataset's
    conversations.

    Each label is counted once per conversation that uses it at any turn; labels compare
    case-insensitively, with ``_`` and ``-`` read as spaces (``Empathic_Validation`` is
    ``empathic validation``). Judged once the run has ``min-conversations`` conversations
    (10); below that, the run says it skipped the check, as ``quality-distribution``
    does. Reported at the first turn using the label, with the counts. A warning: labels
    are free-form, so two names for one strategy count apart, and one name can cover two.

    Why: the seed's toolkit says "use these strategies across the conversations (don't
    repeat same ones)" and lists structure patterns to vary. A dataset where most
    conversations open the same way teaches the model one opening, whatever the client
    says.

    Fails::

        10 conversations, 4 of them with "primary_strategy": "empathic_validation"  (40%)

    Passes::

        10 conversations, no primary strategy or opening function in more than 3 of them
    """

    name = "strategy-diversity"
    code = "FP803"
    severity = Severity.WARNING
    options = {
        "max-share": Option(
            float, 30, "largest share of conversations one label may be used in, in percent", minimum=0
        ),
        "min-conversations": Option(int, 10, "fewest conversations before the spread is judged", minimum=1),
    }

    def collect(self, turn: Turn) -> tuple[str, str | None, str | None, str] | None:
        conversation = turn.conversation_id
        if not conversation:
            return None
        strategy = _label(dig(turn.value, "response_strategy", "primary_strategy"))
        sentences = as_list(dig(turn.value, "response_breakdown", "sentences"))
        index = next((i for i, s in enumerate(sentences) if dig(s, "sentence_number") == 1), 0)
        opening = _label(dig(sentences[index], "function")) if sentences else None
        return conversation, strategy, opening, f"/response_breakdown/sentences/{index}/function"

    def partial(self, turns: Sequence[Collected]) -> _State:
        state: _State = ({}, {}, {})
        for turn in turns:
            if turn.data is None:
                continue
            conversation, strategy, opening, where = turn.data
            state[2][conversation] = None
            for labels, label, pointer in (
                (state[0], strategy, "/response_strategy/primary_strategy"),
                (state[1], opening, where),
            ):
                if label is None:
                    continue
                if label not in labels:
                    labels[label] = (turn.ref, pointer, {})
                labels[label][2][conversation] = None
        return state

    def merge(self, earlier: _State, later: _State) -> _State:
        for mine, theirs in zip(earlier[:2], later[:2], strict=True):
            for label, (ref, pointer, conversations) in theirs.items():
                if label in mine:
                    mine[label][2].update(conversations)
                else:
                    mine[label] = (ref, pointer, conversations)
        earlier[2].update(later[2])
        return earlier

    def finish(self, state: _State, dataset: Dataset) -> Iterator[Finding]:
        total = len(state[2])
        if total < self.opts["min-conversations"]:
            dataset.notes.append(
                f"{self.name}: skipped, {plural(total, 'conversation')}; the spread of strategies is judged "
                f"from {self.opts['min-conversations']} on"
            )
            return
        limit = self.opts["max-share"]
        for labels, (_, kind) in zip(state[:2], KINDS, strict=True):
            for label, (ref, pointer, conversations) in labels.items():
                share = 100 * len(conversations) / total
                if share <= limit:
                    continue
                yield Finding(
                    pointer,
                    f"{kind} {quote(label, 50)} is used in {len(conversations):,} of {total:,} conversations "
                    f"({share:.0f}%, more than {limit:g}%): the seed asks to vary strategies across conversations; "
                    "choose a different one for some of them",
                    ref=ref,
                )


def _label(value: object) -> str | None:
    """A label as lower-case words: ``Empathic_Validation`` → ``empathic validation``."""
    if not isinstance(value, str):
        return None
    words = " ".join(re.sub(r"[_\-]+", " ", value).lower().split())
    return words or None
