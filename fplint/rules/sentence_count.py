"""sentence-count: total_sentences and sentence numbers agree with the analysed sentences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fplint.check.text import align
from fplint.fix import Fix, Replace
from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import TurnRule, plural
from fplint.rules._util import dig, is_int

_BASE = "/response_breakdown"


class SentenceCount(TurnRule):
    """``response_breakdown.total_sentences`` equals the number of analysed sentences, and
    their ``sentence_number``s run 1..n in order.

    Fix (safe): ``total_sentences`` set to the number analysed, when the analysed texts are
    the response's sentences, one each (else the right total is not certain); the sentences
    renumbered 1..n in the order they are listed.

    When the total claims more sentences than are analysed and ``target_response`` has
    sentences no entry analyses, or entries that hold several, those are
    ``sentence-coverage``'s and ``sentence-split``'s findings, not this rule's.

    Why: a total that disagrees with the list (10 claimed, 11 analysed; 12 claimed, 1
    analysed) is the usual sign of a breakdown cut short or pasted twice, and any tool
    that trusts the total reads past the end or stops early.

    Fails::

        {"total_sentences": 12, "sentences": [{"sentence_number": 1, ...}]}

    Passes::

        {"total_sentences": 2, "sentences": [{"sentence_number": 1, ...},
                                             {"sentence_number": 2, ...}]}
    """

    name = "sentence-count"
    code = "FP502"

    def check(self, turn: Turn) -> Iterator[Finding]:
        breakdown = dig(turn.value, "response_breakdown")
        if not isinstance(breakdown, dict) or not isinstance(breakdown.get("sentences"), list):
            return
        sentences = breakdown["sentences"]
        total = breakdown.get("total_sentences")
        if is_int(total) and total != len(sentences):
            yield from self._total(turn, total, sentences)
        wrong = [
            (position, number)
            for position, number in enumerate(dig(s, "sentence_number") for s in sentences)
            if is_int(number) and number != position + 1
        ]
        if wrong:
            position, number = wrong[0]  # one misnumbering shifts the rest: report the first
            yield Finding(
                join(_BASE, "sentences", position, "sentence_number"),
                f"sentence {position + 1} is numbered {number}; number the sentences 1..n in order",
                fix=Fix.safe(
                    f"renumber {plural(len(wrong), 'sentence')} 1..{len(sentences)} in order",
                    *(Replace(join(_BASE, "sentences", p, "sentence_number"), p + 1) for p, _ in wrong),
                ),
            )

    def _total(self, turn: Turn, total: int, sentences: list[Any]) -> Iterator[Finding]:
        response = dig(turn.value, "target_response")
        if not isinstance(response, str):
            yield self._disagree(
                total, sentences, "make them agree (and analyse every sentence)", certain=False
            )
            return
        alignment = align(response, [dig(s, "text") for s in sentences])
        short = bool(alignment.unanalysed) or any(len(shared) > 1 for shared in alignment.overlaps)
        if total > len(sentences) and short:
            return  # sentences left out or merged: sentence-coverage or sentence-split reports them
        yield self._disagree(
            total,
            sentences,
            "make them agree (and analyse every sentence)" if short else f"set it to {len(sentences)}",
            certain=not short,
        )

    @staticmethod
    def _disagree(total: int, sentences: list[Any], advice: str, certain: bool) -> Finding:
        """The finding; with a fix only when the analysed sentences are the response's, one
        each (else the right total is not the number analysed)."""
        fix = Fix.safe(
            f"set total_sentences to {len(sentences)}",
            Replace(f"{_BASE}/total_sentences", len(sentences)),
        )
        return Finding(
            f"{_BASE}/total_sentences",
            f"total_sentences is {total} but {plural(len(sentences), 'sentence is', 'sentences are')} analysed: "
            + advice,
            fix=fix if certain else None,
        )
