"""near-duplicate: responses and user inputs copied, nearly word for word, across conversations."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import compress
from operator import ne

from fplint.model import Finding, Severity, Turn, TurnRef
from fplint.rule import Collected, Dataset, DatasetRule, Option
from fplint.rules import _similar
from fplint.rules._util import dig

#: The texts compared, each only with the same field of other conversations' turns.
FIELDS = ("target_response", "current_user_input")

#: One batch of turns for one field: their references, conversation ids, sketches
#: (``_similar.BINS`` four-byte values each, one after the other), and the exact phrase
#: sets (packed) of the short texts, by their place in the batch.
_Chunk = tuple[list[TurnRef], list["str | None"], bytes, dict[int, bytes]]
#: The run's state: for each field, its batches in reading order.
_State = tuple[list[_Chunk], ...]


class NearDuplicate(DatasetRule):
    """A ``target_response`` (or ``current_user_input``) shares at least ``threshold`` (80%)
    of its three-word phrases with the same field of a turn in another conversation.

    Reported at the later turn, naming the earlier one and the share of phrases they have
    in common (estimated from MinHash sketches, within a few points). Texts of fewer than
    ``min-words`` words (20) are not compared: short replies ("That makes sense, thank
    you!") are rightly alike. Turns of one conversation are not compared with each other
    here (``repeated-input`` checks a conversation's inputs). Found without comparing every
    pair: a sketch of each text is made where its file is read, and only texts that share a
    band of their sketches are compared, so the rule stays fast and small on large datasets,
    with ``--jobs`` and the cache. A warning: a template phrase shared on purpose can be
    long.

    Why: the seed's diversity engine asks for "true variation, not just paraphrasing", and a
    generated variation that copies its seed trains the model on one example twice while
    counting it as two. Near-copies across conversations also leak between training and
    evaluation splits.

    Fails::

        fp_jennifer_003_turn1 "target_response": the response of fp_jennifer_001_turn1
                                                 with the name and one sentence changed

    Passes::

        each conversation's responses written for its own client and moment
    """

    name = "near-duplicate"
    code = "FP802"
    reports_at = tuple(f"/{name}" for name in FIELDS)
    severity = Severity.WARNING
    options = {
        "threshold": Option(float, 0.8, "least share of shared three-word phrases to report", minimum=0),
        "min-words": Option(int, 20, "texts with fewer words are not compared", minimum=1),
    }

    def collect(self, turn: Turn) -> tuple[str | None, tuple[tuple[bytes, bytes | None] | None, ...]]:
        """The turn's conversation, and for each field long enough to compare its sketch and,
        when it has no more phrases than a sketch has bins, its exact phrases (no larger, and
        a sketch of a few phrases is a rough estimate)."""
        made: list[tuple[bytes, bytes | None] | None] = []
        for name in FIELDS:
            text = dig(turn.value, name)
            found = _similar.words(text) if isinstance(text, str) else []
            if len(found) < self.opts["min-words"]:
                made.append(None)
                continue
            phrases = _similar.shingles(found)
            exact = _similar.pack(phrases) if len(phrases) <= _similar.BINS else None
            made.append((_similar.sketch(phrases), exact))
        return turn.conversation_id, tuple(made)

    def partial(self, turns: Sequence[Collected]) -> _State:
        state: _State = tuple([] for _ in FIELDS)
        for index in range(len(FIELDS)):
            refs: list[TurnRef] = []
            conversations: list[str | None] = []
            sketches = bytearray()
            exact: dict[int, bytes] = {}
            for turn in turns:
                conversation, made = turn.data if turn.data is not None else (None, (None,) * len(FIELDS))
                field: tuple[bytes, bytes | None] | None = made[index]
                if field is not None:
                    if field[1] is not None:
                        exact[len(refs)] = field[1]
                    refs.append(turn.ref)
                    conversations.append(conversation)
                    sketches += field[0]
            if refs:
                state[index].append((refs, conversations, bytes(sketches), exact))
        return state

    def merge(self, earlier: _State, later: _State) -> _State:
        for mine, theirs in zip(earlier, later, strict=True):
            mine.extend(theirs)
        return earlier

    def finish(self, state: _State, dataset: Dataset) -> Iterator[Finding]:
        for name, chunks in zip(FIELDS, state, strict=True):
            yield from self._field(name, chunks)

    def _field(self, name: str, chunks: list[_Chunk]) -> Iterator[Finding]:
        refs = [ref for chunk in chunks for ref in chunk[0]]
        conversations = [c for chunk in chunks for c in chunk[1]]
        sketches = b"".join(chunk[2] for chunk in chunks)
        exact = _exact_by_index(chunks)
        size = _similar.BINS * 4
        candidates = _candidates(sketches, size, conversations)
        threshold = self.opts["threshold"]
        for later in sorted(candidates):
            mine = sketches[later * size : (later + 1) * size]
            best, best_share, measured = -1, 0.0, False
            for earlier in sorted(candidates[later]):
                both = later in exact and earlier in exact
                if both:
                    share = _similar.jaccard(_similar.unpack(exact[later]), _similar.unpack(exact[earlier]))
                else:  # equal sketches (a copy's) agree in every bin: no need to count them
                    theirs = sketches[earlier * size : (earlier + 1) * size]
                    share = 1.0 if mine == theirs else _similar.similarity(mine, theirs)
                if share >= threshold and share > best_share:
                    best, best_share, measured = earlier, share, both
                    if share == 1.0:
                        break
            if best < 0:
                continue
            first = refs[best]
            yield Finding(
                f"/{name}",
                f"{name} shares {'' if measured else 'about '}{best_share:.0%} of its three-word phrases with "
                f"{first.turn_id or 'the turn'}'s in another conversation ({first.path} at {first.pointer or '/'}): "
                "the seed wants true variation, not near-copies; rewrite one of them",
                ref=refs[later],
                related=(first,),
            )


#: How many earliest texts of one band a text is compared with: enough for any real
#: dataset, and a bound on the work when thousands of texts are copies of each other.
_PER_BAND = 4


def _exact_by_index(chunks: list[_Chunk]) -> dict[int, bytes]:
    """The exact phrase sets of the short texts, by their place in the whole run."""
    exact: dict[int, bytes] = {}
    offset = 0
    for refs, _, _, own in chunks:
        exact.update((offset + index, packed) for index, packed in own.items())
        offset += len(refs)
    return exact


def _candidates(sketches: bytes, size: int, conversations: list[str | None]) -> dict[int, set[int]]:
    """For each text, the earlier texts of other conversations that share a band with it:
    of each band's texts, a text is compared with the ``_PER_BAND`` earliest before it.

    Each band's first text of every value is found by C loops (slices, a dict, ``map``);
    only the texts whose band value came earlier (candidates, rare in a varied dataset) take
    a step in Python, and a text's conversation is compared once, at the end.
    """
    count = len(conversations)
    width = _similar.ROWS * 4
    indexes = range(count)
    found: dict[int, set[int]] = {}
    for band in range(_similar.BANDS):
        starts = range(band * width, count * size, size)
        ends = range(starts.start + width, count * size + width, size)
        keys = list(map(sketches.__getitem__, map(slice, starts, ends)))  # this band of every text
        first = dict(zip(reversed(keys), reversed(indexes), strict=True))  # the earliest wins
        groups: dict[bytes, list[int]] = {}
        for index in compress(indexes, map(ne, map(first.__getitem__, keys), indexes)):
            key = keys[index]
            earlier = groups.get(key)
            if earlier is None:
                earlier = groups[key] = [first[key]]
            found.setdefault(index, set()).update(earlier)
            if len(earlier) < _PER_BAND:
                earlier.append(index)
    for index in list(found):
        mine = conversations[index]
        others = {e for e in found[index] if conversations[e] != mine or conversations[e] is None}
        if others:
            found[index] = others
        else:
            del found[index]
    return found
