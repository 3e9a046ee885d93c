"""voice: Elena's "NEVER" list from the seed, as phrase lists searched in each response."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from fplint.check.text import sentence_spans
from fplint.model import Finding, Severity, Turn
from fplint.rule import Option, TurnRule
from fplint.rules._literals import finditer, lowered
from fplint.rules._util import dig, quote

_RESPONSE = "/target_response"
#: Double quotes (straight and curly): words inside them are someone else's, often the client's.
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")
#: A figure's digits, as written (``6,000``, ``24``, ``1.5``).
_FIGURE = re.compile(r"\d[\d,.]*\d|\d")


class Voice(TurnRule):
    """The response speaks in Elena's voice: none of the seed's "Elena NEVER" items.

    Four checks, each a list of case-insensitive regular expressions (or, for the glossary,
    terms) you can change:

    - ``should-know``: it assumes the client "should know" something ("you should know",
      "as you know", "obviously", "everyone knows");
    - ``advice`` before ``acknowledgement``: it rushes to solutions before emotions. The
      first sentence gives advice or figures ("you should", "I recommend", "$500",
      "15%", a sentence opening with "Pay", "Open", "Invest") and acknowledges nothing
      ("I hear", "makes sense", "thank you", "scared", "great question"). A figure the
      client wrote in ``current_user_input`` is heard, not advice ("That $6,000 is a
      real start");
    - ``formal``: formal or distant language ("furthermore", "pursuant to", "it is
      recommended", "one should", "the client");
    - ``glossary``: a jargon term ("amortization", "expense ratio", "asset allocation") with
      no ``explanation`` marker ("means", "which is", "in other words", a parenthesis, "is
      when", "is the") in the same sentence or the next.

    A term is judged at its first use in the response (explained there, it is explained
    for the rest). Each finding quotes the words at fault and points at them inside ``target_response``.
    Words inside double quotes are left alone: they are usually the client's own, quoted
    back. A warning: it reads words, not intent, and a phrase list can catch a sentence
    that says it well.

    Why: the seed's voice section says Elena never uses jargon without explaining, never
    assumes they "should know" something, never rushes to solutions before emotions and
    never uses formal or distant language. A model learns the voice from every response it
    is trained on, including the few that slip.

    Fails::

        "target_response": "As you know, you should put $500 a month into an index fund.
                            Furthermore, keep an eye on the expense ratio."

    Passes::

        "target_response": "That worry makes complete sense. Would it help to look at one
                            small step? An expense ratio is the yearly fee a fund charges."
    """

    name = "voice"
    code = "FP404"
    severity = Severity.WARNING
    options = {
        "should-know": Option(
            list,
            [
                r"\byou (?:should|ought to) (?:already )?(?:know|have known|realize|understand)\b",
                r"\bas you (?:already |probably |surely )?know\b",
                r"\bobviously\b",
                r"\b(?:everyone|everybody) knows\b",
                r"\bof course you know\b",
            ],
            "patterns of a response that assumes the client should know something",
            regex=True,
        ),
        "advice": Option(
            list,
            [
                r"[$€£]\s?\d",
                r"\b\d[\d,.]*\s?(?:%|percent\b)",
                r"\byou (?:should|need to|must|have to|ought to)\b",
                r"\bI(?: would|'d|’d)? (?:recommend|suggest|advise)\b",
                r"\bmy (?:advice|recommendation)\b",
                r"\b(?:start|begin) by\b",
                r"^\W*(?:pay|put|open|move|invest|contribute|transfer|sell|buy|increase|max out|switch|"
                r"refinance|cancel|cut|set up)\b",
            ],
            "patterns of a first sentence that gives advice or figures",
            regex=True,
        ),
        "acknowledgement": Option(
            list,
            [
                r"\b(?:hear|heard|understand|feel|feeling|felt|sense|normal|common|valid|thank|appreciat|"
                r"love|glad|great|good|yes|okay|congratulat|courage|brave|proud|fear|afraid|scar|worr|"
                r"anxi|stress|frustrat|shame|ashamed|embarrass|overwhelm|confus|pause|breath|acknowledg|"
                r"exciting|wonderful|amazing|excellent|welcome|sorry|tough|hard|hurt|pain|no stupid|"
                r"not alone|progress|well done|nice work|impressive|celebrat|milestone)",
            ],
            "patterns of a first sentence that acknowledges the client's feelings or words",
            regex=True,
        ),
        "formal": Option(
            list,
            [
                r"\bfurthermore\b",
                r"\bhenceforth\b",
                r"\bheretofore\b",
                r"\bherein\b",
                r"\baforementioned\b",
                r"\bnotwithstanding\b",
                r"\bpursuant to\b",
                r"\bin accordance with\b",
                r"\bplease be advised\b",
                r"\bit is (?:advised|advisable|recommended|imperative)\b",
                r"\bone (?:must|should|ought to)\b",
                r"\bthe client\b",
                r"\bwe regret\b",
            ],
            "patterns of formal or distant language",
            regex=True,
        ),
        "glossary": Option(
            list,
            [
                "amortization",
                "expense ratio",
                "asset allocation",
                "basis point",
                "capital gains",
                "tax-loss harvesting",
                "marginal tax rate",
                "rebalancing",
                "fiduciary",
                "liquidity",
                "dollar-cost averaging",
                "debt-to-income ratio",
            ],
            "jargon terms that need an explanation in the same or the next sentence",
        ),
        "explanation": Option(
            list,
            [
                r"\bmeans?\b",
                r"\bmeaning\b",
                r"\bwhich (?:is|are)\b",
                r"\bthat is\b",
                r"\bi\.e\.",
                r"\bin other words\b",
                r"\bbasically\b",
                r"\bsimply put\b",
                r"\brefers? to\b",
                r"\bcalled\b",
                r"\((?!s\))",
                r"\b(?:is|are) (?:just |simply )?(?:when|how|what|where|the|a|an)\b",
            ],
            "patterns that explain a term nearby",
            regex=True,
        ),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        response = dig(turn.value, "target_response")
        if not isinstance(response, str) or not response.strip():
            return
        quoted = [m.span() for m in _QUOTED.finditer(response)]

        def own(match: re.Match[str]) -> bool:
            return not any(lo <= match.start() < hi for lo, hi in quoted)

        low = lowered(response)
        yield from self._phrases(
            "should-know",
            response,
            low,
            own,
            "assumes the client should know it: Elena never does; say it as new information, plainly",
        )
        spans = sentence_spans(response)
        if spans:
            said = dig(turn.value, "current_user_input")
            yield from self._rush(response, spans[0], said if isinstance(said, str) else "")
        yield from self._phrases(
            "formal",
            response,
            low,
            own,
            "is formal, distant language: Elena talks with the client, warmly and "
            "plainly; say it as you would across a table",
        )
        yield from self._jargon(response, low, spans, own)

    def _phrases(
        self, option: str, response: str, low: str | None, own: Callable[[re.Match[str]], bool], says: str
    ) -> Iterator[Finding]:
        for match in _search(self.opts[option], response, low):
            if own(match):
                yield Finding(_RESPONSE, f"{quote(match.group(), 40)} {says}", offset=match.start())

    def _rush(self, response: str, first: tuple[int, int], said: str) -> Iterator[Finding]:
        sentence = response[first[0] : first[1]]
        low = lowered(sentence)
        if any(True for _ in _search(self.opts["acknowledgement"], sentence, low)):
            return
        heard = set(_FIGURE.findall(said))
        spans = sorted(
            (m.start(), _extent(sentence, m.end())) for m in _search(self.opts["advice"], sentence, low)
        )
        advice = next((span for span in spans if not _echoes(sentence, span, heard)), None)
        if advice is None:
            return
        yield Finding(
            _RESPONSE,
            f"the first sentence gives advice or figures ({quote(sentence[advice[0] : advice[1]], 30)}) before "
            f"acknowledging anything the client feels or said: {quote(sentence, 60)}; acknowledge first, then advise",
            offset=first[0] + advice[0],
        )

    def _jargon(
        self,
        response: str,
        low: str | None,
        spans: list[tuple[int, int]],
        own: Callable[[re.Match[str]], bool],
    ) -> Iterator[Finding]:
        terms = self.opts["glossary"]
        if not terms or not spans:
            return
        words = _term_words(tuple(terms))
        if low is not None and words is not None and not any(word in low for word in words):
            return  # no term can be there: the usual response, decided by a few ``in`` tests
        explanation = self.opts["explanation"]
        done: set[str] = set()  # a term explained, or already reported, once in the response
        for match in _terms(tuple(terms)).finditer(response):
            term = " ".join(re.split(r"[\s-]+", match.group().lower()))
            if term in done or not own(match):
                continue
            done.add(term)
            index = next((i for i, (lo, hi) in enumerate(spans) if lo <= match.start() < hi), None)
            if index is None:
                continue
            lo = match.end()
            hi = spans[index + 1][1] if index + 1 < len(spans) else spans[index][1]
            around = response[spans[index][0] : match.start()] + " " + response[lo:hi]
            if any(True for _ in _search(explanation, around, lowered(around))):
                continue
            yield Finding(
                _RESPONSE,
                f"{quote(match.group(), 40)} is jargon, not explained in this sentence or the next: Elena "
                "never uses jargon without explaining it; say what it means in plain words",
                offset=match.start(),
            )


def _extent(sentence: str, end: int) -> int:
    """Where a match that stops inside a figure ("$6" of "$6,000") would end with all of it."""
    while end < len(sentence) and (
        sentence[end].isdigit() or (sentence[end] in ",." and sentence[end + 1 : end + 2].isdigit())
    ):
        end += 1
    return end


def _echoes(sentence: str, span: tuple[int, int], heard: set[str]) -> bool:
    """True when every figure in ``span`` is one the client wrote: the response says back
    what it heard ("That $6,000 is a real start"), it does not advise."""
    figures = _FIGURE.findall(sentence, *span)
    return bool(figures) and all(f in heard for f in figures)


def _search(patterns: list[str], text: str, low: str | None) -> Iterator[re.Match[str]]:
    """Each pattern's matches in ``text`` in turn; a pattern whose literal ``low`` (the text
    lower-cased) lacks is not searched (most responses hold none of the phrases)."""
    return finditer(patterns, text, low, re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=16)
def _term_words(terms: tuple[str, ...]) -> frozenset[str] | None:
    """The longest word of each glossary term, lower-cased: a match of ``_terms`` holds one
    (``None`` when one is not plain ASCII, which ``lower()`` may not match: σ, ς and Σ)."""
    longest = [max(re.split(r"[\s-]+", term.strip()), key=len).lower() for term in terms if term.strip()]
    if not all(word and word.isascii() for word in longest):
        return None
    return frozenset(longest)


@lru_cache(maxsize=16)
def _terms(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every glossary term: whole words, any case, a space or hyphen alike,
    a plural ``s`` allowed."""
    parts = [
        r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", term.strip()))
        for term in sorted(terms, key=len, reverse=True)
        if term.strip()
    ]
    if not parts:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(parts) + r")(?:e?s)?\b", re.IGNORECASE)
