"""How alike two texts are: word three-grams, their Jaccard similarity, and MinHash sketches.

A text is read as the set of its overlapping three-word phrases ("shingles"), lower-cased,
punctuation aside; two texts' similarity is the share of phrases they have in common
(Jaccard). Words are read from the UTF-8 bytes (ASCII punctuation is a space) and phrases
are hashed with CRC-32, which every process computes alike (Python's own ``hash`` is salted
per process), so sketches made in workers, or read from the cache, compare with each other.
Everything per phrase runs in C loops (``map``, ``sorted``, ``dict``): a response of a few
hundred words costs tens of microseconds.

A sketch is a one-permutation MinHash of ``BINS`` bins (Li, Owen & Zhang 2012), densified
by rotation (Shrivastava & Li 2014): each phrase hash falls in one bin, which keeps
its smallest value; an empty bin borrows from the next full one. The share of equal bins
estimates the Jaccard similarity, and bands of ``ROWS`` bins find the pairs worth
comparing without comparing all pairs (locality-sensitive hashing).
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Set
from functools import lru_cache, wraps
from itertools import repeat
from operator import and_, eq
from typing import TypeVar

#: Bytes as words see them: ASCII letters and digits lower-cased, ASCII punctuation a space;
#: other bytes (UTF-8 beyond ASCII) kept as they are.
_WORDS = bytes(c if c >= 128 or chr(c).isalnum() else 32 for c in range(256)).lower()
#: Bins in a sketch; bands of ``ROWS`` bins each (``BANDS`` of them) index it.
BINS = 64
ROWS = 4
BANDS = BINS // ROWS
_EMPTY = 0xFFFFFFFF
_MIX = 2654435761  # Knuth's multiplicative constant: marks a borrowed value by its distance


def words(text: str) -> list[bytes]:
    """The words of ``text``: lower-cased, ASCII punctuation aside (as UTF-8 bytes: no
    decoding back, and CRC-32 takes them as they are)."""
    return text.lower().encode("utf-8", "surrogatepass").translate(_WORDS).split()


def shingles(text: str | list[bytes], k: int = 3) -> frozenset[int]:
    """The hashes of the ``k``-word phrases of a text (or its ``words``); the whole text when
    it is shorter."""
    found = words(text) if isinstance(text, str) else text
    if len(found) < k:
        return frozenset((zlib.crc32(b" ".join(found)),) if found else ())
    return frozenset(map(zlib.crc32, map(b" ".join, zip(*(found[i:] for i in range(k)), strict=False))))


#: Texts up to this many characters are remembered (``remembered``), the last ``REMEMBERED``
#: of them: at most a few MB a process for each function remembering, whatever the data.
REMEMBER_UP_TO = 16_384
REMEMBERED = 256

T = TypeVar("T")


def remembered(compute: Callable[[str], T]) -> Callable[[str], T]:
    """``compute`` with the last ``REMEMBERED`` texts of up to ``REMEMBER_UP_TO`` characters
    remembered; a longer text is computed each time."""
    memo = lru_cache(maxsize=REMEMBERED)(compute)

    @wraps(compute)
    def call(text: str) -> T:
        return memo(text) if len(text) <= REMEMBER_UP_TO else compute(text)

    return call


def _phrases(text: str) -> tuple[int, frozenset[int]]:
    """How many words ``text`` has, and its three-word phrases' hashes (``shingles``).

    The last texts asked about are remembered: a turn's input is read by repeated-input and
    by near-duplicate, and each turn's history repeats the conversation's earlier inputs.
    """
    found = words(text)
    return len(found), shingles(found)


phrases = remembered(_phrases)


def jaccard(a: Set[int], b: Set[int]) -> float:
    """The share of phrases two texts have in common."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def pack(hashes: Set[int]) -> bytes:
    """A set of phrase hashes as compact bytes (sorted, four bytes each)."""
    return array("I", sorted(hashes)).tobytes()


def unpack(packed: bytes) -> set[int]:
    values = array("I")
    values.frombytes(packed)
    return set(values)


def sketch(hashes: Set[int]) -> bytes:
    """The MinHash sketch of a set of phrase hashes: ``BINS`` four-byte values.

    Each hash goes to the bin its low bits name and the bin keeps its smallest value (CRC-32
    spreads phrases well enough: measured on the published responses, the estimate is as
    close as with a multiplicative mix, and cheaper); the work is done by C loops (``map``, ``sorted``, ``dict``), so a text of
    a few hundred words costs microseconds.
    """
    ordered = sorted(hashes, reverse=True)
    # the last write to a bin, the smallest value, wins
    smallest = dict(zip(map(and_, ordered, repeat(BINS - 1)), ordered, strict=True))
    bins = list(map(smallest.get, range(BINS), repeat(_EMPTY)))
    if len(smallest) < BINS and smallest:
        for slot in range(BINS):  # densify: borrow from the next full bin, marked by the distance
            if bins[slot] == _EMPTY:
                distance = 1
                while (slot + distance) % BINS not in smallest:
                    distance += 1
                bins[slot] = (smallest[(slot + distance) % BINS] + distance * _MIX) & 0xFFFFFFFF
    return array("I", bins).tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """The Jaccard similarity two sketches estimate: the share of equal bins."""
    if len(a) != len(b) or not a or len(a) % 4:
        return 0.0
    left, right = memoryview(a).cast("I"), memoryview(b).cast("I")
    equal: int = sum(map(eq, left, right))
    return equal / len(left)
