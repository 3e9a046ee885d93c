"""Charts as inline SVG, drawn in Python: no script, no library, no network, a few kilobytes each.

Each chart is a string of SVG markup; every text from the dataset is escaped. Marks carry
``data-*`` attributes with the numbers they show (what the browser test reads) and a
``<title>`` a reader sees on hover.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

#: Colours that read on white and in grey print: blue for values, green for the standard's
#: band, red for what is outside it or over a window.
VALUE = "#3b6fb6"
OFF = "#c0392b"
BAND = "#cfe8d3"
GRID = "#d9dde3"
INK = "#222"
MUTED = "#667"
POSITIVE = "#dff1e2"
NEGATIVE = "#f8e0dc"
NEUTRAL = "#eceef1"
SLOT_COLOURS = ("#2f5f9e", "#6f9bd1", "#b7cdea")


def _svg(width: float, height: float, body: list[str], label: str, kind: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{kind}" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}">'
        + "".join(body)
        + "</svg>"
    )


def _text(
    x: float, y: float, text: str, anchor: str = "start", size: int = 12, fill: str = INK, extra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{extra}>'
        f"{escape(text)}</text>"
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class BandRow:
    """One score of the quality chart: its label, turns, share (percent) and the band."""

    label: str
    turns: int
    share: float | None
    low: float
    high: float


def quality_bands(rows: Sequence[BandRow]) -> str:
    """Each score's actual share as a bar, drawn over the standard's band (shaded)."""
    left, track, row_height, top = 70, 460, 34, 26
    width, height = left + track + 110, top + row_height * len(rows) + 34
    body = [_text(left, 14, "share of scored turns; shaded: the standard's band", size=11, fill=MUTED)]
    for tick in (0, 25, 50, 75, 100):
        x = left + track * tick / 100
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 28}" stroke="{GRID}"/>')
        body.append(_text(x, height - 12, f"{tick}%", "middle", 11, MUTED))
    for index, row in enumerate(rows):
        y = top + index * row_height
        body.append(_text(left - 10, y + 19, row.label, "end", 13))
        if row.high > 0:
            x0, x1 = left + track * row.low / 100, left + track * row.high / 100
            body.append(
                f'<rect class="band" x="{x0:.1f}" y="{y + 2}" width="{max(x1 - x0, 2):.1f}" height="{row_height - 8}" '
                f'fill="{BAND}" data-low="{row.low:g}" data-high="{row.high:g}">'
                f"<title>standard for {escape(row.label)}: {row.low:g}–{row.high:g}%</title></rect>"
            )
        share = row.share or 0.0
        inside = row.low <= share <= row.high if row.high > 0 else share == 0
        colour = VALUE if inside else OFF
        shown = "–" if row.share is None else f"{share:.1f}% ({row.turns:,})"
        body.append(
            f'<rect class="bar" x="{left}" y="{y + 9}" width="{max(track * share / 100, 1):.1f}" height="12" '
            f'fill="{colour}" data-label="{escape(row.label)}" data-share="{share:.1f}" data-turns="{row.turns}">'
            f"<title>{escape(row.label)}: {shown} of scored turns</title></rect>"
        )
        body.append(_text(left + track + 8, y + 19, shown, size=12, fill=colour))
    return _svg(width, height, body, "quality scores against the standard's bands", "quality")


def stacked_counts(rows: Sequence[tuple[str, Sequence[int]]], parts: Sequence[str]) -> str:
    """Horizontal bars, one per label, in segments (primary, secondary, tertiary)."""
    left, track, row_height, top = 190, 360, 20, 30
    largest = max((sum(c) for _, c in rows), default=1) or 1
    width, height = left + track + 50, top + row_height * len(rows) + 8
    body = []
    x: float = left
    for part, colour in zip(parts, SLOT_COLOURS, strict=False):
        body.append(f'<rect x="{x:g}" y="6" width="12" height="12" fill="{colour}"/>')
        body.append(_text(x + 16, 16, part, size=11, fill=MUTED))
        x += 24 + 7 * len(part)
    for index, (label, counts) in enumerate(rows):
        y = top + index * row_height
        body.append(
            _text(left - 8, y + 13, _clip(label, 28), "end", 12, extra=f' data-full="{escape(label)}"')
        )
        x = float(left)
        for part, count, colour in zip(parts, counts, SLOT_COLOURS, strict=False):
            if count:
                w = track * count / largest
                body.append(
                    f'<rect class="segment" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="14" fill="{colour}" '
                    f'data-label="{escape(label)}" data-part="{part}" data-count="{count}">'
                    f"<title>{escape(label)}: {count} as {part}</title></rect>"
                )
                x += w
        body.append(_text(x + 6, y + 14, str(sum(counts)), size=11, fill=MUTED))
    return _svg(width, height, body, "emotions by slot", "emotions")


def arcs(rows: Sequence[tuple[str, Sequence[tuple[str, str | None]]]]) -> str:
    """Each conversation's primary emotions, turn after turn, as chips joined by arrows.

    ``rows``: (conversation, [(emotion, polarity), ...]); a chip is green for a positive
    emotion, red for a negative one, grey when its polarity is not known.
    """
    left, chip, gap, row_height, top = 200, 118, 26, 38, 8
    longest = max((len(r[1]) for r in rows), default=1)
    width, height = left + longest * (chip + gap), top + row_height * len(rows) + 4
    fills = {"positive": POSITIVE, "negative": NEGATIVE}
    body = [
        '<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" '
        f'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="{MUTED}"/></marker></defs>'
    ]
    for index, (conversation, steps) in enumerate(rows):
        y = top + index * row_height
        body.append(
            _text(
                left - 10,
                y + 18,
                _clip(conversation, 26),
                "end",
                12,
                extra=f' data-full="{escape(conversation)}"',
            )
        )
        for step, (emotion, polarity) in enumerate(steps):
            x = left + step * (chip + gap)
            if step:
                body.append(
                    f'<line x1="{x - gap + 2}" y1="{y + 14}" x2="{x - 3}" y2="{y + 14}" stroke="{MUTED}" '
                    'marker-end="url(#arrow)"/>'
                )
            body.append(
                f'<g class="step" data-conversation="{escape(conversation)}" data-turn="{step + 1}" '
                f'data-emotion="{escape(emotion)}">'
                f'<rect x="{x}" y="{y + 2}" width="{chip}" height="24" rx="12" fill="{fills.get(polarity or "", NEUTRAL)}" '
                f'stroke="{GRID}"/>'
                + _text(x + chip / 2, y + 18, _clip(emotion, 17), "middle", 11)
                + f"<title>{escape(conversation)}, turn {step + 1}: {escape(emotion)}</title></g>"
            )
    return _svg(width, height, body, "primary emotion of each turn, by conversation", "arcs")


def histogram(values: Sequence[int], windows: Sequence[int], unit: str, kind: str) -> str:
    """Token lengths in bins, with each context window drawn as a line (or noted, past the axis)."""
    left, plot_width, plot_height, top = 56, 520, 170, 28
    width, height = left + plot_width + 150, top + plot_height + 46
    body: list[str] = []
    if not values:
        body.append(_text(left, top + 20, f"no {unit}", fill=MUTED))
        return _svg(width, height, body, f"{unit}: none", kind)
    high = max(values)
    step = _nice_step(high / 16)
    bins = max(1, math.ceil((high + 1) / step))
    axis = bins * step
    counts = [0] * bins
    for value in values:
        counts[min(value // step, bins - 1)] += 1
    tallest = max(counts)
    bar_width = plot_width / bins
    base = top + plot_height
    body.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_width}" y2="{base}" stroke="{MUTED}"/>')
    for index, count in enumerate(counts):
        low = index * step
        x = left + index * bar_width
        h = plot_height * count / tallest if tallest else 0
        body.append(
            f'<rect class="bin" x="{x + 1:.1f}" y="{base - h:.1f}" width="{max(bar_width - 2, 1):.1f}" height="{h:.1f}" '
            f'fill="{VALUE}" data-low="{low}" data-high="{low + step - 1}" data-count="{count}">'
            f"<title>{low:,}–{low + step - 1:,} tokens: {count:,} {unit}</title></rect>"
        )
        if count:
            body.append(_text(x + bar_width / 2, base - h - 4, f"{count:,}", "middle", 10, MUTED))
    for tick in range(0, bins + 1, max(1, bins // 4)):
        x = left + tick * bar_width
        body.append(_text(x, base + 16, f"{tick * step:,}", "middle", 10, MUTED))
    body.append(_text(left + plot_width / 2, base + 34, "tokens", "middle", 11, MUTED))
    for notes, window in enumerate(windows):
        over = sum(1 for v in values if v > window)
        colour = OFF if over else MUTED
        label = f"{window:,}: {over:,} over"
        if window < axis:
            x = left + plot_width * window / axis
            body.append(
                f'<line class="window" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{base}" stroke="{OFF}" '
                f'stroke-dasharray="4 3" data-window="{window}" data-over="{over}"/>'
            )
            body.append(_text(x + 3, top - 10 + 12 * notes, label, size=10, fill=colour))
        else:
            body.append(
                f'<g class="window" data-window="{window}" data-over="{over}">'
                + _text(left + plot_width + 10, top + 14 + 16 * notes, f"→ {label}", size=11, fill=colour)
                + f"<title>the {window:,}-token window is past the largest value ({high:,})</title></g>"
            )
    return _svg(width, height, body, f"{unit} by token length, against the context windows", kind)


def _nice_step(rough: float) -> int:
    """A bin width of 1, 2, 2.5 or 5 times a power of ten, at least ``rough`` (and at least 1)."""
    if rough <= 1:
        return 1
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= rough:
            return max(1, int(factor * power))
    return int(10 * power)
