"""progression-consistent: the emotional progression agrees with the turns it describes."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any, NamedTuple

from fplint.brief import clip
from fplint.model import Finding, Severity, Turn
from fplint.rule import Collected, Conversation, ConversationRule
from fplint.rules._util import dig, is_number

_FIRST_EMOTION = re.compile(r"\s*([A-Za-z][\w\- ]*?)\s*(?:\(|\+|→|->|$)")
_TURN_KEY = re.compile(r"turn_(\d+)$")


class _Seen(NamedTuple):
    primary: str | None
    intensity: float | None
    previous_primary: str | None
    previous_intensity: float | None
    current_primary: str | None
    per_turn: tuple[tuple[int, str], ...]  # turn_k entries: (k, first emotion named)
    target_start: str | None


def first_emotion(text: Any) -> str | None:
    """The first emotion a summary names: ``shame`` in ``shame(0.85) + guilt(0.7) → relief``."""
    if not isinstance(text, str):
        return None
    match = _FIRST_EMOTION.match(text)
    return sys.intern(match.group(1).strip().lower()) if match else None


def _label(value: Any) -> str | None:
    """An emotion label, interned: a dataset uses a few dozen, over and over."""
    return sys.intern(value.strip().lower()) if isinstance(value, str) and value.strip() else None


class ProgressionConsistent(ConversationRule):
    """``emotional_progression`` agrees with the turns it describes.

    Checked: its previous-turn emotion (``previous_turn_primary``, or the ``turn_{n-1}``
    entry) is the previous turn's detected primary, and ``previous_turn_intensity`` its
    intensity; its current emotion (``current_turn_primary`` or ``turn_n``) is this turn's
    primary; every other ``turn_k`` entry starts with turn k's primary; and
    ``training_metadata.emotional_progression_target`` starts from this turn's primary.
    A warning: labels are compared as written (``fear`` is not ``fear_of_mistake``).

    Why: the progression teaches the model how emotions move across a conversation. A
    progression that starts from an emotion the previous turn never detected teaches a
    transition that did not happen.

    Fails::

        turn 1: "detected_emotions": {"primary": "shame", ...}
        turn 2: "emotional_progression": {"previous_turn_primary": "anxiety", ...}

    Passes::

        turn 1: "detected_emotions": {"primary": "shame", ...}
        turn 2: "emotional_progression": {"previous_turn_primary": "shame", ...}
    """

    name = "progression-consistent"
    code = "FP306"
    severity = Severity.WARNING

    def collect(self, turn: Turn) -> _Seen:
        emotions = dig(turn.value, "emotional_context", "detected_emotions")
        progression = dig(turn.value, "emotional_context", "emotional_progression")
        progression = progression if isinstance(progression, dict) else {}
        per_turn = tuple(
            (int(m.group(1)), emotion)
            for key, value in progression.items()
            if (m := _TURN_KEY.match(key)) and (emotion := first_emotion(value))
        )
        intensity = dig(emotions, "intensity")
        previous_intensity = progression.get("previous_turn_intensity")
        return _Seen(
            _label(dig(emotions, "primary")),
            intensity if is_number(intensity) else None,
            _label(progression.get("previous_turn_primary")),
            previous_intensity if is_number(previous_intensity) else None,
            _label(progression.get("current_turn_primary")),
            per_turn,
            first_emotion(dig(turn.value, "training_metadata", "emotional_progression_target")),
        )

    def check(self, conversation: Conversation) -> Iterator[Finding]:
        by_number: dict[int, Collected] = {}
        for turn in conversation.turns:
            if turn.turn_number is not None:
                by_number.setdefault(turn.turn_number, turn)
        data = {k: t.data for k, t in by_number.items()}  # once per conversation, not per turn
        for turn in conversation.turns:
            if turn.turn_number is not None:
                for finding in self._check_turn(turn, turn.turn_number, data):
                    others = tuple(by_number[k].ref for k in (turn.turn_number - 1,) if k in by_number)
                    yield finding._replace(related=others)

    def _check_turn(self, turn: Collected, n: int, by_number: dict[int, _Seen]) -> Iterator[Finding]:
        seen: _Seen = turn.data
        base = "/emotional_context/emotional_progression"
        previous = by_number.get(n - 1)
        if (
            previous
            and previous.primary
            and seen.previous_primary
            and seen.previous_primary != previous.primary
        ):
            yield Finding(
                f"{base}/previous_turn_primary",
                f"previous_turn_primary is '{clip(seen.previous_primary)}' but turn {n - 1} detected "
                f"'{clip(previous.primary)}': describe the emotion the previous turn recorded",
                ref=turn.ref,
            )
        if (
            previous
            and previous.intensity is not None
            and seen.previous_intensity is not None
            and abs(seen.previous_intensity - previous.intensity) > 1e-9
        ):
            yield Finding(
                f"{base}/previous_turn_intensity",
                f"previous_turn_intensity is {seen.previous_intensity:g} but turn {n - 1} recorded "
                f"intensity {previous.intensity:g}",
                ref=turn.ref,
            )
        if seen.primary and seen.current_primary and seen.current_primary != seen.primary:
            yield Finding(
                f"{base}/current_turn_primary",
                f"current_turn_primary is '{clip(seen.current_primary)}' but this turn detected '{clip(seen.primary)}'",
                ref=turn.ref,
            )
        for k, emotion in seen.per_turn:
            other = seen if k == n else by_number.get(k)
            if other and other.primary and emotion != other.primary:
                yield Finding(
                    f"{base}/turn_{k}",
                    f"emotional_progression.turn_{k} starts with '{clip(emotion)}' but turn {k} detected '{clip(other.primary)}'",
                    ref=turn.ref,
                )
        if seen.primary and seen.target_start and seen.target_start != seen.primary:
            yield Finding(
                "/training_metadata/emotional_progression_target",
                f"emotional_progression_target starts from '{clip(seen.target_start)}' but this turn detected "
                f"'{clip(seen.primary)}': start the target from the detected primary",
                ref=turn.ref,
            )
