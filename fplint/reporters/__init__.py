"""Reporters by name: the mapping behind ``--output-format``."""

from __future__ import annotations

from fplint.reporters.base import Reporter
from fplint.reporters.concise import ConciseReporter
from fplint.reporters.full import FullReporter
from fplint.reporters.json import JsonReporter

REPORTERS: dict[str, type[Reporter]] = {
    "full": FullReporter,
    "concise": ConciseReporter,
    "json": JsonReporter,
}

__all__ = ["REPORTERS", "Reporter"]
