"""The numbers behind ``fplint stats`` and ``fplint report --html``, from the turns and a lint report.

Everything here is counted from the turns' own values (``fplint.load``) and the run's
diagnostics; views (text, markdown, JSON, HTML) only lay it out. Percentiles are by nearest
rank: the p-th percentile of n sorted values is the value at rank ceil(p/100 · n), so every
figure is one of the values and can be found in the files.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fplint.check.report import Report
from fplint.check.spool import charged
from fplint.model import Diagnostic
from fplint.read.turns import LoadedTurn
from fplint.report.polarity import NEGATIVE, POSITIVE, polarity
from fplint.rules._util import dig, is_int, is_number
from fplint.tokens import Tokenizer
from fplint.training import MESSAGE_OVERHEAD, conversation_example, turn_example

PERCENTILES = (50, 90, 95, 99)
SLOTS = ("primary", "secondary", "tertiary")
#: The seed's bands for the quality-score distribution (the quality-distribution rule's defaults).
DEFAULT_BANDS = {5: (60.0, 70.0), 4: (20.0, 30.0), 3: (5.0, 15.0)}


@dataclass(frozen=True)
class Emotion:
    slot: str
    name: str
    confidence: float | None


@dataclass(frozen=True)
class TurnRow:
    """One turn as the statistics see it."""

    path: str
    pointer: str
    line: int | None
    lines: int
    id: str | None
    conversation: str
    number: int | None
    quality: int | None
    emotions: tuple[Emotion, ...]
    valence: str | None
    turn_tokens: int
    example_tokens: int
    errors: int
    warnings: int

    @property
    def clean(self) -> bool:
        """No finding charged to the turn (as ``fplint check`` counts clean turns)."""
        return self.errors == 0 and self.warnings == 0

    @property
    def primary(self) -> str | None:
        return next((e.name for e in self.emotions if e.slot == "primary"), None)


@dataclass
class ConversationRow:
    """One conversation: its files and turns, and what the run found in them."""

    id: str
    files: list[str]
    turns: list[TurnRow]
    persona: str | None
    topic: str | None
    example_tokens: int
    refusal: str | None  # why the whole conversation makes no training example, if it does not

    @property
    def lines(self) -> int:
        return sum(t.lines for t in self.turns)

    @property
    def clean_turns(self) -> int:
        return sum(1 for t in self.turns if t.clean)

    @property
    def errors(self) -> int:
        return sum(t.errors for t in self.turns)

    @property
    def warnings(self) -> int:
        return sum(t.warnings for t in self.turns)

    @property
    def quality(self) -> Counter[int]:
        return Counter(t.quality for t in self.turns if t.quality is not None)


@dataclass(frozen=True)
class Spread:
    """Token lengths of some examples: count, percentiles, and how many exceed each window."""

    values: tuple[int, ...]
    windows: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.values)

    def percentile(self, p: float) -> int | None:
        if not self.values:
            return None
        ordered = sorted(self.values)
        return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]

    def over(self, window: int) -> int:
        return sum(1 for v in self.values if v > window)

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "min": min(self.values) if self.values else None,
            **{f"p{p}": self.percentile(p) for p in PERCENTILES},
            "max": max(self.values) if self.values else None,
            "mean": round(sum(self.values) / len(self.values), 1) if self.values else None,
            "over": {str(w): self.over(w) for w in self.windows},
        }


@dataclass(frozen=True)
class Unusual:
    """A turn for the edge-case collection: its emotions, and why they are unusual together."""

    turn: TurnRow
    why: str


@dataclass(frozen=True)
class RuleCount:
    rule: str
    code: str
    severity: str
    findings: int
    turns: int


@dataclass
class DatasetStats:
    """Everything ``fplint stats`` shows."""

    files: list[str]
    turns: list[TurnRow]
    conversations: list[ConversationRow]
    bands: dict[int, tuple[float, float]]
    tokenizer: str
    estimated: bool
    windows: tuple[int, ...]
    findings: list[RuleCount]
    errors: int
    warnings: int
    unscored: int = 0
    copies: int = 0  # identical copies of turns (duplicate-turn), counted once, at the copy kept
    odd_scores: list[Any] = field(default_factory=list)  # quality_score values that are no whole number
    emotions: dict[str, Counter[str]] = field(default_factory=dict)
    valence: Counter[str] = field(default_factory=Counter)
    indicators: Counter[str] = field(default_factory=Counter)
    strategies: Counter[str] = field(default_factory=Counter)
    techniques: Counter[str] = field(default_factory=Counter)
    topics: Counter[str] = field(default_factory=Counter)
    personas: Counter[str] = field(default_factory=Counter)

    @property
    def clean_turns(self) -> int:
        return sum(1 for t in self.turns if t.clean)

    @property
    def error_free_turns(self) -> int:
        """Turns with no error (warnings allowed): what ``fplint export --only-clean`` writes."""
        return sum(1 for t in self.turns if t.errors == 0)

    @property
    def quality(self) -> Counter[int]:
        """Turns per score; every score below 3 counts as 2."""
        return Counter(
            min(t.quality, 5) if t.quality >= 3 else 2 for t in self.turns if t.quality is not None
        )

    @property
    def scored(self) -> int:
        return sum(self.quality.values())

    def scored_note(self) -> str:
        """How many turns the shares are of, and which turns they leave out."""
        text = f"{self.scored:,} scored turn{'' if self.scored == 1 else 's'}"
        missing = self.unscored - len(self.odd_scores)
        if missing:
            text += f"; {missing:,} without a quality_score"
        if self.odd_scores:
            shown = ", ".join(repr(v) if isinstance(v, str) else str(v) for v in self.odd_scores[:5])
            more = ", …" if len(self.odd_scores) > 5 else ""
            text += f"; {len(self.odd_scores):,} whose quality_score is not a whole number ({shown}{more})"
        return text

    def share(self, score: int) -> float | None:
        """The percentage of scored turns with ``score`` (2: below 3)."""
        return 100 * self.quality[score] / self.scored if self.scored else None

    def transitions(self) -> Counter[tuple[str, str]]:
        """(earlier primary, next primary) of consecutive turns of each conversation."""
        found: Counter[tuple[str, str]] = Counter()
        for conversation in self.conversations:
            for before, after in zip(conversation.turns, conversation.turns[1:], strict=False):
                consecutive = before.number is not None and after.number == before.number + 1
                if consecutive and before.primary and after.primary:
                    found[(before.primary, after.primary)] += 1
        return found

    def unusual(self) -> list[Unusual]:
        """The seed's edge-case collection: turns whose emotions pull against each other."""
        found = []
        for turn in self.turns:
            why = _unusual(turn)
            if why:
                found.append(Unusual(turn, why))
        return found

    def unclassified(self) -> Counter[str]:
        """Emotion labels the polarity lexicon does not know (not judged for edge cases)."""
        return Counter(e.name for t in self.turns for e in t.emotions if polarity(e.name) is None)

    def spread(self, which: str) -> Spread:
        """``turn`` (input and response), ``example`` (a turn's whole example) or ``conversation``."""
        if which == "turn":
            values = tuple(t.turn_tokens for t in self.turns)
        elif which == "example":
            values = tuple(t.example_tokens for t in self.turns)
        else:
            values = tuple(c.example_tokens for c in self.conversations)
        return Spread(values, self.windows)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (``fplint stats --output-format json``)."""
        from fplint import __version__

        def counts(counter: Counter[str]) -> dict[str, int]:
            return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))

        labels = {5: "5", 4: "4", 3: "3", 2: "below 3"}
        return {
            "fplint_version": __version__,
            "summary": {
                "files": len(self.files),
                "conversations": len(self.conversations),
                "turns": len(self.turns),
                "copies_counted_once": self.copies,
                "clean_turns": self.clean_turns,
                "error_free_turns": self.error_free_turns,
                "errors": self.errors,
                "warnings": self.warnings,
            },
            "conversations": [
                {
                    "id": c.id,
                    "files": c.files,
                    "turns": len(c.turns),
                    "lines": c.lines,
                    "clean_turns": c.clean_turns,
                    "errors": c.errors,
                    "warnings": c.warnings,
                    "quality": {str(s): n for s, n in sorted(c.quality.items(), reverse=True)},
                    "persona": c.persona,
                    "topic": c.topic,
                }
                for c in self.conversations
            ],
            "quality": {
                "scored": self.scored,
                "unscored": self.unscored,
                "not_whole_numbers": self.odd_scores,
                "scores": {
                    labels[s]: {
                        "turns": self.quality[s],
                        "share": _round(self.share(s)),
                        "band": list(self.bands[s]) if s in self.bands else [0, 0],
                    }
                    for s in (5, 4, 3, 2)
                },
            },
            "emotions": {slot: counts(self.emotions.get(slot, Counter())) for slot in SLOTS},
            "transitions": [
                {"from": a, "to": b, "count": n}
                for (a, b), n in sorted(self.transitions().items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "arcs": [
                {"conversation": c.id, "primaries": [t.primary for t in c.turns]} for c in self.conversations
            ],
            "valence": counts(self.valence),
            "indicator_categories": counts(self.indicators),
            "strategies": counts(self.strategies),
            "techniques": counts(self.techniques),
            "topics": counts(self.topics),
            "personas": counts(self.personas),
            "unusual_emotions": [
                {
                    "turn_id": u.turn.id,
                    "path": u.turn.path,
                    "line": u.turn.line,
                    "emotions": {e.slot: e.name for e in u.turn.emotions},
                    "valence": u.turn.valence,
                    "why": u.why,
                }
                for u in self.unusual()
            ],
            "unclassified_emotions": counts(self.unclassified()),
            "tokens": {
                "tokenizer": self.tokenizer,
                "estimated": self.estimated,
                "windows": list(self.windows),
                "turn": self.spread("turn").as_dict(),
                "example": self.spread("example").as_dict(),
                "conversation": self.spread("conversation").as_dict(),
            },
            "findings": [
                {
                    "rule": f.rule,
                    "code": f.code,
                    "severity": f.severity,
                    "findings": f.findings,
                    "turns": f.turns,
                }
                for f in self.findings
            ],
        }


def collect(
    turns: Iterable[LoadedTurn],
    report: Report,
    tokenizer: Tokenizer,
    windows: Sequence[int],
    bands: Mapping[int, tuple[float, float]] = DEFAULT_BANDS,
    overhead: int = MESSAGE_OVERHEAD,
) -> DatasetStats:
    """Count everything from the run's turns (reading order) and its report."""
    verdicts = {(v.path, v.pointer): (v.errors, v.warnings) for v in report.by_turn(diagnostics=False)}
    # an identical copy of a turn (duplicate-turn keeps another) is one turn, counted once
    every = list(turns)
    loaded = [t for t in every if (t.path, t.pointer) not in report.copies]
    rows = [_row(t, verdicts.get((t.path, t.pointer), (0, 0)), tokenizer, overhead) for t in loaded]
    stats = DatasetStats(
        files=list(report.paths),
        turns=rows,
        conversations=_conversations(loaded, rows, tokenizer, overhead),
        bands=dict(bands),
        tokenizer=tokenizer.name,
        estimated=tokenizer.estimated,
        windows=tuple(sorted(set(windows))),
        findings=_findings(report.diagnostics),
        errors=report.errors,
        warnings=report.warnings,
    )
    stats.unscored = sum(1 for r in rows if r.quality is None)
    stats.copies = len(every) - len(loaded)
    for turn in loaded:
        raw = dig(turn.value, "training_metadata", "quality_score")
        if raw is not None and not is_int(raw):
            stats.odd_scores.append(raw)
    for slot in SLOTS:
        stats.emotions[slot] = Counter(e.name for r in rows for e in r.emotions if e.slot == slot)
    stats.valence = Counter(r.valence or "(not stated)" for r in rows)
    for turn in loaded:
        indicators = dig(turn.value, "emotional_context", "emotional_indicators")
        if isinstance(indicators, dict):
            stats.indicators.update(str(k) for k in indicators)
        strategy = _label(dig(turn.value, "response_strategy", "primary_strategy"))
        if strategy:
            stats.strategies[strategy] += 1
        techniques = dig(turn.value, "response_strategy", "specific_techniques")
        for technique in techniques if isinstance(techniques, list) else []:
            name = _label(technique.get("technique")) if isinstance(technique, dict) else None
            if name:
                stats.techniques[name] += 1
    for conversation in stats.conversations:
        stats.topics[conversation.topic or "(not stated)"] += 1
        stats.personas[conversation.persona or "(not stated)"] += 1
    return stats


def bands_of(options: Mapping[str, Any]) -> dict[int, tuple[float, float]]:
    """The quality bands the quality-distribution rule is configured with."""
    return {
        score: (float(options.get(f"{key}-min", lo)), float(options.get(f"{key}-max", hi)))
        for score, key, (lo, hi) in (
            (5, "fives", DEFAULT_BANDS[5]),
            (4, "fours", DEFAULT_BANDS[4]),
            (3, "threes", DEFAULT_BANDS[3]),
        )
    }


def _row(turn: LoadedTurn, verdict: tuple[int, int], tokenizer: Tokenizer, overhead: int) -> TurnRow:
    value = turn.value
    quality = dig(value, "training_metadata", "quality_score")
    detected = dig(value, "emotional_context", "detected_emotions")
    emotions = []
    for slot in SLOTS:
        name = _label(dig(detected, slot))
        if name:
            confidence = dig(detected, f"{slot}_confidence")
            emotions.append(Emotion(slot, name, float(confidence) if is_number(confidence) else None))
    valence = dig(detected, "valence")
    own = [dig(value, "current_user_input"), dig(value, "target_response")]
    turn_tokens = sum(tokenizer.count(text) + overhead for text in own if isinstance(text, str))
    return TurnRow(
        path=turn.path,
        pointer=turn.pointer,
        line=turn.line,
        lines=turn.lines,
        id=turn.id,
        conversation=_conversation_key(turn),
        number=turn.turn_number,
        quality=quality if is_int(quality) else None,
        emotions=tuple(emotions),
        valence=valence.strip().lower() if isinstance(valence, str) and valence.strip() else None,
        turn_tokens=turn_tokens,
        example_tokens=turn_example(value).tokens(tokenizer, overhead),
        errors=verdict[0],
        warnings=verdict[1],
    )


def _conversation_key(turn: LoadedTurn) -> str:
    return turn.conversation_id or f"(no conversation_id: {Path(turn.path).name})"


def _conversations(
    loaded: Sequence[LoadedTurn], rows: Sequence[TurnRow], tokenizer: Tokenizer, overhead: int
) -> list[ConversationRow]:
    grouped: dict[str, list[tuple[LoadedTurn, TurnRow]]] = {}
    for turn, row in zip(loaded, rows, strict=True):
        grouped.setdefault(row.conversation, []).append((turn, row))
    conversations = []
    for key, members in grouped.items():
        members.sort(key=lambda m: m[1].number if m[1].number is not None else math.inf)
        example = conversation_example([t.value for t, _ in members])
        metadata = [dig(t.value, "conversation_metadata") for t, _ in members]
        conversations.append(
            ConversationRow(
                id=key,
                files=list(dict.fromkeys(t.path for t, _ in members)),
                turns=[r for _, r in members],
                persona=_first_of(metadata, "client_persona"),
                topic=_first_of(metadata, "training_topic", "topic"),
                example_tokens=example.tokens(tokenizer, overhead),
                refusal=example.refusal.detail if example.refusal else None,
            )
        )
    return conversations


def _first_of(metadata: Sequence[Any], *keys: str) -> str | None:
    """The first non-empty text under one of ``keys`` in the turns' conversation metadata."""
    for entry in metadata:
        for key in keys:
            value = dig(entry, key)
            if isinstance(value, str) and value.strip():
                return " ".join(value.split())
    return None


def _findings(diagnostics: Sequence[Diagnostic]) -> list[RuleCount]:
    counts: Counter[tuple[str, str, str]] = Counter()
    turns: dict[tuple[str, str, str], set[tuple[str, str]]] = {}
    for d in diagnostics:
        key = (d.rule, d.code, d.severity.value)
        counts[key] += 1
        turn = charged(d)
        if turn is not None:
            turns.setdefault(key, set()).add(turn)
    return [
        RuleCount(rule, code, severity, n, len(turns.get((rule, code, severity), ())))
        for (rule, code, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _label(value: Any) -> str | None:
    """An emotion, strategy or technique name, normalised: trimmed, lower case, ``_`` between words."""
    if not isinstance(value, str) or not value.strip():
        return None
    return "_".join(value.strip().lower().replace("-", " ").split())


def _unusual(turn: TurnRow) -> str | None:
    by_slot = {e.slot: e.name for e in turn.emotions}
    primary, secondary = by_slot.get("primary"), by_slot.get("secondary")
    reasons = []
    if primary and secondary:
        first, second = polarity(primary), polarity(secondary)
        if first and second and first != second:
            reasons.append(f"a {first} primary ({primary}) with a {second} secondary ({secondary})")
    if primary and turn.valence in (POSITIVE, NEGATIVE):
        first = polarity(primary)
        if first and first != turn.valence:
            reasons.append(f"valence {turn.valence} with a {first} primary ({primary})")
    return "; ".join(reasons) or None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
