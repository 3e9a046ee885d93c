"""``fplint stats`` as text (a terminal) or markdown (a pull request, ``$GITHUB_STEP_SUMMARY``).

Both views lay out the same sections, built once here as titled tables; only the table
syntax differs. Every string from the dataset is escaped for its medium: control
characters never reach a terminal, and markdown or HTML in a label stays text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fplint.report.base import printable
from fplint.report.stats import SLOTS, DatasetStats, Spread

#: Lists longer than this are cut in the text and markdown views (the JSON has everything).
LONGEST = 20


@dataclass
class Section:
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    right: set[int] = field(default_factory=set)  # columns of numbers, aligned right


def sections(stats: DatasetStats) -> Iterator[Section]:
    """The sections of the stats page, in order."""
    yield _conversations(stats)
    yield _quality(stats)
    yield _emotions(stats)
    yield _transitions(stats)
    for title, counter, unit in (
        ("Valence", stats.valence, "turns"),
        ("Indicator categories", stats.indicators, "turns"),
        ("Primary strategies", stats.strategies, "turns"),
        ("Techniques", stats.techniques, "uses"),
        ("Topics", stats.topics, "conversations"),
        ("Client personas", stats.personas, "conversations"),
    ):
        yield _counts(title, counter, unit)
    yield _unusual(stats)
    yield _tokens(stats)
    yield _findings(stats)


def headline(stats: DatasetStats) -> str:
    return (
        f"{_n(len(stats.files), 'file')}, {_n(len(stats.conversations), 'conversation')}, "
        f"{_n(len(stats.turns), 'turn')}: {stats.clean_turns:,} clean (no findings), "
        f"{stats.error_free_turns:,} without errors; "
        f"{_n(stats.errors, 'error')}, {_n(stats.warnings, 'warning')}"
    )


def text(stats: DatasetStats) -> str:
    out = [headline(stats), ""]
    for section in sections(stats):
        out += [section.title, "-" * len(section.title)]
        if section.rows:
            cells = [section.headers, *section.rows]
            cells = [[printable(c) for c in row] for row in cells]
            widths = [max(len(row[i]) for row in cells) for i in range(len(section.headers))]
            for row in cells:
                line = "  ".join(
                    c.rjust(w) if i in section.right else c.ljust(w)
                    for i, (c, w) in enumerate(zip(row, widths, strict=True))
                )
                out.append(line.rstrip())
        out += [printable(n) for n in section.notes]
        out.append("")
    return "\n".join(out)


def markdown(stats: DatasetStats) -> str:
    out = ["## fplint stats", "", _md(headline(stats)) + ".", ""]
    for section in sections(stats):
        out += [f"### {_md(section.title)}", ""]
        if section.rows:
            out.append("| " + " | ".join(_md(h) for h in section.headers) + " |")
            out.append(
                "|"
                + "|".join("---:" if i in section.right else "---" for i in range(len(section.headers)))
                + "|"
            )
            out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in section.rows]
            out.append("")
        out += [_md(n) + "  " for n in section.notes]
        if section.notes:
            out.append("")
    return "\n".join(out)


# -- the sections -------------------------------------------------------------------------


def _conversations(stats: DatasetStats) -> Section:
    section = Section(
        "Conversations",
        ["conversation", "files", "turns", "lines", "clean turns", "errors", "warnings", "quality scores"],
        right={1, 2, 3, 4, 5, 6},
    )
    for c in stats.conversations:
        section.rows.append(
            [
                c.id,
                *_ints(len(c.files), len(c.turns), c.lines, c.clean_turns, c.errors, c.warnings),
                _scores(c.quality),
            ]
        )
    files = {f for c in stats.conversations for f in c.files}
    total = stats.quality
    section.rows.append(
        [
            "all",
            *_ints(
                len(files),
                len(stats.turns),
                sum(c.lines for c in stats.conversations),
                stats.clean_turns,
                sum(c.errors for c in stats.conversations),
                sum(c.warnings for c in stats.conversations),
            ),
            _scores(total),
        ]
    )
    charged = sum(c.errors + c.warnings for c in stats.conversations)
    if charged != stats.errors + stats.warnings:
        left = stats.errors + stats.warnings - charged
        what = (
            "a whole file, the whole dataset or a copy of a turn"
            if stats.copies
            else "a whole file or the whole dataset"
        )
        section.notes.append(
            f"{_n(left, 'more finding')} {'concerns' if left == 1 else 'concern'} {what}, "
            "not a turn of this table (see the findings per rule)."
        )
    if stats.copies:
        copies = "1 identical copy" if stats.copies == 1 else f"{stats.copies:,} identical copies"
        section.notes.append(f"{copies} of a turn (duplicate-turn): counted once, at the copy kept.")
    section.notes.append("lines: the lines the conversation's turns take in their files.")
    return section


def _quality(stats: DatasetStats) -> Section:
    section = Section("Quality scores", ["score", "turns", "share", "standard", "verdict"], right={1, 2, 3})
    for score, label in ((5, "5"), (4, "4"), (3, "3"), (2, "below 3")):
        share = stats.share(score)
        lo, hi = stats.bands.get(score, (0.0, 0.0))
        if share is None:
            verdict = "no scores"
        elif lo <= share <= hi:
            verdict = "within"
        else:
            verdict = "below" if share < lo else "above"
        section.rows.append(
            [label, f"{stats.quality[score]:,}", _pct(share), f"{lo:g}–{hi:g}%" if hi else "none", verdict]
        )
    section.notes.append(
        stats.scored_note() + "; the standard's bands come from the quality-distribution rule's options."
    )
    return section


def _emotions(stats: DatasetStats) -> Section:
    section = Section("Emotions", ["emotion", *SLOTS, "all"], right={1, 2, 3, 4})
    total: Counter[str] = Counter()
    for slot in SLOTS:
        total.update(stats.emotions.get(slot, Counter()))
    for name, n in _top(total):
        section.rows.append([name, *(_int(stats.emotions[slot][name]) for slot in SLOTS), f"{n:,}"])
    section.notes += _cut(total)
    section.notes.append(
        f"{len(total):,} distinct emotions; labels are compared trimmed, in lower case, with _ between words."
    )
    return section


def _transitions(stats: DatasetStats) -> Section:
    section = Section("Emotion transitions", ["from", "to", "count"], right={2})
    transitions = stats.transitions()
    for (before, after), n in sorted(transitions.items(), key=lambda kv: (-kv[1], kv[0]))[:LONGEST]:
        section.rows.append([before, after, f"{n:,}"])
    if len(transitions) > LONGEST:
        section.notes.append(f"… and {len(transitions) - LONGEST:,} more.")
    section.notes.append("The primary emotion of each turn to the next turn's, within a conversation. Arcs:")
    for c in stats.conversations:
        section.notes.append(f"{c.id}: " + " → ".join(t.primary or "?" for t in c.turns))
    return section


def _counts(title: str, counter: Counter[str], unit: str) -> Section:
    section = Section(title, ["value", unit], right={1})
    section.rows = [[name, f"{n:,}"] for name, n in _top(counter)]
    section.notes += _cut(counter)
    return section


def _unusual(stats: DatasetStats) -> Section:
    section = Section("Unusual emotion combinations (edge cases)", ["turn", "where", "emotions", "why"])
    for u in stats.unusual():
        emotions = ", ".join(e.name for e in u.turn.emotions)
        section.rows.append(
            [u.turn.id or "?", f"{Path(u.turn.path).name}:{u.turn.line or 1}", emotions, u.why]
        )
    if not section.rows:
        section.notes.append("None: no turn's emotions pull against each other.")
    unknown = stats.unclassified()
    if unknown:
        section.notes.append(
            "Not judged (no polarity known): " + ", ".join(f"{n} ({c})" for n, c in _top(unknown)) + "."
        )
    return section


def _tokens(stats: DatasetStats) -> Section:
    windows = [f"> {w:,}" for w in stats.windows]
    section = Section(
        "Token lengths",
        ["what", "count", "p50", "p90", "p95", "p99", "max", *windows],
        right=set(range(1, 7 + len(windows))),
    )
    for label, spread in (
        ("turn (input + response)", stats.spread("turn")),
        ("training example (a turn)", stats.spread("example")),
        ("training example (a conversation)", stats.spread("conversation")),
    ):
        section.rows.append([label, *_spread(spread)])
    how = "estimated (the built-in estimate)" if stats.estimated else f"counted with {stats.tokenizer}"
    section.notes.append(
        f"Tokens {how}; a training example is the system prompt, history, input and response, with the "
        "chat template's tokens per message. Percentiles by nearest rank; > N: examples over a context window."
    )
    return section


def _findings(stats: DatasetStats) -> Section:
    section = Section("Findings per rule", ["code", "rule", "severity", "findings", "turns"], right={3, 4})
    section.rows = [[f.code, f.rule, f.severity, f"{f.findings:,}", f"{f.turns:,}"] for f in stats.findings]
    if not section.rows:
        section.notes.append("None.")
    return section


# -- helpers ------------------------------------------------------------------------------


def _spread(spread: Spread) -> list[str]:
    values = [spread.percentile(p) for p in (50, 90, 95, 99)]
    top = max(spread.values) if spread.values else None
    return [
        f"{spread.count:,}",
        *("–" if v is None else f"{v:,}" for v in [*values, top]),
        *(f"{spread.over(w):,}" for w in spread.windows),
    ]


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:LONGEST]


def _cut(counter: Counter[str]) -> list[str]:
    return (
        [f"… and {len(counter) - LONGEST:,} more (all of them: --output-format json)."]
        if len(counter) > LONGEST
        else []
    )


def _scores(counter: Counter[int]) -> str:
    return ", ".join(f"{s}×{n}" for s, n in sorted(counter.items(), reverse=True)) or "–"


def _ints(*values: int) -> list[str]:
    return [f"{v:,}" for v in values]


def _int(value: int) -> str:
    return f"{value:,}" if value else ""


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_BLOCK = re.compile(r"^([#+\-=])")
_MD_NUMBERED = re.compile(r"^(\d+)([.)])")


def _md(text: str) -> str:
    """Markdown that shows ``text`` as written: HTML escaped, markup characters backslashed, one line."""
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_NUMBERED.sub(r"\1\\\2", _MD_BLOCK.sub(r"\\\1", text))
