"""word-choice-count: each analysed sentence explains 3–5 of its word choices."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import Option, TurnRule, count_range, plural
from fplint.rules._util import dig

_BASE = "/response_breakdown/sentences"


class WordChoiceCount(TurnRule):
    """Each analysed sentence's ``word_choice_rationale`` explains ``min``–``max`` words or
    phrases (the standard: 3–5).

    Why: word-choice rationales are how the model learns *linguistic* patterns ("genuinely
    confusing" puts the difficulty in the topic, not the person). One or two per sentence
    is a gloss; the standard asks for the three to five that carry the sentence.

    Fails::

        "word_choice_rationale": {"act like": "suggests performance, not reality"}

    Passes::

        "word_choice_rationale": {"act like": "suggests performance, not reality",
                                  "doesn't mean": "gentle challenge",
                                  "obvious": "names the pressure he feels"}
    """

    name = "word-choice-count"
    code = "FP504"
    options = {
        "min": Option(int, 3, "fewest explained words per sentence", minimum=0),
        "max": Option(int, 5, "most explained words per sentence", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        sentences = dig(turn.value, "response_breakdown", "sentences")
        if not isinstance(sentences, list):
            return
        lo, hi = self.opts["min"], self.opts["max"]
        for position, sentence in enumerate(sentences):
            rationale = dig(sentence, "word_choice_rationale")
            if isinstance(rationale, dict) and not lo <= len(rationale) <= hi:
                yield Finding(
                    join(_BASE, position, "word_choice_rationale"),
                    f"sentence {position + 1} explains {plural(len(rationale), 'word choice')}; "
                    f"the standard asks for {count_range(lo, hi)}",
                )
