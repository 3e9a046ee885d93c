"""The built-in rules, listed explicitly: this tuple is the registry's source of truth."""

from __future__ import annotations

from fplint.rule import Rule
from fplint.rules.duplicate_key import DuplicateKey
from fplint.rules.duplicate_turn import DuplicateTurn
from fplint.rules.emotion_count import EmotionCount
from fplint.rules.file_schema import FileSchema
from fplint.rules.file_too_long import FileTooLong
from fplint.rules.indicator_count import IndicatorCount
from fplint.rules.invalid_json import InvalidJson
from fplint.rules.progression_required import ProgressionRequired
from fplint.rules.quality_distribution import QualityDistribution
from fplint.rules.schema import Schema
from fplint.rules.sentence_coverage import SentenceCoverage
from fplint.rules.turn_sequence import TurnSequence
from fplint.rules.unknown_layout import UnknownLayout
from fplint.rules.unreadable_file import UnreadableFile

BUILTIN_RULES: tuple[type[Rule], ...] = (
    InvalidJson,
    UnknownLayout,
    DuplicateKey,
    FileTooLong,
    UnreadableFile,
    Schema,
    FileSchema,
    EmotionCount,
    IndicatorCount,
    ProgressionRequired,
    SentenceCoverage,
    TurnSequence,
    DuplicateTurn,
    QualityDistribution,
)
