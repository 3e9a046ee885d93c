"""arithmetic: the sums, percentages and conversions Elena states add up."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import Option, TurnRule
from fplint.rules._figures import (
    FIGURE,
    FIGURE_RE,
    PERIOD,
    WEEKS,
    Figure,
    S,
    figure_spans,
    mask,
    period_end,
    read_figure,
    show,
)
from fplint.rules._util import LazyPattern, as_list, dig, quote

_F = rf"(?:{FIGURE})(?:{PERIOD})?"
_LINK_WORDS = (
    r"plus|minus|is|are|equals|makes|comes|totals|gives|that|that's|which|would|will|means|or|works|adds"
)
#: Up to ``n`` words naming a figure (``$72K salary``), never a word that links to a result.
_LABEL = r"(?:[ \t]+(?!(?:{words})\b)[a-z][a-z'-]*){{0,{n}}}"
_TERM = rf"{_F}{_LABEL.format(words=_LINK_WORDS, n=3)}"
_PLUS = rf"{S}\+{S}|[ \t]+plus[ \t]+"
_MINUS = rf"{S}−{S}|[ \t]+minus[ \t]+"
_DASH = r"[ \t]+-[ \t]+"  # a minus only in an equation with "=": elsewhere it is a range or a dash
_HEDGE_WORDS = (
    r"about|around|roughly|approximately|approx\.|nearly|almost|close to|some|~"
    r"|more than|over|at least|upwards of|just over|less than|under|at most|just under|up to"
)
_HEDGE = rf"(?:(?:{_HEDGE_WORDS}){S})"
_HEDGED = LazyPattern(
    rf"(?:(?P<up>more than|over|at least|upwards of|just over)|(?P<down>less than|under|at most|just under|up to)"
    rf"|about|around|roughly|approximately|approx\.|nearly|almost|close to|some|~){S}$",
    re.I,
)
_LINK = (
    rf"{S}={S}{_HEDGE}?"
    rf"|[ \t]+(?:equals|is|are|makes|comes to|comes out to|works out to|adds up to|totals|gives you|gives"
    rf"|would be|will be|that's|that is|which is|means)[ \t]+{_HEDGE}?"
)
_OR = rf",?[ \t]+or[ \t]+{_HEDGE}?|{S}\({S}{_HEDGE}?|{S}[—:]{S}{_HEDGE}?"
_RESULT = rf"(?P<result>{FIGURE})"

_SUM = LazyPattern(
    rf"(?P<expr>{_TERM}(?:(?:{_PLUS}|{_MINUS}|{_DASH}){_TERM}){{1,6}})(?P<link>{_LINK}|{S}[—:]{S}{_HEDGE}?){_RESULT}",
    re.I,
)
_BRACKETED = LazyPattern(
    rf"{_RESULT}(?:{PERIOD})?{S}\({S}(?P<expr>{_TERM}(?:(?:{_PLUS}|{_MINUS}){_TERM}){{1,6}}|{_TERM}[ \t]+and[ \t]+{_TERM}){S}\)",
    re.I,
)
_PERCENT_OF = LazyPattern(
    rf"(?P<expr>(?P<pct>{FIGURE}){S}of[ \t]+(?:[A-Za-z'-]+[ \t]+){{0,3}}?(?P<base>{FIGURE})(?:{PERIOD})?"
    rf"{_LABEL.format(words=_LINK_WORDS, n=2)})(?:{_LINK}|{_OR}){_RESULT}",
    re.I,
)
_FOR = LazyPattern(
    rf"(?P<expr>(?P<rate>{FIGURE})(?:{PERIOD})[ \t]+for[ \t]+(?P<count>{FIGURE})[ \t]+(?P<span>months?|years?|weeks?))"
    rf"(?:{_LINK}|{_OR}){_RESULT}",
    re.I,
)
_EACH = LazyPattern(
    rf"(?P<expr>(?P<count>{FIGURE})[ \t]+(?:[A-Za-z'-]+[ \t]+){{0,2}}at[ \t]+(?P<price>{FIGURE})[ \t]+"
    rf"(?:each|apiece|a share|per share|a piece))(?:{_LINK}){_RESULT}",
    re.I,
)
_TIMES = LazyPattern(
    rf"(?P<expr>(?P<a>{FIGURE})(?:{PERIOD})?{_LABEL.format(words=_LINK_WORDS, n=2)}{S}(?:×|\*|[ \t]x[ \t]|[ \t]times[ \t])"
    rf"{S}(?P<b>{FIGURE})(?:{PERIOD})?{_LABEL.format(words=_LINK_WORDS, n=2)})(?:{_LINK}){_RESULT}",
    re.I,
)
_CONVERSION = LazyPattern(
    rf"(?P<expr>(?P<source>{FIGURE})(?:{PERIOD}))"
    rf"(?:,?[ \t]+or[ \t]+|,[ \t]+(?:which is|that's|that is)[ \t]+|{S}={S}|[ \t]+is[ \t]+|{S}\({S}|{S}—{S})"
    rf"{_HEDGE}?{_RESULT}",
    re.I,
)
_OVER = LazyPattern(
    rf"(?P<expr>(?P<total>{FIGURE})[ \t]+over[ \t]+(?:the[ \t]+(?:past|last|next)[ \t]+)?(?P<count>{FIGURE})[ \t]+"
    rf"(?P<span>months?|years?|weeks?))[.!,;]?[ \t]+(?:that's|that is|which is|or)[ \t]+{_HEDGE}?{_RESULT}",
    re.I,
)
#: What may not come right before an expression or right after its result: the expression
#: would be part of a longer one ("$1,000 × 12 + $500 = ...") that this rule cannot read.
_OPERATOR_BEFORE = re.compile(rf"(?:[×*+−/÷=]|\bx|\btimes|\bplus|\bminus|\bby|[ \t]-){S}$", re.I)
_OPERATOR_AFTER = re.compile(rf"{S}(?:[×*+−/÷=]|x\b|times\b|plus\b|minus\b|[-–]?{S}\d)", re.I)
_NOT_BEFORE = re.compile(r"\bnot[ \t]+(?:quite[ \t]+)?(?:about[ \t]+)?$", re.I)
_MINUS_BETWEEN = re.compile(r"−|\bminus\b|[ \t]-[ \t]", re.I)


class _Claim(NamedTuple):
    """An expression, the value it works out to (a range when its terms are), the stated result."""

    span: tuple[int, int]
    computed: tuple[float, float]
    stated: Figure
    exact: bool  # a sum or a product of counts: no slack beyond the result's written place


class Arithmetic(TurnRule):
    """The arithmetic written out in ``target_response`` and the analysed sentences is right.

    Checked, where one sentence states both the terms and the result:

    - a sum or difference and its result: ``$72K + $52K = $124K``, ``46 minus 8 equals 38``,
      and a total followed by its terms in brackets, ``$124K ($72K + $52K)``;
    - a percentage: ``10% of $145K is $14.5K`` (also ``…, or $14.5K``, ``… ($14.5K)``);
    - a rate over a span: ``$500 a month for 12 months is $6,000``;
    - a conversion between periods: ``$4K a year, or $333 a month``, ``$28,000 over 2
      years. That's $14,000 per year``;
    - a product: ``1,000 shares at $175 each is $175,000``, ``12 × $3,500 = $42,000``.

    Figures are read with ``$``, ``K``/``k``/``M``, thousands separators, decimals, ranges
    (``$600-720``, ``50–60%``) and rates (``/month``, ``a year``, ``monthly``). A result
    must be the computed value rounded where it is written (``$124K``: to the thousand); a
    percentage or conversion may also be off by ``relative`` (1%); a hedged result
    (``about``, ``roughly``, ``~``) by ``hedged`` (10%); ``more than`` and ``under`` only
    need the right direction. The message gives the right figure. What this rule cannot
    read gives no finding: an expression inside a longer one, a term only an earlier
    sentence states, ``10% of your take-home``.

    Why: the seed's checklist asks that "financial advice is accurate" and "numbers
    realistic". A response that adds $72K and $52K to $120K teaches the model that a
    confident figure need not be a right one, and a client who checks the sum stops
    trusting everything else Elena said.

    Fails::

        "target_response": "...a household income of $120K ($72K + $52K)..."

    Passes::

        "target_response": "...a household income of $124K ($72K + $52K)..."
    """

    name = "arithmetic"
    code = "FP607"
    options = {
        "relative": Option(
            float, 0.01, "slack for the result of a percentage or conversion (a share)", minimum=0
        ),
        "hedged": Option(
            float, 0.1, "slack for a result hedged with 'about', 'roughly', '~' (a share)", minimum=0
        ),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        response = dig(turn.value, "target_response")
        if isinstance(response, str):
            yield from self._check_text(response, "/target_response")
        else:
            response = ""
        for index, sentence in enumerate(as_list(dig(turn.value, "response_breakdown", "sentences"))):
            text = dig(sentence, "text")
            if isinstance(text, str) and text not in response:  # the response's own finding covers it
                yield from self._check_text(text, join("/response_breakdown/sentences", index, "text"))

    def _check_text(self, text: str, pointer: str) -> Iterator[Finding]:
        seen: set[int] = set()
        for claim in claims(mask(text)):
            if claim.stated.start in seen:
                continue
            seen.add(claim.stated.start)
            right = self.right_figure(claim, text)
            if right is not None:
                stated = text[claim.stated.start : claim.stated.period_end or claim.stated.end]
                yield Finding(
                    pointer,
                    f"{quote(text[claim.span[0] : claim.span[1]], 60)} is {right}, not {stated}: "
                    "correct the figure (or the terms)",
                    offset=claim.stated.start,
                )

    def right_figure(self, claim: _Claim, text: str) -> str | None:
        """The right figure, written like the stated one, when the stated one is wrong."""
        stated, (lo, hi) = claim.stated, claim.computed
        hedge = _HEDGED.search(text, max(0, stated.start - 20), stated.start)
        place = stated.place / 2
        if hedge and hedge["up"]:
            ok = hi >= stated.lo - place
        elif hedge and hedge["down"]:
            ok = lo <= stated.hi + place
        else:
            share = self.opts["hedged"] if hedge else 0.0 if claim.exact else self.opts["relative"]

            def near(computed: float, written: float) -> bool:
                return abs(computed - written) <= max(place, share * abs(computed)) + 1e-9

            if stated.is_range and lo != hi:
                ok = near(lo, stated.lo) and near(hi, stated.hi)
            elif stated.is_range:
                ok = near(lo, stated.lo) or near(lo, stated.hi) or stated.lo <= lo <= stated.hi
            else:
                ok = (
                    stated.lo - place <= lo <= stated.lo + place or near(lo, stated.lo)
                    if lo == hi
                    else lo <= stated.lo <= hi
                )
        if ok:
            return None
        if lo == hi:
            return show(lo, stated, stated.period)
        return f"{show(lo, stated)}–{show(hi, stated, stated.period)}"


def claims(text: str) -> Iterator[_Claim]:
    """Every expression with a stated result this rule can read in ``text`` (masked).

    Each form starts at a figure and holds a second one within ``_REACH`` characters, so only
    figures with a neighbour are tried, each form anchored there: one scan for figures,
    then a few anchored matches — linear, and quick on prose with few numbers.
    """
    spans = figure_spans(text)
    for index, (start, end) in enumerate(spans[:-1]):
        if spans[index + 1][0] - start > _REACH:
            continue
        for pattern, read in _worth_trying(text, start, end):
            match = pattern.match(text, start)
            if match is None or _OPERATOR_BEFORE.search(text, max(0, start - 12), start):
                continue
            if _NOT_BEFORE.search(text, max(0, match.start("result") - 20), match.start("result")):
                continue
            result = read_figure(text, match.start("result"), match.end("result"))
            if result is None or _OPERATOR_AFTER.match(text, result.period_end or result.end):
                continue
            claim = read(match, text, result)
            if claim is not None:
                yield claim


def _worth_trying(text: str, start: int, end: int) -> Iterator[_Form]:
    """The forms that may start at the figure ``text[start:end]``, by a cheap look at what follows."""
    period = period_end(text, end)
    after = period or end
    if _NEXT_BRACKET.match(text, after):
        yield _BRACKETED, _sum
    if _NEXT_OPERATOR.match(text, after):
        yield _SUM, _sum
    if _NEXT_OF.match(text, end) and ("%" in text[start:end] or "percent" in text[start:end]):
        yield _PERCENT_OF, _percent_of
    if period and _NEXT_FOR.match(text, after):
        yield _FOR, _rate_for
    if _NEXT_AT.match(text, end):
        yield _EACH, _each
    if _NEXT_TIMES.match(text, after):
        yield _TIMES, _times
    if _NEXT_OVER.match(text, end):
        yield _OVER, _over
    if period:
        yield _CONVERSION, _conversion


_WORDS = r"(?:[ \t]+[A-Za-z'-]+){0,3}?"
_NEXT_BRACKET = re.compile(rf"{S}\(")
_NEXT_OPERATOR = re.compile(rf"{_WORDS}(?:{_PLUS}|{_MINUS}|{_DASH})", re.I)
_NEXT_OF = re.compile(rf"{S}of[ \t]", re.I)
_NEXT_FOR = re.compile(r"[ \t]+for[ \t]", re.I)
_NEXT_AT = re.compile(rf"{_WORDS}[ \t]+at[ \t]", re.I)
_NEXT_TIMES = re.compile(rf"{_WORDS}{S}(?:×|\*|x[ \t]|times[ \t])", re.I)
_NEXT_OVER = re.compile(r"[ \t]+over[ \t]", re.I)


#: The farthest a form's second figure may start from its first.
_REACH = 160


def _figure(match: re.Match[str], text: str, group: str) -> Figure | None:
    return read_figure(text, match.start(group), match.end(group))


def _sum(match: re.Match[str], text: str, result: Figure) -> _Claim | None:
    link = match.groupdict().get("link") or ""
    if re.search(_DASH, match["expr"]) and not re.match(rf"{S}=|[ \t]+equals", link, re.I):
        return None  # "$500 - $700 is typical": a range, not a difference
    terms = [read_figure(text, m.start(), m.end()) for m in FIGURE_RE.finditer(text, *match.span("expr"))]
    if len(terms) < 2 or any(t is None for t in terms):
        return None
    figures = [t for t in terms if t is not None]
    listed = match.re is _BRACKETED.compiled and not re.search(rf"{_PLUS}|{_MINUS}", match["expr"], re.I)
    if listed and not (len(figures) == 2 and result.money and all(t.money for t in figures)):
        return None  # "$400K (10% and 20% down)": two figures, not necessarily the parts of a whole
    if len({t.percent for t in (*figures, result)}) > 1 or len({t.period for t in figures}) > 1:
        return None
    factor = _factor(figures[0].period, result.period)
    lo = hi = 0.0
    for index, term in enumerate(figures):
        minus = index and _MINUS_BETWEEN.search(
            text, figures[index - 1].period_end or figures[index - 1].end, term.start
        )
        lo, hi = (lo - term.hi, hi - term.lo) if minus else (lo + term.lo, hi + term.hi)
    return _Claim(match.span("expr"), (lo * factor, hi * factor), result, True)


def _percent_of(match: re.Match[str], text: str, result: Figure) -> _Claim | None:
    pct, base = _figure(match, text, "pct"), _figure(match, text, "base")
    if pct is None or base is None or not pct.percent or base.percent or result.percent:
        return None
    factor = _factor(base.period, result.period) / 100
    return _Claim(match.span("expr"), (pct.lo * base.lo * factor, pct.hi * base.hi * factor), result, False)


def _rate_for(match: re.Match[str], text: str, result: Figure) -> _Claim | None:
    rate, count = _figure(match, text, "rate"), _figure(match, text, "count")
    if (
        rate is None
        or count is None
        or rate.period is None
        or rate.percent
        or count.percent
        or result.percent
    ):
        return None
    factor = WEEKS[match["span"].lower().rstrip("s")] / WEEKS[rate.period]
    return _Claim(
        match.span("expr"), (rate.lo * count.lo * factor, rate.hi * count.hi * factor), result, False
    )


def _each(match: re.Match[str], text: str, result: Figure) -> _Claim | None:
    count, price = _figure(match, text, "count"), _figure(match, text, "price")
    if count is None or price is None or count.percent or price.percent or result.percent:
        return None
    return _Claim(match.span("expr"), (count.lo * price.lo, count.hi * price.hi), result, True)


def _times(match: re.Match[str], text: str, result: Figure) -> _Claim | None:
    a, b = _figure(match, text, "a"), _figure(match, text, "b")
    if a is None or b is None or (a.percent and b.percent) or result.percent:
        return None
    scale = (0.01 if a.percent else 1.0) * (0.01 if b.percent else 1.0)
    return _Claim(match.span("expr"), (a.lo * b.lo * scale, a.hi * b.hi * scale), result, scale == 1.0)


def _conversion(match: re.Match[str], text: str, result: Figure) -> _Claim | None:
    source = _figure(match, text, "source")
    if source is None or source.period is None or result.period is None or source.period == result.period:
        return None
    if source.percent or result.percent:
        return None
    return _Claim(match.span("expr"), source.scaled(_factor(source.period, result.period)), result, False)


def _over(match: re.Match[str], text: str, result: Figure) -> _Claim | None:
    total, count = _figure(match, text, "total"), _figure(match, text, "count")
    if total is None or count is None or result.period is None or count.lo == 0 or count.is_range:
        return None
    if total.percent or result.percent or total.period is not None:
        return None
    factor = _factor(match["span"].lower().rstrip("s"), result.period) / count.lo
    return _Claim(match.span("expr"), total.scaled(factor), result, False)


def _factor(source: str | None, target: str | None) -> float:
    """From a rate per ``source`` to one per ``target``; 1 when either is not a rate."""
    return WEEKS[target] / WEEKS[source] if source and target else 1.0


_Form = tuple[LazyPattern, Callable[[re.Match[str], str, Figure], _Claim | None]]
