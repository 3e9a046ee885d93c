"""Which examples a training file gets, in which order, and why the others are left out.

The order is the seed's assembly order: conversations in the order the run first reads
them (``convo-01`` before ``convo-02``, a ``-part2`` file after its first part), each
conversation's turns by turn number. An example is left out when fplint's verdict on its
turn fails the gate (``--only-clean``, ``--fail-on``), or when a trainer could not use it
(roles that do not alternate, an empty assistant message: ``fplint.training``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fplint.model import Severity
from fplint.read.turns import LoadedTurn
from fplint.rules._util import dig, is_int
from fplint.training import Message, conversation_example, turn_example

#: The reason counted for examples the gate leaves out.
HAS_ERRORS = "fplint found errors in it"
HAS_WARNINGS = "fplint found warnings in it"
#: ... and for turns no rule looked at: a file in a format the configured standard does not
#: cover (format-version), so "no findings" would not mean "clean".
NOT_CHECKED = "fplint did not check it"

#: A turn's (errors, warnings), or None when no rule checked it.
Verdict = tuple[int, int] | None


@dataclass(frozen=True)
class Written:
    """An example that goes into the file: its messages and its metadata."""

    messages: tuple[Message, ...]
    metadata: dict[str, Any]
    turns: tuple[LoadedTurn, ...]


@dataclass(frozen=True)
class LeftOut:
    """An example that does not: which, where, the reason to count it by, and the details."""

    id: str
    where: str
    reason: str
    detail: str


def assemble(turns: Iterable[LoadedTurn]) -> list[list[LoadedTurn]]:
    """Turns grouped by conversation, conversations in reading order, turns by number."""
    groups: dict[str, list[LoadedTurn]] = {}
    for turn in turns:
        key = turn.conversation_id if turn.conversation_id is not None else f"\0{turn.path}"
        groups.setdefault(key, []).append(turn)
    return [
        sorted(group, key=lambda t: t.turn_number if t.turn_number is not None else math.inf)
        for group in groups.values()
    ]


def build(
    turns: Iterable[LoadedTurn],
    verdicts: Mapping[tuple[str, str], tuple[int, int]],
    gate: Severity | None = None,
    whole: bool = False,
) -> Iterator[Written | LeftOut]:
    """Every example, written or left out, in assembly order.

    ``verdicts``: (errors, warnings) of each turn by (path, pointer), as ``Report.by_turn``
    gives them. ``gate``: leave out turns with errors (``ERROR``), or with errors or
    warnings (``WARNING``), and turns without a verdict (not checked). ``whole``: one example
    per conversation instead of per turn.
    """
    for conversation in assemble(turns):
        counts = [verdicts.get((t.path, t.pointer)) for t in conversation]
        if whole:
            yield _conversation(conversation, counts, gate)
            continue
        for turn, verdict in zip(conversation, counts, strict=True):
            failed = _gate(verdict, gate)
            if failed is not None:
                yield LeftOut(_name(turn), _where(turn), failed, f"{_tally(verdict)}: see fplint check")
                continue
            example = turn_example(turn.value)
            if example.refusal is not None:
                yield LeftOut(_name(turn), _where(turn), example.refusal.reason, example.refusal.detail)
                continue
            yield Written(example.messages, _turn_metadata(turn, *(verdict or (0, 0))), (turn,))


def _conversation(
    turns: Sequence[LoadedTurn], counts: Sequence[Verdict], gate: Severity | None
) -> Written | LeftOut:
    name = turns[0].conversation_id or _name(turns[0])
    for turn, verdict in zip(turns, counts, strict=True):
        failed = _gate(verdict, gate)
        if failed is not None:
            return LeftOut(name, _where(turns[0]), failed, f"turn {_name(turn)} has {_tally(verdict)}")
    example = conversation_example([t.value for t in turns])
    if example.refusal is not None:
        return LeftOut(name, _where(turns[0]), example.refusal.reason, example.refusal.detail)
    metadata = {
        "id": name,
        "conversation_id": turns[0].conversation_id,
        "turn_numbers": [t.turn_number for t in turns],
        "turn_ids": [t.id for t in turns],
        "sources": [_where(t) for t in turns],
        "quality_scores": [_score(t) for t in turns],
        "primary_emotions": [
            _text(dig(t.value, "emotional_context", "detected_emotions", "primary")) for t in turns
        ],
        "errors": sum(v[0] for v in counts if v),
        "warnings": sum(v[1] for v in counts if v),
    }
    return Written(example.messages, metadata, tuple(turns))


def _gate(verdict: Verdict, gate: Severity | None) -> str | None:
    if gate is None:
        return None
    if verdict is None:
        return NOT_CHECKED
    errors, warnings = verdict
    if errors:
        return HAS_ERRORS
    if gate is Severity.WARNING and warnings:
        return HAS_WARNINGS
    return None


def _turn_metadata(turn: LoadedTurn, errors: int, warnings: int) -> dict[str, Any]:
    """What a training file carries beside a turn's messages: always the same keys and types."""
    detected = dig(turn.value, "emotional_context", "detected_emotions")
    return {
        "id": turn.id,
        "conversation_id": turn.conversation_id,
        "turn_number": turn.turn_number,
        "source": _where(turn),
        "quality_score": _score(turn),
        "emotions": {slot: _text(dig(detected, slot)) for slot in ("primary", "secondary", "tertiary")},
        "valence": _text(dig(detected, "valence")),
        "primary_strategy": _text(dig(turn.value, "response_strategy", "primary_strategy")),
        "errors": errors,
        "warnings": warnings,
    }


def _score(turn: LoadedTurn) -> int | None:
    score = dig(turn.value, "training_metadata", "quality_score")
    return score if is_int(score) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _name(turn: LoadedTurn) -> str:
    return turn.id or f"{turn.path}#{turn.pointer}"


def _where(turn: LoadedTurn) -> str:
    return f"{turn.path}:{turn.line}" if turn.line else turn.path


def _tally(verdict: Verdict) -> str:
    if verdict is None:
        return "no verdict (its file is in a format the configured standard does not cover)"
    parts = [
        f"{n} {word}{'' if n == 1 else 's'}"
        for n, word in zip(verdict, ("error", "warning"), strict=True)
        if n
    ]
    return ", ".join(parts) or "no findings"
