"""word-choice-count: each analysed sentence explains 3–5 of its word choices."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check.text import is_heading, word_count
from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import Option, TurnRule, count_range, numbered, plural
from fplint.rules._util import dig

_BASE = "/response_breakdown/sentences"


class WordChoiceCount(TurnRule):
    """Each analysed sentence's ``word_choice_rationale`` explains ``min``–``max`` words or
    phrases (the standard: 3–5). A header, or a sentence of ``short-words`` words or fewer,
    needs only ``short-min`` (a three-word line has few choices to explain).

    One finding per turn, at the first sentence outside the range, names every such
    sentence and how many each explains.

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
        "short-words": Option(int, 4, "a sentence of this many words or fewer is short", minimum=0),
        "short-min": Option(int, 1, "fewest explained words for a header or a short sentence", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        sentences = dig(turn.value, "response_breakdown", "sentences")
        if not isinstance(sentences, list):
            return
        lo, hi, short_lo = self.opts["min"], self.opts["max"], self.opts["short-min"]
        few: dict[int, int] = {}  # sentence number -> how many it explains
        few_short: dict[int, int] = {}
        many: dict[int, int] = {}
        first: int | None = None
        for position, sentence in enumerate(sentences):
            rationale = dig(sentence, "word_choice_rationale")
            if not isinstance(rationale, dict):
                continue
            n = len(rationale)
            short = self._short(dig(sentence, "text"))
            if n > hi:
                many[position + 1] = n
            elif n < (short_lo if short else lo):
                (few_short if short else few)[position + 1] = n
            else:
                continue
            first = position if first is None else first
        if first is None:
            return
        parts = [
            _explain(group, label)
            for group, label in ((few, "sentence"), (few_short, "short sentence"), (many, "sentence"))
            if group
        ]
        wanted = f"the standard asks for {count_range(lo, hi)}"
        if few_short:
            wanted += (
                f" ({count_range(min(short_lo, hi), hi)} for a header or a sentence of "
                f"{plural(self.opts['short-words'], 'word')} or fewer)"
            )
        yield Finding(join(_BASE, first, "word_choice_rationale"), f"{' and '.join(parts)}; {wanted}")

    def _short(self, text: object) -> bool:
        return isinstance(text, str) and (is_heading(text) or word_count(text) <= self.opts["short-words"])


def _explain(counts: dict[int, int], label: str) -> str:
    """``sentences 1, 3–7 explain 1–2 word choices``."""
    lo, hi = min(counts.values()), max(counts.values())
    verb = "explains" if len(counts) == 1 else "explain"
    return f"{numbered(label, counts)} {verb} {count_range(lo, hi)} word choice{'' if lo == hi == 1 else 's'}"
