"""Figures in prose: ``$120K``, ``1,200``, ``50-60%``, ``$4K–$8K/year``, read into numbers.

Shared by the rules that check numbers (arithmetic) and compare them (persona-consistency).
Every pattern here has bounded repetition, so scanning any text is linear in its length.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

#: Spaces and tabs (markdown emphasis is masked to spaces first, see ``mask``).
S = r"[ \t\u00a0]*"
#: A number as written: thousands separators, decimals; at most 15 digits are read.
_NUMBER = r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,4})?|\d{1,12}(?:\.\d{1,4})?"
_SUFFIX = r"(?:[kKmM](?![A-Za-z])|\s(?:thousand|million)\b)"
_ONE = rf"\$?(?:{_NUMBER})(?:{_SUFFIX})?(?:{S}%|\spercent\b)?"
#: One figure, or a range of two (``$4K-$8K``, ``50–60%``, ``10 to 12``); not a piece of a
#: longer number or word, not ``401(k)``.
FIGURE = rf"(?<![\w.,$]){_ONE}(?:(?:-|{S}–{S}|\sto\s){_ONE})?(?![\w%]|[.,]\d|\(k\))"
FIGURE_RE = re.compile(FIGURE)
#: A per-period rate after a figure: ``/month``, `` a year``, `` per week``, `` monthly``.
_PERIOD = (
    r"(?:/\s?|\s(?:per|a|an|each|every)\s)(?P<unit>month|mo|year|yr|week|wk)\b"
    r"|\s(?P<adverb>monthly|annually|yearly|weekly|per annum)\b"
)
PERIOD = _PERIOD.replace("?P<unit>", "?:").replace("?P<adverb>", "?:")
_PERIODS = {"month": "month", "mo": "month", "monthly": "month", "year": "year", "yr": "year",
            "annually": "year", "yearly": "year", "per annum": "year", "week": "week", "wk": "week",
            "weekly": "week"}  # fmt: skip
#: Weeks in each period, to convert rates between them.
WEEKS = {"week": 1.0, "month": 52 / 12, "year": 52.0}

_ONE_RE = re.compile(rf"(?P<cur>\$)?(?P<num>{_NUMBER})(?P<suf>{_SUFFIX})?(?P<pct>{S}%|\spercent\b)?")
_PERIOD_RE = re.compile(_PERIOD, re.I)
_SCALE = {"k": 1e3, "m": 1e6, "thousand": 1e3, "million": 1e6}


def mask(text: str) -> str:
    """``text`` with markdown emphasis as spaces: same length, so offsets still hold."""
    return text.replace("*", " ").replace("_", " ").replace("`", " ")


_START = re.compile(r"[$\d]")


def figure_spans(text: str) -> list[tuple[int, int]]:
    """Where the figures of ``text`` are, in order (each a ``FIGURE`` match)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (hit := _START.search(text, pos)) is not None:
        figure = FIGURE_RE.match(text, hit.start())
        if figure is None:
            pos = hit.start() + 1
            continue
        spans.append(figure.span())
        pos = figure.end()
    return spans


def period_end(text: str, pos: int) -> int | None:
    """Where a rate's period (``/month``, `` a year``) written at ``pos`` ends, if there is one."""
    after = _PERIOD_RE.match(text, pos)
    return after.end() if after else None


class Figure(NamedTuple):
    """A figure (or range) read from text: its value(s), how it was written, where it is."""

    lo: float
    hi: float
    money: bool
    percent: bool
    place: float  # the place value of its last written digit: $72K → 1000, 2.5 → 0.1
    suffix: str  # "K", "k", "M" or ""
    commas: bool
    start: int
    end: int  # the end of the figure itself, before any period
    period: str | None = None  # "month", "year", "week" for a rate
    period_end: int | None = None

    @property
    def is_range(self) -> bool:
        return self.lo != self.hi

    def scaled(self, factor: float) -> tuple[float, float]:
        return (self.lo * factor, self.hi * factor)


def read_figure(text: str, start: int, end: int) -> Figure | None:
    """The figure written at ``text[start:end]`` (a ``FIGURE`` match), with any period after it."""
    parts = list(_ONE_RE.finditer(text, start, end))
    if not parts or len(parts) > 2:
        return None
    values, places = [], []
    money = any(p["cur"] for p in parts)
    percent = any(p["pct"] for p in parts)
    suffix = next((p["suf"].strip() for p in reversed(parts) if p["suf"]), "")
    for part in parts:
        digits = part["num"].replace(",", "")
        if len(digits.replace(".", "")) > 15:
            return None
        own = (part["suf"] or "").strip().lower()
        scale = _SCALE.get(own or suffix.lower(), 1.0)  # $600-720: the second's suffix serves both
        decimals = len(digits.partition(".")[2])
        values.append(float(digits) * scale)
        places.append(10.0**-decimals * scale)
    lo, hi = values[0], values[-1]
    if lo > hi:
        return None  # "2008-2006" is no range
    period, period_end = None, None
    after = _PERIOD_RE.match(text, end)
    if after:
        period = _PERIODS[(after["unit"] or after["adverb"]).lower()]
        period_end = after.end()
    return Figure(
        lo, hi, money, percent, min(places), suffix, "," in text[start:end], start, end, period, period_end
    )


def show(value: float, like: Figure, period: str | None = None) -> str:
    """``value`` written the way ``like`` is: ``$124K``, ``$333.33``, ``14.5%``, ``1,250``;
    with `` a {period}`` when ``period`` is given."""
    scale = _SCALE.get(like.suffix.lower(), 1.0)
    step = max(like.place, 0.01)  # to the place the stated figure is written to, or finer if that hides it
    for _ in range(2):
        if abs(round(value / step) * step - value) < 1e-9 * max(1.0, abs(value)) or step <= 0.01:
            break
        step = max(step / 10, 0.01)
    scaled = round(value / step) * step / scale
    decimals = max(0, min(2, -math.floor(math.log10(step / scale) + 1e-9)))
    if like.money and not like.suffix and decimals:
        decimals = 2
    body = f"{scaled:,.{decimals}f}"
    if not (like.commas or (not like.suffix and abs(scaled) >= 10_000)):
        body = body.replace(",", "")
    sign = "-" if body.startswith("-") else ""
    text = f"{sign}{'$' if like.money else ''}{body.lstrip('-')}{like.suffix}{'%' if like.percent else ''}"
    return f"{text} a {period}" if period else text
