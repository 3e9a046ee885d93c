"""The built-in rules, listed explicitly: this tuple is the registry's source of truth."""

from __future__ import annotations

from fplint.rule import Rule
from fplint.rules.arithmetic import Arithmetic
from fplint.rules.behavioral_assessment import BehavioralAssessment
from fplint.rules.duplicate_key import DuplicateKey
from fplint.rules.duplicate_turn import DuplicateTurn
from fplint.rules.emotion_confidence import EmotionConfidence
from fplint.rules.emotion_count import EmotionCount
from fplint.rules.file_schema import FileSchema
from fplint.rules.file_too_long import FileTooLong
from fplint.rules.format_version import FormatVersion
from fplint.rules.history_consistent import HistoryConsistent
from fplint.rules.indicator_count import IndicatorCount
from fplint.rules.indicator_grounded import IndicatorGrounded
from fplint.rules.invalid_json import InvalidJson
from fplint.rules.near_duplicate import NearDuplicate
from fplint.rules.needs_hierarchy import NeedsHierarchy
from fplint.rules.persona_consistency import PersonaConsistency
from fplint.rules.placeholder import Placeholder
from fplint.rules.progression_consistent import ProgressionConsistent
from fplint.rules.progression_required import ProgressionRequired
from fplint.rules.quality_distribution import QualityDistribution
from fplint.rules.quality_score import QualityScore
from fplint.rules.rationale_sentences import RationaleSentences
from fplint.rules.repeated_input import RepeatedInput
from fplint.rules.review_flag import ReviewFlag
from fplint.rules.reviewer_notes import ReviewerNotes
from fplint.rules.schema import Schema
from fplint.rules.sentence_count import SentenceCount
from fplint.rules.sentence_coverage import SentenceCoverage
from fplint.rules.sentence_fields import SentenceFields
from fplint.rules.sentence_split import SentenceSplit
from fplint.rules.skills_count import SkillsCount
from fplint.rules.strategy_counts import StrategyCounts
from fplint.rules.strategy_diversity import StrategyDiversity
from fplint.rules.strategy_fit import StrategyFit
from fplint.rules.tactics_reflected import TacticsReflected
from fplint.rules.token_budget import TokenBudget
from fplint.rules.turn_identity import TurnIdentity
from fplint.rules.turn_sequence import TurnSequence
from fplint.rules.unknown_layout import UnknownLayout
from fplint.rules.unreadable_file import UnreadableFile
from fplint.rules.valence import Valence
from fplint.rules.variations_count import VariationsCount
from fplint.rules.voice import Voice
from fplint.rules.word_choice_count import WordChoiceCount
from fplint.rules.word_choice_grounded import WordChoiceGrounded

#: In code order: file (FP1), schema (FP2), emotion (FP3), strategy (FP4), breakdown (FP5),
#: metadata (FP6), identity and conversation (FP7), dataset (FP8), hygiene (FP9).
BUILTIN_RULES: tuple[type[Rule], ...] = (
    InvalidJson,
    UnknownLayout,
    DuplicateKey,
    FileTooLong,
    UnreadableFile,
    FormatVersion,
    Schema,
    FileSchema,
    EmotionCount,
    EmotionConfidence,
    IndicatorCount,
    IndicatorGrounded,
    ProgressionRequired,
    ProgressionConsistent,
    NeedsHierarchy,
    BehavioralAssessment,
    Valence,
    ReviewFlag,
    RationaleSentences,
    StrategyCounts,
    StrategyFit,
    Voice,
    TacticsReflected,
    SentenceCoverage,
    SentenceCount,
    SentenceFields,
    WordChoiceCount,
    WordChoiceGrounded,
    SentenceSplit,
    SkillsCount,
    QualityScore,
    ReviewerNotes,
    VariationsCount,
    Arithmetic,
    TurnIdentity,
    TurnSequence,
    DuplicateTurn,
    HistoryConsistent,
    PersonaConsistency,
    RepeatedInput,
    QualityDistribution,
    NearDuplicate,
    StrategyDiversity,
    Placeholder,
    TokenBudget,
)
