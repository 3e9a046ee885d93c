"""sentence-coverage: every sentence of the target response is analysed."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check.text import Haystack, strip_markup
from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import TurnRule
from fplint.rules._util import breakdown, quote

_SENTENCES = "/response_breakdown/sentences"


class SentenceCoverage(TurnRule):
    """Every sentence of ``target_response`` is analysed in ``response_breakdown.sentences``.

    The analysed texts must occur in the response, in order; once they are taken out,
    what is left may hold only whitespace and markdown markup (``#`` headers markers,
    ``-``/``1.`` list markers, ``**``). Markdown headers and list items are sentences
    too. Matching forgives differences of whitespace, emphasis markers and typographic
    quotes. Reported: each analysed text that is not in the response (or not in order),
    and the first sentence no text shares a word with, at its own column, with how many
    there are. A sentence only partly analysed, or analysed together with others, is
    ``sentence-split``'s finding: both rules read the same sentences
    (``fplint.check.text.align``).

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
        if (found := breakdown(turn.value)) is None:
            return
        response, texts, alignment = found
        haystack = Haystack(response)
        for i, (text, span) in enumerate(zip(texts, alignment.spans, strict=True)):
            if span is None and isinstance(text, str) and text.strip():
                yield Finding(join(_SENTENCES, i, "text"), _missing(i, text, haystack))
        missing = [alignment.sentences[j] for j in alignment.unanalysed]
        if not missing:
            return
        first_start, first_end = missing[0]
        first = quote(strip_markup(response[first_start:first_end]))
        if len(missing) == 1:
            message = f"a sentence of target_response is not analysed: {first}; add it to response_breakdown.sentences"
        else:
            message = (
                f"about {len(missing)} sentences of target_response are not analysed, the first: "
                f"{first}; add each to response_breakdown.sentences"
            )
        yield Finding("/target_response", message, offset=first_start)


def _missing(i: int, text: str, response: Haystack) -> str:
    label = f"sentence {i + 1}'s text {quote(text, 60)}"
    if response.find(text) is not None:
        return (
            f"{label} comes before the previous analysed sentence in target_response (or is "
            "analysed twice): keep the breakdown in the response's order, one entry per sentence"
        )
    return f"{label} does not occur in target_response: copy the sentence exactly as the response has it"
