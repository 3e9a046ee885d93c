"""sentence-coverage: every sentence of the target response is analysed."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check.text import Haystack, has_words, sentence_spans, strip_markup
from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import TurnRule
from fplint.rules._util import dig, quote

_SENTENCES = "/response_breakdown/sentences"


class SentenceCoverage(TurnRule):
    """Every sentence of ``target_response`` is analysed in ``response_breakdown.sentences``.

    The analysed texts must occur in the response, in order; once they are taken out,
    what is left may hold only whitespace and markdown markup (``#`` headers markers,
    ``-``/``1.`` list markers, ``**``). Markdown headers and list items are sentences
    too. Matching forgives differences of whitespace, emphasis markers and typographic
    quotes. Reported: each analysed text that is not in the response (or not in order),
    and the first unanalysed sentence, at its own column, with how many there are.

    Why: the breakdown is how the model learns *why* each sentence works. An unanalysed
    sentence is a sentence the model imitates without knowing its purpose, and a
    breakdown of 2 sentences out of 13 teaches the opening and nothing else.

    Fails::

        "target_response": "That fear makes sense. Let's look at the numbers.",
        "response_breakdown": {"sentences": [{"text": "That fear makes sense."}]}

    Passes::

        "target_response": "That fear makes sense. Let's look at the numbers.",
        "response_breakdown": {"sentences": [{"text": "That fear makes sense."},
                                             {"text": "Let's look at the numbers."}]}
    """

    name = "sentence-coverage"
    code = "FP501"

    def check(self, turn: Turn) -> Iterator[Finding]:
        response = dig(turn.value, "target_response")
        entries = dig(turn.value, "response_breakdown", "sentences")
        if not isinstance(response, str) or not isinstance(entries, list):
            return
        haystack = Haystack(response)
        covered: list[tuple[int, int]] = []
        cursor = 0
        for i, entry in enumerate(entries):
            text = dig(entry, "text")
            if not isinstance(text, str) or not text.strip():
                continue
            span = haystack.find(text, cursor)
            if span is None:
                yield Finding(join(_SENTENCES, i, "text"), _missing(i, text, haystack))
                continue
            covered.append(span)
            cursor = span[1]
        yield from _unanalysed(response, covered)


def _missing(i: int, text: str, response: Haystack) -> str:
    label = f"sentence {i + 1}'s text {quote(text, 60)}"
    if response.find(text) is not None:
        return (
            f"{label} comes before the previous analysed sentence in target_response (or is "
            "analysed twice): keep the breakdown in the response's order, one entry per sentence"
        )
    return f"{label} does not occur in target_response: copy the sentence exactly as the response has it"


def _unanalysed(response: str, covered: list[tuple[int, int]]) -> Iterator[Finding]:
    gaps: list[tuple[int, int]] = []
    at = 0
    for start, end in sorted(covered):
        if start > at:
            gaps.append((at, start))
        at = max(at, end)
    gaps.append((at, len(response)))
    missing: list[tuple[int, int]] = []
    for start, end in gaps:
        piece = response[start:end]
        if has_words(piece):
            missing.extend((start + s, start + e) for s, e in sentence_spans(piece))
    if not missing:
        return
    first_start, first_end = missing[0]
    first = quote(strip_markup(response[first_start:first_end]))
    if len(missing) == 1:
        message = (
            f"a sentence of target_response is not analysed: {first}; add it to response_breakdown.sentences"
        )
    else:
        message = (
            f"about {len(missing)} sentences of target_response are not analysed, the first: "
            f"{first}; add each to response_breakdown.sentences"
        )
    yield Finding("/target_response", message, offset=first_start)
