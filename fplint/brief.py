"""Data in messages, within a budget: a value shown briefly, a list cut with "and N more".

A message that quotes the data it is about must not grow with the data: a 10 MB key,
an integer of 4,000 digits or a list of a million missing turns is shown in a few dozen
characters, so output stays proportional to the number of findings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

#: The longest a quoted value runs in a message (characters).
VALUE_LIMIT = 60
#: How many items of a list a message names before "and N more".
LIST_LIMIT = 10
#: Every message is cut here, whatever built it (the engine applies it to each finding).
MESSAGE_LIMIT = 2000


def brief(value: Any, limit: int = VALUE_LIMIT) -> str:
    """``repr``-like text of ``value``, cut to about ``limit`` characters (never raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * limit:
        return f"an integer of about {int(value.bit_length() * 0.30103):,} digits"
    if isinstance(value, str):
        return repr(clip(value, limit))
    if isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) > limit:
        return f"a {type(value).__name__} of {len(value):,} items"
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an integer Python will not print, a self-nested list
        return f"a {type(value).__name__}"
    return clip(text, limit)


def number(n: int) -> str:
    """An integer for a message: as written, unless it runs past 15 digits."""
    return str(n) if abs(n) < 10**15 else brief(n, 15)


def clip(text: str, limit: int = VALUE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with ``…``."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def listing(items: Iterable[Any], limit: int = LIST_LIMIT, total: int | None = None) -> str:
    """``a, b, c`` or ``a, b, c and 7 more``: at most ``limit`` items named (each ``str``-ed
    and clipped). ``total``, when given, is how many there are (``items`` is read no further
    than ``limit``); else the rest of ``items`` is counted."""
    iterator = iter(items)
    shown = [clip(str(item)) for item in itertools.islice(iterator, limit)]
    count = total if total is not None else len(shown) + sum(1 for _ in iterator)
    rest = count - len(shown)
    return ", ".join(shown) + (f" and {rest:,} more" if rest > 0 else "")


def message(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """A whole message within ``limit`` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 40] + f"… ({len(text) - limit + 40:,} more characters cut)"
