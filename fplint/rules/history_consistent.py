"""history-consistent: conversation_history replays the earlier turns exactly."""

from __future__ import annotations

import struct
from collections import Counter
from collections.abc import Iterator
from typing import Any, NamedTuple

from fplint.brief import number as shown
from fplint.check.digest import blake2b
from fplint.fix import Fix, Replace, Source
from fplint.model import Finding, Turn
from fplint.read.pointer import join
from fplint.rule import Collected, Conversation, ConversationRule, numbered, plural
from fplint.rules._util import dig, is_int


class _Entry(NamedTuple):
    turn: int | None
    role: str | None
    digest: bytes | None
    abridged: bool
    missing: bool = False  # no content at all (absent or null)


class _Seen(NamedTuple):
    """What is kept of a turn: digests of its messages and, packed, of its history."""

    user: bytes | None
    assistant: bytes | None
    packed: bytes | None  # the history entries, _ENTRY.size bytes each (memory: 10,000s of turns)

    @property
    def history(self) -> tuple[_Entry, ...] | None:
        return None if self.packed is None else tuple(_unpack(self.packed))


#: One history entry: turn (-1: none), role (see _ROLES), flags (1: abridged, 2: no content),
#: digest present, digest.
_ENTRY = struct.Struct("<iBBB16s")
#: A message's digest: 12 bytes of hash, then its length in characters (4 bytes, capped).
_LENGTH = struct.Struct("<I")
_ROLES = (None, "user", "assistant", "another role")


def _pack(entries: list[_Entry]) -> bytes:
    out = bytearray()
    for e in entries:
        role = _ROLES.index(e.role) if e.role in _ROLES else 3
        turn = e.turn if e.turn is not None and -(2**31) <= e.turn < 2**31 else -1
        flags = e.abridged | e.missing << 1
        out += _ENTRY.pack(turn, role, flags, e.digest is not None, e.digest or b"")
    return bytes(out)


def _unpack(packed: bytes) -> Iterator[_Entry]:
    for turn, role, flags, has_digest, digest in _ENTRY.iter_unpack(packed):
        yield _Entry(
            None if turn < 0 else turn,
            _ROLES[role],
            digest if has_digest else None,
            bool(flags & 1),
            bool(flags & 2),
        )


def _digest(text: Any) -> bytes | None:
    """A short fingerprint of a message (equality; trailing whitespace aside), ending in its
    length, so that a finding can say a copy is shorter than the message."""
    if not isinstance(text, str):
        return None
    text = text.rstrip()
    hashed = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).digest()
    return hashed + _LENGTH.pack(min(len(text), 2**32 - 1))


def _length(digest: bytes) -> int:
    return int(_LENGTH.unpack_from(digest, len(digest) - _LENGTH.size)[0])


def _difference(have: bytes, want: bytes, abridged: bool) -> str:
    """What is wrong with a copy, when its length or its '...' says so: it is abridged."""
    shown, full = _length(have), _length(want)
    if shown < full:
        how = "with '...'" if abridged else "or cut short"
        return f" (it holds {shown:,} of the message's {full:,} characters: it looks abridged {how})"
    return " (it looks abridged with '...')" if abridged else ""


class HistoryConsistent(ConversationRule):
    """``conversation_history`` of turn n holds, in order, a ``user`` then an ``assistant``
    entry for each earlier turn 1..n-1, whose ``content`` is that turn's
    ``current_user_input`` and ``target_response``, character for character (trailing
    whitespace aside).

    Earlier turns are found across every file of the run; entries for turns the run does
    not include are not compared. A missing or wrong ``role`` and a missing ``content`` are
    this rule's findings, not the schema's: a history out of shape is one finding for the
    whole history (naming the entries without content), and an entry without content in a
    history of the right shape is one finding at that entry.

    Why: the history is the context the model is trained to answer in. An abridged
    ("...2006 was a very specific situation...") or missing history trains it on a
    conversation that never happened, and it learns to answer a context it will never see.

    Fails::

        turn 3: "conversation_history": [{"turn": 1, "content": "...freaking out..."}]

    Passes::

        turn 3: "conversation_history": [
            {"turn": 1, "role": "user", "content": <turn 1 current_user_input>},
            {"turn": 1, "role": "assistant", "content": <turn 1 target_response>},
            {"turn": 2, "role": "user", "content": <turn 2 current_user_input>},
            {"turn": 2, "role": "assistant", "content": <turn 2 target_response>}]
    """

    name = "history-consistent"
    code = "FP704"
    reports_at = ("/conversation_history",)  # a message's own findings mostly carry a fix

    def collect(self, turn: Turn) -> _Seen:
        history = dig(turn.value, "conversation_history")
        packed = None
        if isinstance(history, list):
            packed = _pack(
                [
                    _Entry(
                        dig(e, "turn") if is_int(dig(e, "turn")) else None,
                        dig(e, "role") if isinstance(dig(e, "role"), str) else None,
                        _digest(dig(e, "content")),
                        isinstance(dig(e, "content"), str) and ("..." in e["content"] or "…" in e["content"]),
                        isinstance(e, dict) and e.get("content") is None,
                    )
                    for e in history
                ]
            )
        return _Seen(
            _digest(dig(turn.value, "current_user_input")),
            _digest(dig(turn.value, "target_response")),
            packed,
        )

    def check(self, conversation: Conversation) -> Iterator[Finding]:
        earlier: dict[int, Collected] = {}
        copies: Counter[int] = Counter()
        for turn in conversation.turns:
            if turn.turn_number is not None:
                earlier.setdefault(turn.turn_number, turn)
                copies[turn.turn_number] += 1
        # a turn number held by two turns: which one the history replays is not certain
        sources = {k: t for k, t in earlier.items() if copies[k] == 1}
        for turn in conversation.turns:
            yield from self._check_turn(turn, earlier, sources)

    def _check_turn(
        self, turn: Collected, earlier: dict[int, Collected], sources: dict[int, Collected]
    ) -> Iterator[Finding]:
        seen: _Seen = turn.data
        n = turn.turn_number
        history = seen.history
        if n is None or history is None:
            return
        if not _in_order(n, history):
            yield Finding("/conversation_history", _shape(n, history), ref=turn.ref, fix=_rebuild(n, sources))
            return
        for index, entry in enumerate(history):
            source = earlier.get(entry.turn or 0)
            field = "current_user_input" if entry.role == "user" else "target_response"
            if entry.missing:
                yield Finding(
                    join("/conversation_history", index),
                    f"conversation_history[{index}] ({entry.role}, turn {entry.turn}) has no content: "
                    f"write turn {entry.turn}'s {field} into it, word for word",
                    ref=turn.ref,
                    related=(source.ref,) if source is not None else (),
                )
                continue
            if source is None or entry.digest is None:
                continue
            want = source.data.user if entry.role == "user" else source.data.assistant
            if want is not None and entry.digest != want:
                hint = _difference(entry.digest, want, entry.abridged)
                content = join("/conversation_history", index, "content")
                yield Finding(
                    content,
                    f"conversation_history[{index}] ({entry.role}, turn {entry.turn}) is not turn {entry.turn}'s "
                    f"{field}{hint}: copy the message exactly",
                    ref=turn.ref,
                    related=(source.ref,),
                    fix=Fix.unsafe(
                        f"replace it with turn {entry.turn}'s {field}",
                        Replace(content, Source(source.ref.path, source.ref.pointer + "/" + field)),
                    )
                    if entry.turn in sources
                    else None,
                )


def _in_order(n: int, history: tuple[_Entry, ...]) -> bool:
    """Whether ``history`` is a user then an assistant entry for each of turns 1..n-1, in
    order (time in the history's length, however large ``n`` is)."""
    return len(history) == 2 * (n - 1) and all(
        e.turn == i // 2 + 1 and e.role == ("user", "assistant")[i % 2] for i, e in enumerate(history)
    )


#: The longest history a fix rebuilds: each turn's rebuilt history holds every earlier turn,
#: so fixes of a long conversation would grow with the square of its length.
MAX_REBUILD_TURNS = 100


def _rebuild(n: int, sources: dict[int, Collected]) -> Fix | None:
    """The history of turn ``n`` rebuilt from the earlier turns' messages, when every one of
    them is in the run (once) with both its messages, and there are at most
    ``MAX_REBUILD_TURNS`` of them."""
    if n > MAX_REBUILD_TURNS:
        return None
    entries = []
    for k in range(1, n):
        source = sources.get(k)
        if source is None or source.data.user is None or source.data.assistant is None:
            return None
        for role, field in (("user", "current_user_input"), ("assistant", "target_response")):
            entries.append(
                {
                    "turn": k,
                    "role": role,
                    "content": Source(source.ref.path, source.ref.pointer + "/" + field),
                }
            )
    what = (
        "empty it"
        if n == 1
        else f"rebuild it from {numbered('turn', range(1, n))}: {plural(len(entries), 'entry', 'entries')}"
    )
    return Fix.unsafe(
        f"{what} (what the history holds now is replaced)", Replace("/conversation_history", entries)
    )


def _shape(n: int, history: tuple[_Entry, ...]) -> str:
    wanted = 2 * (n - 1)
    listed = ", ".join(
        f"{e.turn if e.turn is not None else '?'}/{e.role or 'no role'}{' without content' if e.missing else ''}"
        for e in history[:8]
    )
    needs = "turn, role and content" if any(e.missing for e in history) else "turn and role"
    held = (
        f"{plural(len(history), 'entry', 'entries')} ({listed}{', ...' if len(history) > 8 else ''})"
        if history
        else "no entries"
    )
    if n == 1:
        return f"conversation_history holds {held}; turn 1 has no earlier turns, so it should be empty"
    earlier = "turn 1" if n == 2 else "turns 1, 2" if n == 3 else f"turns 1–{shown(n - 1)}"
    order = (
        f"a user then an assistant entry for {earlier}, with its {needs}"
        if n == 2
        else f"a user then an assistant entry for each of {earlier}, with their {needs}"
    )
    return f"conversation_history holds {held}; turn {shown(n)} needs {shown(wanted)}: {order}"
