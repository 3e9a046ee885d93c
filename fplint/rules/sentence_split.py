"""sentence-split: each analysed text is exactly one sentence of the target response."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.check.text import has_words, is_label, sentence_spans, strip_markup
from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import TurnRule, numbered
from fplint.rules._util import breakdown, quote

_SENTENCES = "/response_breakdown/sentences"
#: Sentences a message quotes before it says how many more there are.
_SHOWN = 4


class SentenceSplit(TurnRule):
    """Each ``text`` in ``response_breakdown.sentences`` is exactly one sentence of
    ``target_response``: not several, not part of one.

    Reported, naming the sentences: an entry whose text holds two or more sentences of the
    response (or, when the text is not in the response, two or more sentences of its own);
    an entry that starts or ends in the middle of a sentence; and one sentence split across
    several entries (one finding, at the first). Sentences are sentence-coverage's, from the
    same splitter: terminal punctuation, or a line break (headers and list items are
    sentences); a bold label such as ``**Control:** text`` belongs to its sentence, and an
    entry may leave it out.

    Why: the seed asks to "analyze EVERY SINGLE sentence" with "text: exact sentence".
    An entry that holds three sentences gives them one function, one technique and one set
    of word choices, so the model learns one reason for three different moves.

    Fails::

        "target_response": "Great questions. Let's tackle them one at a time.",
        "sentences": [{"text": "Great questions. Let's tackle them one at a time."}]

    Passes::

        "target_response": "Great questions. Let's tackle them one at a time.",
        "sentences": [{"text": "Great questions."},
                      {"text": "Let's tackle them one at a time."}]
    """

    name = "sentence-split"
    code = "FP506"

    def check(self, turn: Turn) -> Iterator[Finding]:
        if (found := breakdown(turn.value)) is None:
            return
        response, texts, alignment = found
        sentences = alignment.sentences
        sharing: dict[int, list[int]] = {}  # a sentence -> the entries that hold only part of it
        for i, (text, span, shared) in enumerate(
            zip(texts, alignment.spans, alignment.overlaps, strict=True)
        ):
            if span is None:
                if isinstance(text, str) and len(own := sentence_spans(text)) > 1:
                    yield _merged(i, [text[s:e] for s, e in own])
            elif len(shared) > 1:
                yield _merged(i, [response[s:e] for s, e in (sentences[j] for j in shared)])
            elif shared:
                sharing.setdefault(shared[0], []).append(i)
        for j, holders in sharing.items():
            whole = quote(strip_markup(response[sentences[j][0] : sentences[j][1]]), 100)
            if len(holders) > 1:
                yield Finding(
                    join(_SENTENCES, holders[0], "text"),
                    f"{numbered('entry', [h + 1 for h in holders], 'entries')} each analyse part of one "
                    f"sentence, {whole}: analyse the whole sentence in one entry",
                )
                continue
            i = holders[0]
            span = alignment.spans[i]
            assert span is not None
            start, end = sentences[j]
            before = response[start : span[0]]
            cut_start = has_words(before) and not is_label(before)  # a label may be left out
            cut_end = has_words(response[span[1] : end])
            if cut_start or cut_end:
                where = (
                    "is only the middle"
                    if cut_start and cut_end
                    else "starts in the middle"
                    if cut_start
                    else "ends in the middle"
                )
                yield Finding(
                    join(_SENTENCES, i, "text"),
                    f"entry {i + 1}'s text {where} of the sentence {whole}: analyse the whole sentence",
                )


def _merged(i: int, parts: list[str]) -> Finding:
    shown = [quote(strip_markup(p), 50) for p in parts[:_SHOWN]]
    more = f" and {len(parts) - _SHOWN} more" if len(parts) > _SHOWN else ""
    listed = ", ".join(shown[:-1]) + (f" and {shown[-1]}" if not more else f", {shown[-1]}{more}")
    return Finding(
        join(_SENTENCES, i, "text"),
        f"entry {i + 1} analyses {len(parts)} sentences as one: {listed}; give each sentence an entry of its own",
    )
