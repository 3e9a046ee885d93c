"""Hypothesis strategies: valid conversations of the v3.4 standard, and arbitrary JSON."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

# Plain words only: no abbreviations a sentence counter could trip on, no placeholder words.
WORDS = ["money", "fear", "plan", "save", "budget", "month", "debt", "trust", "calm", "step", "small", "first", "number", "goal", "family", "house", "rent", "loan", "fund", "future", "worry", "clear", "safe", "real", "good", "time", "week", "year", "spend", "help", "start", "slow", "grow"]


@st.composite
def sentence(draw: st.DrawFn, end: str | None = None) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=9, unique=True))
    return " ".join([words[0].capitalize(), *words[1:]]) + (end or draw(st.sampled_from([".", "?", "!"])))


@st.composite
def prose(draw: st.DrawFn, lo: int, hi: int) -> str:
    return " ".join(draw(st.lists(sentence(end="."), min_size=lo, max_size=hi)))


@st.composite
def response(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A target response with markdown, and the text of each of its sentences (what to analyse)."""
    parts: list[str] = []
    texts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        shape = draw(st.sampled_from(["plain", "bullets", "numbered", "header", "bold"]))
        if shape == "plain":
            block = draw(st.lists(sentence(), min_size=1, max_size=3))
            parts.append(" ".join(block))
            texts += block
        elif shape in ("bullets", "numbered"):
            items = draw(st.lists(sentence(), min_size=1, max_size=3))
            marks = ["-"] * len(items) if shape == "bullets" else [f"{i}." for i in range(1, len(items) + 1)]
            parts.append("\n".join(f"{m} {item}" for m, item in zip(marks, items, strict=True)))
            texts += items
        elif shape == "header":
            title = draw(sentence(end=""))
            parts.append(f"### {title}")
            texts.append(title)
        else:
            lead, rest = draw(sentence(end=":")), draw(sentence())
            parts.append(f"**{lead}** {rest}")
            texts.append(f"**{lead}** {rest}")
    return "\n\n".join(parts), texts


def analysed(number: int, text: str, keys: list[str]) -> dict[str, Any]:
    return {
        "sentence_number": number,
        "text": text,
        "function": "guide",
        "emotional_purpose": "safety",
        "technique": "validation",
        "teaches_model": "feelings_before_facts",
        "word_choice_rationale": {key: "chosen on purpose" for key in keys},
    }


#: A different opening for each turn's input: a client does not send the same message twice.
OPENERS = ["I read the statement twice tonight.", "We talked it over after dinner yesterday.",
           "My sister asked me about it again.", "I finally opened the budget spreadsheet."]


@st.composite
def turn(draw: st.DrawFn, number: int, conversation_id: str, previous: dict[str, Any] | None, history: list[dict[str, Any]]) -> dict[str, Any]:
    user = OPENERS[(number - 1) % len(OPENERS)] + " " + draw(prose(2, 4))
    user_words = user.replace(".", "").split()
    reply, texts = draw(response())
    sentences = []
    for i, text in enumerate(texts):
        plain = [w.strip("*:.?!") for w in text.split()]
        keys = draw(st.lists(st.sampled_from(plain), min_size=3, max_size=5, unique=True)) if len(set(plain)) >= 5 else sorted(set(plain))[:5]
        sentences.append(analysed(i + 1, text, keys))
    primary = draw(st.sampled_from(["anxiety", "shame", "hope", "relief"]))
    n_emotions = draw(st.integers(2, 3))
    confidences = sorted(draw(st.lists(st.integers(60, 90), min_size=n_emotions, max_size=n_emotions)), reverse=True)
    emotions: dict[str, Any] = {"primary": primary, "primary_confidence": confidences[0] / 100}
    for ordinal, confidence, label in zip(["secondary", "tertiary"], confidences[1:], ["doubt", "guilt"], strict=False):
        emotions[ordinal], emotions[f"{ordinal}_confidence"] = label, confidence / 100
    if previous is None:
        intensity = draw(st.integers(0, 100)) / 100
    else:  # realistic: no leap of more than 0.4 from the previous turn (progression-consistent)
        before = round(previous["emotional_context"]["detected_emotions"]["intensity"] * 100)
        intensity = draw(st.integers(max(0, before - 40), min(100, before + 40))) / 100
    emotions.update(intensity=intensity, valence=draw(st.sampled_from(["negative", "positive", "mixed"])))
    indicators = {}
    for category in range(draw(st.integers(4, 6))):
        start = draw(st.integers(0, len(user_words) - 1))
        indicators[f"cue_{category}"] = [" ".join(user_words[start : start + draw(st.integers(1, 3))])]
    context: dict[str, Any] = {
        "detected_emotions": emotions,
        "emotional_indicators": indicators,
        "behavioral_assessment": {k: "moderate" for k in ("risk_level", "engagement_readiness", "knowledge_level", "trust_level")},
        "client_needs_hierarchy": [{"priority": p, "need": f"need_{p}", "rationale": "It comes first now."} for p in range(1, draw(st.integers(3, 4)) + 1)],
    }
    if previous is not None:
        context["emotional_progression"] = {
            "previous_turn_primary": previous["emotional_context"]["detected_emotions"]["primary"],
            "previous_turn_intensity": previous["emotional_context"]["detected_emotions"]["intensity"],
            "current_turn_primary": primary,
            "current_turn_intensity": intensity,
            "trajectory": "improving",
            "interpretation": "steadier than before",
        }
    score = draw(st.integers(3, 5))
    return {
        "id": f"{conversation_id}_turn{number}",
        "conversation_id": conversation_id,
        "turn_number": number,
        "conversation_metadata": {k: f"The {k.replace('_', ' ')}." for k in ("client_persona", "client_background", "session_context", "conversation_phase", "expected_outcome")},
        "system_prompt": "You are Elena Morales, CFP.",
        "conversation_history": list(history),
        "current_user_input": user,
        "emotional_context": context,
        "response_strategy": {
            "primary_strategy": "validate_first",
            "primary_rationale": draw(prose(2, 3)),
            "secondary_strategies": [f"strategy_{i}" for i in range(draw(st.integers(2, 3)))],
            "tone_selection": "warm",
            "tone_rationale": "He needs calm first.",
            "pacing": "slow",
            "tactical_choices": {f"choice_{i}": i % 2 == 0 for i in range(draw(st.integers(5, 8)))},
            "avoid_tactics": ["lecturing"],
            "specific_techniques": [{"technique": f"t{i}", "application": "how", "purpose": "why"} for i in range(draw(st.integers(2, 3)))],
        },
        "target_response": reply,
        "response_breakdown": {"total_sentences": len(sentences), "structure_type": "validate then guide", "sentences": sentences},
        "expected_user_response_patterns": {k: [f"Some {k.split('_')[0]} reply."] for k in ("positive_indicators", "neutral_indicators", "negative_indicators")},
        "training_metadata": {
            "difficulty_level": "beginner",
            "key_learning_objective": "Validate before advising.",
            "demonstrates_skills": [f"skill_{i}" for i in range(draw(st.integers(4, 6)))],
            "conversation_turn": number,
            "emotional_progression_target": f"{primary}({confidences[0] / 100:.2f}) → relief(0.60)",
            "quality_score": score,
            "quality_criteria": {k: score for k in ("empathy_score", "clarity_score", "appropriateness_score", "brand_voice_alignment")},
            "human_reviewed": True,
            "reviewer_notes": draw(prose(2, 3)),
            "use_as_seed_example": True,
            "generate_variations_count": draw(st.integers(10, 15)),
        },
    }


@st.composite
def conversation(draw: st.DrawFn, conversation_id: str = "fp_hypo_001", max_turns: int = 4) -> list[dict[str, Any]]:
    """A consistent conversation: numbered turns, exact history, progressions that agree."""
    turns: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for number in range(1, draw(st.integers(1, max_turns)) + 1):
        made = draw(turn(number, conversation_id, turns[-1] if turns else None, history))
        turns.append(made)
        history = [*history, {"turn": number, "role": "user", "content": made["current_user_input"]},
                   {"turn": number, "role": "assistant", "content": made["target_response"]}]
    return turns


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5),
    max_leaves=40,
)
