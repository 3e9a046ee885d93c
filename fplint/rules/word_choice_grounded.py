"""word-choice-grounded: each explained word or phrase occurs in its sentence."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check.text import Source
from fplint.model import Finding, Severity, Turn
from fplint.read.pointer import join
from fplint.rule import TurnRule
from fplint.rules._util import dig, quote

_BASE = "/response_breakdown/sentences"


class WordChoiceGrounded(TurnRule):
    """Each key of a sentence's ``word_choice_rationale`` occurs in that sentence's ``text``.

    A key is grounded when its words occur in the sentence in order; case, punctuation
    and markdown do not matter, a few words may be left out, and parts joined by ``...``
    may be far apart. A warning: a rationale may name a device (``italics``, ``the
    dash``) rather than quote words.

    Why: a rationale keyed on words the sentence does not contain explains a sentence that
    is not there, usually one that was edited after the analysis was written.

    Fails::

        "text": "That's real progress.",
        "word_choice_rationale": {"huge step": "celebrates the change"}

    Passes::

        "text": "That's real progress.",
        "word_choice_rationale": {"real progress": "celebrates the change"}
    """

    name = "word-choice-grounded"
    code = "FP505"
    severity = Severity.WARNING

    def check(self, turn: Turn) -> Iterator[Finding]:
        sentences = dig(turn.value, "response_breakdown", "sentences")
        if not isinstance(sentences, list):
            return
        for position, sentence in enumerate(sentences):
            text = dig(sentence, "text")
            rationale = dig(sentence, "word_choice_rationale")
            if not isinstance(text, str) or not isinstance(rationale, dict):
                continue
            source = Source(text)
            for key in rationale:
                if not source.quotes(key):
                    yield Finding(
                        join(_BASE, position, "word_choice_rationale", key),
                        f"word choice {quote(key, 50)} is not in sentence {position + 1}'s text: "
                        "explain words the sentence uses",
                    )
