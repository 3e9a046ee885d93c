"""A data-only encoding for what the cache keeps: JSON, with tags for what JSON lacks.

Plain data round-trips exactly: None, bool, int, float, str (lone surrogates too), bytes,
list, tuple, dict (any keys), frozenset, and the enums, NamedTuples and dataclasses named in
``ALLOWED`` (fplint's own types, and the data its rules collect). Decoding builds nothing
else: it imports no module, calls no code but those types' constructors, and anything it
does not expect (an unknown tag, a type not allowed, a wrong number of fields) is a
``CodecError``. Encoding a value it cannot represent (a plugin's own class) is one too: such
a result is simply not cached.

Lists are JSON arrays; every other container is a one-key object whose key is its tag::

    {"t": [...]}  tuple          {"b": "base64"}     bytes
    {"d": [k, v, k, v, ...]}     dict                {"f": [...]}  frozenset
    {"e": ["module:Name", value]}  enum              {"o": ["module:Name", [fields]]}  record
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import json
import sys
from typing import Any

#: The classes a cache entry may hold, as ``module:qualname``. Every NamedTuple and dataclass
#: a built-in rule defines is here, and those of the fixes findings carry
#: (tests/check/test_cache.py makes sure of it); a plugin's are not, so a result holding one
#: is not cached.
ALLOWED = frozenset(
    {
        "fplint.model:Severity",
        "fplint.model:Scope",
        "fplint.model:TurnRef",
        "fplint.model:Finding",
        "fplint.model:Diagnostic",
        "fplint.check.engine:FileResult",
        "fplint.check.engine:TurnSummary",
        "fplint.rule:Collected",
        "fplint.fix.edit:Applicability",
        "fplint.fix.edit:Fix",
        "fplint.fix.edit:Edit",
        "fplint.fix.edit:Replace",
        "fplint.fix.edit:Source",
        "fplint.fix.edit:NewFile",
        "fplint.rules._figures:Figure",
        "fplint.rules.arithmetic:_Claim",
        "fplint.rules.history_consistent:_Entry",
        "fplint.rules.history_consistent:_Seen",
        "fplint.rules.progression_consistent:_Claim",
        "fplint.rules.progression_consistent:_Seen",
        "fplint.rules.repeated_input:_Seen",
    }
)


class CodecError(ValueError):
    """A value that cannot be encoded, or bytes that are not a valid encoding."""


def encode(value: Any) -> bytes:
    """``value`` as compact JSON (ASCII: lone surrogates escaped), or ``CodecError``."""
    try:
        return json.dumps(_tree(value), ensure_ascii=True, separators=(",", ":"), allow_nan=True).encode(
            "ascii"
        )
    except RecursionError as exc:
        raise CodecError("nested too deeply") from exc


def decode(data: bytes | str) -> Any:
    """The value ``encode`` wrote, or ``CodecError`` for anything else."""
    try:
        return json.loads(data, object_hook=_revive)
    except CodecError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        raise CodecError(f"{exc.__class__.__name__}: {exc}") from exc


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _tree(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [_tree(v) for v in value]
    if kind is tuple:
        return {"t": [_tree(v) for v in value]}
    if kind is dict:
        return {"d": [_tree(x) for item in value.items() for x in item]}
    if kind is bytes:
        return {"b": base64.b64encode(value).decode("ascii")}
    if kind is frozenset:
        return {"f": [_tree(v) for v in value]}
    name = _name(kind)
    if name not in ALLOWED:
        raise CodecError(f"{name} is not a type the cache keeps")
    if isinstance(value, enum.Enum):
        return {"e": [name, value.value]}
    if isinstance(value, tuple) and hasattr(kind, "_fields"):
        return {"o": [name, [_tree(v) for v in value]]}
    if dataclasses.is_dataclass(value):
        fields = dataclasses.fields(value)
        if not all(f.init for f in fields):
            raise CodecError(f"{name} has fields its constructor does not take")
        return {"o": [name, [_tree(getattr(value, f.name)) for f in fields]]}
    raise CodecError(f"{name} is neither an enum, a NamedTuple nor a dataclass")


def _revive(obj: dict[str, Any]) -> Any:
    if len(obj) != 1:
        raise CodecError("an object with other than one tag")
    [(tag, body)] = obj.items()
    if tag == "o" and type(body) is list and len(body) == 2 and type(body[1]) is list:
        known = _RECORDS.get(body[0])  # the common case: a record of a class already met
        if known is not None:
            if len(body[1]) != known[1]:
                raise CodecError(f"{body[0]} takes {known[1]} fields, not {len(body[1])}")
            return known[0](*body[1])
    if tag == "t" and type(body) is list:
        return tuple(body)
    if tag == "d" and type(body) is list and len(body) % 2 == 0:
        return dict(zip(body[::2], body[1::2], strict=True))
    if tag == "b" and type(body) is str:
        return base64.b64decode(body.encode("ascii"), validate=True)
    if tag == "f" and type(body) is list:
        return frozenset(body)
    if tag in ("e", "o") and type(body) is list and len(body) == 2 and type(body[0]) is str:
        cls = _allowed(body[0])
        if tag == "e" and isinstance(cls, type) and issubclass(cls, enum.Enum):
            return cls(body[1])
        if tag == "o" and type(body[1]) is list:
            value = _record(cls, body[1])
            _RECORDS[body[0]] = (cls, _ARITY[cls])
            return value
    raise CodecError(f"unexpected {tag!r} object")


#: Classes found by ``_allowed`` and their field counts: a warm run revives tens of thousands
#: of records of a dozen classes.
_FOUND: dict[str, Any] = {}
_ARITY: dict[type, int] = {}
_RECORDS: dict[Any, tuple[Any, int]] = {}


def _allowed(name: str) -> Any:
    """The class ``name`` means, if it is allowed and already imported (nothing is imported here)."""
    known = _FOUND.get(name)
    if known is not None:
        return known
    if name not in ALLOWED:
        raise CodecError(f"{name} is not a type the cache keeps")
    module_name, _, qualname = name.partition(":")
    found: Any = sys.modules.get(module_name)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    if not isinstance(found, type):
        raise CodecError(f"{name} is not loaded")
    _FOUND[name] = found
    return found


def _record(cls: type, values: list[Any]) -> Any:
    arity = _ARITY.get(cls)
    if arity is not None:
        if len(values) != arity:
            raise CodecError(f"{_name(cls)} takes {arity} fields, not {len(values)}")
        return cls(*values)
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        _ARITY[cls] = len(cls._fields)
        return _record(cls, values)
    if dataclasses.is_dataclass(cls):
        _ARITY[cls] = len(dataclasses.fields(cls))
        return _record(cls, values)
    raise CodecError(f"{_name(cls)} is not a record")
