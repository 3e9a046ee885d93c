"""progression-consistent: the emotional progression agrees with the turns it describes."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any, NamedTuple

from fplint.brief import clip, listing
from fplint.brief import number as shown
from fplint.model import Finding, Severity, Turn, TurnRef
from fplint.rule import Collected, Conversation, ConversationRule, Option
from fplint.rules._util import dig, is_number

_FIRST_EMOTION = re.compile(r"\s*([A-Za-z][\w\- ]*?)\s*(?:\(|\+|→|->|$)")
_TURN_KEY = re.compile(r"turn_(\d{1,9})$")  # a longer number names no turn of a real conversation
_PROGRESSION = "/emotional_context/emotional_progression"


class _Seen(NamedTuple):
    primary: str | None
    intensity: float | None
    previous_primary: str | None
    previous_intensity: float | None
    current_primary: str | None
    per_turn: tuple[tuple[int, str], ...]  # turn_k entries: (k, first emotion named)
    target_start: str | None
    shows: tuple[bool, bool] | None  # (previous, current) emotions recorded; None: no progression


class _Claim(NamedTuple):
    """What one place says a turn's primary emotion was."""

    about: int  # the turn it describes
    label: str
    ref: TurnRef  # the turn that holds the place
    number: int  # that turn's number
    pointer: str
    field: str  # the place, as a message names it


def first_emotion(text: Any) -> str | None:
    """The first emotion a summary names: ``shame`` in ``shame(0.85) + guilt(0.7) → relief``."""
    if not isinstance(text, str):
        return None
    match = _FIRST_EMOTION.match(text)
    return sys.intern(match.group(1).strip().lower()) if match else None


def _label(value: Any) -> str | None:
    """An emotion label, interned: a dataset uses a few dozen, over and over."""
    return sys.intern(value.strip().lower()) if isinstance(value, str) and value.strip() else None


def _shows(progression: dict[str, Any], number: Any) -> tuple[bool, bool]:
    """Whether a progression records the previous turn's emotions and this turn's."""
    keys = [k for k, v in progression.items() if isinstance(k, str) and v not in (None, "", [], {})]
    n = number if isinstance(number, int) and not isinstance(number, bool) else None
    previous = any(k.startswith("previous") or (n is not None and k == f"turn_{n - 1}") for k in keys)
    current = any(k.startswith("current") or (n is not None and k == f"turn_{n}") for k in keys)
    return previous, current


class ProgressionConsistent(ConversationRule):
    """``emotional_progression`` agrees with the turns it describes, shows the previous
    turn's emotions against this turn's, and moves without jarring leaps.

    Checked: its previous-turn emotion (``previous_turn_primary``, or the ``turn_{n-1}``
    entry) is the previous turn's detected primary, and ``previous_turn_intensity`` its
    intensity; its current emotion (``current_turn_primary`` or ``turn_n``) is this turn's
    primary; every other ``turn_k`` entry starts with turn k's primary; and
    ``training_metadata.emotional_progression_target`` starts from this turn's primary.
    When several places name the same other emotion for one turn, that is one finding, at
    the turn's detected primary. With ``previous-and-current``, from turn 2 on the
    progression records both the previous turn's emotion and this turn's (the seed: "show
    previous turn emotions vs current"); with ``max-leap``, the detected intensity moves by
    at most that much from one turn to the next (the seed: "realistic (no jarring leaps)").
    A warning: labels are compared as written (``fear`` is not ``fear_of_mistake``).

    Why: the progression teaches the model how emotions move across a conversation. A
    progression that starts from an emotion the previous turn never detected teaches a
    transition that did not happen; one that leaps from 0.9 to 0.2 in one reply teaches
    a change no reply makes.

    Fails::

        turn 1: "detected_emotions": {"primary": "shame", ...}
        turn 2: "emotional_progression": {"previous_turn_primary": "anxiety", ...}

    Passes::

        turn 1: "detected_emotions": {"primary": "shame", ...}
        turn 2: "emotional_progression": {"previous_turn_primary": "shame", ...}
    """

    name = "progression-consistent"
    code = "FP306"
    # reports_at: none. Its findings are few (3 in the published files' 800 turns) and spread
    # over seven places, one at the turn's end: keeping them cost every turn 0.2 ms in the
    # workers (bench/placing.py), more than reading again the few files that have one
    severity = Severity.WARNING
    options = {
        "previous-and-current": Option(
            bool, True, "from turn 2 on, the progression records the previous turn's emotion and this turn's"
        ),
        "max-leap": Option(
            float,
            0.4,
            "largest change of detected intensity from one turn to the next (1 turns it off)",
            minimum=0,
        ),
    }

    def collect(self, turn: Turn) -> _Seen:
        emotions = dig(turn.value, "emotional_context", "detected_emotions")
        progression = dig(turn.value, "emotional_context", "emotional_progression")
        shows = _shows(progression, dig(turn.value, "turn_number")) if isinstance(progression, dict) else None
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
            shows,
        )

    def check(self, conversation: Conversation) -> Iterator[Finding]:
        by_number: dict[int, Collected] = {}
        for turn in conversation.turns:
            if turn.turn_number is not None:
                by_number.setdefault(turn.turn_number, turn)
        claims: dict[tuple[int, str], dict[tuple[str | None, int, str], _Claim]] = {}
        for turn in conversation.turns:
            n = turn.turn_number
            if n is None:
                continue
            previous = by_number.get(n - 1)
            related = (previous.ref,) if previous else ()
            for claim in _claims(turn, n):
                other = by_number.get(claim.about)
                if other is not None and other.data.primary and claim.label != other.data.primary:
                    # copies of one turn (the same id) make one claim, not two
                    key = (claim.ref.turn_id, claim.number, claim.pointer)
                    claims.setdefault((claim.about, claim.label), {}).setdefault(key, claim)
            for finding in self._check_turn(turn, n, previous):
                yield finding._replace(related=related)
        for (k, label), found in claims.items():
            yield _disagreement(k, label, by_number[k], list(found.values()))

    def _check_turn(self, turn: Collected, n: int, previous: Collected | None) -> Iterator[Finding]:
        seen: _Seen = turn.data
        before: _Seen | None = previous.data if previous else None
        if (
            before
            and before.intensity is not None
            and seen.previous_intensity is not None
            and abs(seen.previous_intensity - before.intensity) > 1e-9
        ):
            yield Finding(
                f"{_PROGRESSION}/previous_turn_intensity",
                f"previous_turn_intensity is {seen.previous_intensity:g} but turn {shown(n - 1)} recorded "
                f"intensity {before.intensity:g}",
                ref=turn.ref,
            )
        if self.opts["previous-and-current"] and n >= 2 and seen.shows is not None and not all(seen.shows):
            missing = " and ".join(
                what
                for what, shown in zip(
                    ("the previous turn's emotion", "this turn's"), seen.shows, strict=True
                )
                if not shown
            )
            yield Finding(
                _PROGRESSION,
                f"emotional_progression does not record {missing}: show turn {shown(n - 1)}'s emotions against "
                f"turn {shown(n)}'s (previous_turn_primary and current_turn_primary, or turn_{shown(n - 1)} and turn_{shown(n)})",
                ref=turn.ref,
            )
        leap = self.opts["max-leap"]
        if before and before.intensity is not None and seen.intensity is not None:
            change = seen.intensity - before.intensity
            if abs(change) > leap + 1e-9:
                yield Finding(
                    "/emotional_context/detected_emotions/intensity",
                    f"intensity {'falls' if change < 0 else 'rises'} from {before.intensity:g} at turn {shown(n - 1)} "
                    f"to {seen.intensity:g}, a leap of {abs(change):.2g} in one reply (at most {leap:g}): "
                    "show the steps between, or explain the change in emotional_progression.interpretation",
                    ref=turn.ref,
                )


def _claims(turn: Collected, n: int) -> Iterator[_Claim]:
    """Every place of this turn that names a turn's primary emotion."""
    seen: _Seen = turn.data
    if seen.previous_primary:
        yield _Claim(
            n - 1,
            seen.previous_primary,
            turn.ref,
            n,
            f"{_PROGRESSION}/previous_turn_primary",
            "previous_turn_primary",
        )
    if seen.current_primary:
        yield _Claim(
            n,
            seen.current_primary,
            turn.ref,
            n,
            f"{_PROGRESSION}/current_turn_primary",
            "current_turn_primary",
        )
    for k, emotion in seen.per_turn:
        yield _Claim(k, emotion, turn.ref, n, f"{_PROGRESSION}/turn_{k}", f"emotional_progression.turn_{k}")
    if seen.target_start:
        yield _Claim(
            n,
            seen.target_start,
            turn.ref,
            n,
            "/training_metadata/emotional_progression_target",
            "emotional_progression_target",
        )


def _disagreement(k: int, label: str, turn: Collected, found: list[_Claim]) -> Finding:
    """One place naming another emotion: a finding there; several: one, at turn k's primary."""
    primary, label = clip(turn.data.primary), clip(label)
    if len(found) == 1:
        claim = found[0]
        related = (turn.ref,) if turn.ref != claim.ref else ()
        if claim.field == "previous_turn_primary":
            message = (
                f"previous_turn_primary is '{label}' but turn {shown(k)} detected '{primary}': "
                "describe the emotion the previous turn recorded"
            )
        elif claim.field == "current_turn_primary":
            message = f"current_turn_primary is '{label}' but this turn detected '{primary}'"
        elif claim.field == "emotional_progression_target":
            message = (
                f"emotional_progression_target starts from '{label}' but this turn detected '{primary}': "
                "start the target from the detected primary"
            )
        else:
            message = f"{claim.field} starts with '{label}' but turn {shown(k)} detected '{primary}'"
        return Finding(claim.pointer, message, ref=claim.ref, related=related)
    places = [c.field if c.number == k else f"turn {shown(c.number)}'s {c.field}" for c in found]
    listed = listing(places[:-1]) + f" and {places[-1]}" if len(places) <= 10 else listing(places)
    return Finding(
        "/emotional_context/detected_emotions/primary",
        f"turn {shown(k)} detected '{primary}', but {len(found)} places say '{label}': {listed}; if '{label}' is "
        "right, change the detected primary, else correct them",
        ref=turn.ref,
        related=tuple(dict.fromkeys(c.ref for c in found if c.ref != turn.ref)),
    )
