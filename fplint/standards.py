"""The standards fplint can hold files to: each a set of schemas and a ruleset, and the format
versions it covers.

A new standard is a new entry here, its schemas (``schemas/``, under their own base URI,
with the same file names) and its ruleset (``rules/NAME.yaml``): nothing else changes. The
configuration's ``standard`` picks one; every file that declares a format version the
standard does not cover is left to the rules that judge any file (syntax, repeated keys,
length) and to ``format-version``, which says so once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: A version number, at the end of what a file declares: ``4.0.0``, ``v3.4``, ``brightrun-lora-v4``.
_NUMBER = re.compile(r"(?:^|[^0-9A-Za-z.])v?(\d{1,9}(?:\.\d{1,9})*)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Standard:
    """One standard: its name in the configuration, where its schemas are, its ruleset,
    and the format versions it covers (``3.4`` covers ``3.4``, ``3.4.2``, ``v3.4`` and ``3``)."""

    name: str
    schemas: str  # the base URI of its schemas: ``schemas + "turn.schema.json"`` is its turn schema
    ruleset: str  # a shipped ruleset's name (``rules/default.yaml``)
    versions: tuple[str, ...]

    def schema(self, name: str) -> str:
        """The URI of one of its schemas (``turn.schema.json``, ``pairs-file.schema.json#/...``)."""
        return self.schemas + name

    def covers(self, declared: str) -> bool | None:
        """Whether a declared version is one this standard covers; ``None`` when the
        declaration names no version number (``"brightrun-lora"``): it says nothing."""
        number = version_number(declared)
        if number is None:
            return None
        return any(_compatible(number, _parts(v)) for v in self.versions)

    def uncovered(self, declarations: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """The (where, value) declarations of a version this standard does not cover."""
        return [(where, value) for where, value in declarations if self.covers(value) is False]


def version_number(declared: str) -> tuple[int, ...] | None:
    """The version number a declaration ends with, as integers, or ``None``."""
    match = _NUMBER.search(declared)
    return _parts(match.group(1)) if match else None


def _parts(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.lstrip("vV").split("."))


def _compatible(declared: tuple[int, ...], covered: tuple[int, ...]) -> bool:
    """``3.4.2`` is a 3.4, and so (less precisely) is ``3``; ``3.5`` and ``4.0.0`` are not."""
    shorter = min(len(declared), len(covered))
    return declared[:shorter] == covered[:shorter]


#: Every standard fplint knows, by the name the configuration uses.
STANDARDS: Mapping[str, Standard] = {
    "v3.4": Standard("v3.4", "https://fplint.dev/schemas/3.4/", "default", ("3.4",)),
}
DEFAULT = "v3.4"
