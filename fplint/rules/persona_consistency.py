"""persona-consistency: a conversation's client and system prompt stay the same from turn to turn."""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator, Sequence

from fplint.model import Finding, Severity, Turn, TurnRef
from fplint.rule import Collected, Dataset, DatasetRule
from fplint.rules._util import dig, is_int, quote

_META = "/conversation_metadata"
#: Each fact: where it is, and how a message names it.
FACTS = {
    "name": (f"{_META}/client_persona", "the client's name"),
    "persona": (f"{_META}/client_persona", "client_persona"),
    "age": (f"{_META}/client_background", "the client's age in client_background"),
    "income": (f"{_META}/client_background", "the client's income in client_background"),
    "prompt": ("/system_prompt", "system_prompt"),
}
#: A persona opening with a name: one to three capitalised words ("Marcus Thompson - The ...").
_NAME = re.compile(r"\s*([A-Z][\w'’.]*(?:[ \t]+[A-Z][\w'’.]*){0,2})")
_NOT_NAMES = {"the", "a", "an", "client", "persona", "mr", "mrs", "ms", "dr"}
_AGE = re.compile(
    r"\bage[d]?[ \t]*:?[ \t]*(\d{1,3})\b|\b(\d{1,3})[ \t]*(?:yo|y/o|-?[ \t]*years?[- ]old)\b", re.IGNORECASE
)
_MONEY = r"\$[ \t]?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[ \t]?([kKmM]\b)?"
_INCOME = re.compile(
    rf"{_MONEY}[ \t]*(?:/[ \t]*(?:yr|year)|a year|per year|annual(?:ly)?)?[ \t]*(?:salary|income|household income)\b"
    rf"|\b(?:salary|income|earns?|earning|makes|making)[ \t]*(?:of|is|:)?[ \t]*(?:about|around|roughly)?[ \t]*{_MONEY}",
    re.IGNORECASE,
)
_FAR = 10**9  # the order of a turn with no turn number: after every numbered one

#: A fact's value: a key to compare, and how a message shows it.
_Value = tuple[str, str]
#: Where a fact's value was first seen: (turn number, the turn, how a message shows it).
_Seen = tuple[int, TurnRef, str]
#: Each value of one fact in one conversation: key → where it was first seen; while it has
#: one value (nearly always), that (key, seen) pair alone, not a dict: the state is held
#: for every conversation of the run.
_Variants = dict[str, _Seen] | tuple[str, _Seen]
#: conversation → fact → its variants.
_State = dict[str, dict[str, _Variants]]


class PersonaConsistency(DatasetRule):
    """The facts about the client, and the system prompt, stay the same from turn to turn.

    Within a conversation (across every file of the run), each turn is compared with the
    conversation's earliest turn that gives the same fact: ``client_persona``; the client's
    name (the persona's opening words, "Marcus Thompson" in "Marcus Thompson - The
    Overwhelmed Avoider"); the age and the income in ``client_background`` ("38yo", "Age
    35", "$145K salary", "income of $145,000": figures compare by value); and
    ``system_prompt``, which must be identical. A fact a turn does not give (no background
    on later turns) is not compared. A changed name is reported instead of the changed
    persona that carries it.

    Across the dataset: when more than half of the conversations share one system prompt,
    a conversation whose prompt differs from it is reported, at its earliest turn.

    A warning: the name, age and income are read from prose, and prose can name someone
    else first ("his wife, 36 years old, ...").

    Why: the seed wants persona consistency across emotional variations, and the persona
    document fixes each client's age and income. A model trained on a client who is 38 at
    turn 1 and 42 at turn 3, or on an Elena whose instructions change mid-conversation,
    learns that these facts do not matter. A stray system prompt is usually a copy from an
    older version of the dataset.

    Fails::

        turn 1: "client_background": "38yo software engineer, $145K salary"
        turn 3: "client_background": "42yo software engineer, $145K salary"

    Passes::

        turn 1: "client_background": "38yo software engineer, $145K salary"
        turn 3: "client_background": "38yo software engineer, $145,000 salary"
    """

    name = "persona-consistency"
    code = "FP705"
    reports_at = tuple(dict.fromkeys(pointer for pointer, _ in FACTS.values()))
    severity = Severity.WARNING

    def collect(self, turn: Turn) -> tuple[str, int, dict[str, _Value]] | None:
        conversation = turn.conversation_id
        if not conversation:
            return None
        facts: dict[str, _Value] = {}
        persona = dig(turn.value, "conversation_metadata", "client_persona")
        if isinstance(persona, str) and persona.strip():
            flat = " ".join(persona.split())
            facts["persona"] = (_digest(flat), quote(flat, 60))
            name = _name(flat)
            if name:
                facts["name"] = (name.lower(), quote(name, 40))
        background = dig(turn.value, "conversation_metadata", "client_background")
        if isinstance(background, str):
            age = _AGE.search(background)
            if age:
                years = str(int(age.group(1) or age.group(2)))
                facts["age"] = (years, years)
            income = _INCOME.search(background)
            if income:
                value = _amount(*(income.group(1, 2) if income.group(1) else income.group(3, 4)))
                facts["income"] = (f"{value:.2f}", quote(income.group(), 40))
        prompt = dig(turn.value, "system_prompt")
        if isinstance(prompt, str) and prompt.strip():  # a blank one is the schema's finding
            facts["prompt"] = (_digest(prompt), quote(prompt, 50))
        number = turn.turn_number
        return conversation, number if is_int(number) else _FAR, facts

    def partial(self, turns: Sequence[Collected]) -> _State:
        state: _State = {}
        for turn in turns:
            if turn.data is None:
                continue
            conversation, number, facts = turn.data
            mine = state.setdefault(conversation, {})
            for fact, (key, shown) in facts.items():
                _note(mine, fact, key, (number, turn.ref, shown))
        return state

    def merge(self, earlier: _State, later: _State) -> _State:
        for conversation, facts in later.items():
            mine = earlier.setdefault(conversation, {})
            for fact, variants in facts.items():
                for key, (number, ref, shown) in _items(variants):
                    # the same prompt (and often persona) in every conversation: one string
                    _note(mine, fact, sys.intern(key), (number, ref, sys.intern(shown)))
        return earlier

    def finish(self, state: _State, dataset: Dataset) -> Iterator[Finding]:
        for facts in state.values():
            named: set[TurnRef] = set()
            for fact in FACTS:
                variants = facts.get(fact)
                if not isinstance(variants, dict) or len(variants) < 2:
                    continue  # one value
                ordered = sorted(variants.values(), key=lambda seen: seen[0])  # stable: reading order on ties
                first = ordered[0]
                for number, ref, shown in ordered[1:]:
                    if fact == "persona" and ref in named:
                        continue
                    if fact == "name":
                        named.add(ref)
                    yield self._drift(fact, shown, first, number, ref)
        yield from self._stray_prompts(state)

    def _drift(
        self, fact: str, shown: str, first: tuple[int, TurnRef, str], number: int, ref: TurnRef
    ) -> Finding:
        pointer, label = FACTS[fact]
        where = f"turn {first[0]}" if first[0] != _FAR else "an earlier turn"
        here = f"turn {number}" if number != _FAR else "this turn"
        if fact == "prompt":
            message = (
                f"system_prompt at {here} differs from {where}'s in the same conversation: a conversation "
                "keeps one system prompt; use the same text at every turn"
            )
        else:
            message = (
                f"{label} is {shown} at {here} but {first[2]} at {where} of the same conversation: the client's "
                "facts stay the same from turn to turn; make them agree"
            )
        return Finding(pointer, message, ref=ref, related=(first[1],))

    def _stray_prompts(self, state: _State) -> Iterator[Finding]:
        opening: dict[str, tuple[str, TurnRef, str]] = {}
        for conversation, facts in state.items():
            variants = facts.get("prompt")
            if variants:
                key, (_, ref, shown) = min(_items(variants), key=lambda item: item[1][0])
                opening[conversation] = (key, ref, shown)
        counts: dict[str, int] = {}
        for key, _, _ in opening.values():
            counts[key] = counts.get(key, 0) + 1
        usual = max(counts, key=counts.__getitem__, default=None)
        if usual is None or 2 * counts[usual] <= len(opening):
            return
        shown = next(seen[2] for seen in opening.values() if seen[0] == usual)
        for key, ref, _ in opening.values():
            if key != usual:
                yield Finding(
                    "/system_prompt",
                    f"this conversation's system_prompt differs from the one {counts[usual]:,} of "
                    f"{len(opening):,} conversations use ({shown}): use the dataset's system prompt, "
                    "or say why this conversation needs its own",
                    ref=ref,
                )


def _note(facts: dict[str, _Variants], fact: str, key: str, seen: _Seen) -> None:
    """A value of a fact seen in a conversation: kept unless it was seen at an earlier turn."""
    held = facts.get(fact)
    if held is None:
        facts[fact] = (key, seen)
    elif isinstance(held, dict):
        if key not in held or seen[0] < held[key][0]:
            held[key] = seen
    elif held[0] != key:
        facts[fact] = {held[0]: held[1], key: seen}
    elif seen[0] < held[1][0]:
        facts[fact] = (key, seen)


def _items(variants: _Variants) -> list[tuple[str, _Seen]]:
    return list(variants.items()) if isinstance(variants, dict) else [variants]


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _name(persona: str) -> str | None:
    match = _NAME.match(persona)
    if not match:
        return None
    words = match.group(1).split()
    while words and words[-1].rstrip(".").lower() in _NOT_NAMES:
        words.pop()
    if not words or words[0].rstrip(".").lower() in _NOT_NAMES:
        return None
    return " ".join(words).rstrip(".")


def _amount(number: str, suffix: str | None) -> float:
    scale = {"k": 1e3, "m": 1e6}.get((suffix or "").lower(), 1.0)
    return float(number.replace(",", "")) * scale
