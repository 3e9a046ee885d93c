"""Reporters by name: the mapping behind ``--output-format``.

Each name maps to its class; a reporter's module is imported only when it is used, so a
run pays start-up time for the one format it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from fplint.report.base import Reporter

_WHERE = {
    "full": "fplint.report.full:FullReporter",
    "concise": "fplint.report.concise:ConciseReporter",
    "json": "fplint.report.json:JsonReporter",
    "sarif": "fplint.report.sarif:SarifReporter",
    "github": "fplint.report.github:GithubReporter",
    "junit": "fplint.report.junit:JunitReporter",
}


class _Reporters(Mapping[str, type[Reporter]]):
    def __getitem__(self, name: str) -> type[Reporter]:
        module, _, attribute = _WHERE[name].partition(":")
        reporter: type[Reporter] = getattr(importlib.import_module(module), attribute)
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


REPORTERS: Mapping[str, type[Reporter]] = _Reporters()

__all__ = ["REPORTERS", "Reporter"]
