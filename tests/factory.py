"""Small, valid turns and conversations built in code, and helpers to break them precisely."""

from __future__ import annotations

import copy
import io
import json
import zlib
from typing import Any

from fplint.read.pointer import split

DELETE = object()

USER_INPUTS = [
    "I keep opening my savings app and closing it again. I'm scared I've already waited too long, "
    "and honestly I feel stupid asking this.",
    "Okay, that helps. I checked and I have $6,000 saved, which feels tiny. What should I do first?",
    "I set up the transfer like you said. It felt good, but I'm nervous I'll need the money.",
    "I did it for a whole month! I think I'm ready to look at the next step.",
]
RESPONSES = [
    "Asking this is not stupid, and it's far more common than you think. "
    "**Here's the good news:** you haven't waited too long, because the best time to start is today. "
    "Would it help to look at one small first step together?",
    "That $6,000 is a real start, and you built it yourself. "
    "First, let's set a target of three months of expenses. "
    "Would you like to work out that number together?",
    "Feeling nervous after a first step is completely normal. "
    "The money is still yours, and you can reach it whenever you truly need it. "
    "How does keeping the transfer small for one more month sound?",
    "A whole month is a real milestone, and you should feel proud of it. "
    "The next step is to raise the transfer by $50, only if it feels comfortable. "
    "There's no rush, and I'm here whenever you want to talk it through.",
]
SENTENCE_WORDS = [
    [("not stupid", "contradicts the self-judgment"), ("common", "normalizes"), ("think", "meets his belief")],
    [("good news", "signals relief"), ("waited too long", "echoes his fear"), ("today", "makes it concrete")],
    [("help", "offers, does not push"), ("small", "lowers the stakes"), ("together", "partnership")],
]


def _sentence(number: int, text: str, function: str = "guide_the_client") -> dict[str, Any]:
    words = {w: why for w, why in SENTENCE_WORDS[(number - 1) % 3] if w.lower() in text.lower()}
    for word in (w.strip(".,?!:*") for w in text.split()):
        if len(words) >= 3:
            break
        words.setdefault(word, "a deliberate, plain word")
    return {
        "sentence_number": number,
        "text": text,
        "function": function,
        "emotional_purpose": "build_safety",
        "technique": "validation",
        "teaches_model": "acknowledge_feelings_before_facts",
        "word_choice_rationale": words,
    }


def _sentences(response: str) -> list[str]:
    parts, rest = [], response
    for marker in (". ", "? ", "! "):
        rest = rest.replace(marker, marker.strip() + "\n")
    parts = [p for p in rest.split("\n") if p]
    return parts


DEFAULT_CONVERSATION = "fp_marcus_901"
def _own_words(text: str, conversation_id: str) -> str:
    """``text`` made this conversation's own (the default one's stays as it is): every seventh
    word swapped for a made-up word drawn from the conversation id, so conversations made here
    are not near-duplicates of each other, as real ones are not, at no cost in length."""
    if conversation_id == DEFAULT_CONVERSATION:
        return text
    words = text.split(" ")
    for i in range(3, len(words), 7):
        core = words[i].strip(".,?!:*")
        if core.isalpha():
            code = zlib.crc32(f"{conversation_id}:{i}:{text[:20]}".encode())
            made = "".join("bdfgklmnprstvz"[(code >> (5 * k)) % 14] + "aeiou"[(code >> (3 * k)) % 5] for k in range(2))
            words[i] = words[i].replace(core, made.capitalize() if core[0].isupper() else made)
    return " ".join(words)


def _own_label(label: str, conversation_id: str) -> str:
    """``label`` made this conversation's own (the default one's stays as it is), so that
    conversations made here do not all share one strategy and one opening move."""
    if conversation_id == DEFAULT_CONVERSATION:
        return label
    code = zlib.crc32(f"{conversation_id}:{label}".encode())
    return label + "_" + "".join("bdfgklmnprstvz"[(code >> (5 * k)) % 14] + "aeiou"[(code >> (3 * k)) % 5] for k in range(3))


def valid_turn(number: int = 1, conversation_id: str = DEFAULT_CONVERSATION) -> dict[str, Any]:
    """A turn that passes the schema and every default rule (history and progression included)."""
    inputs = [_own_words(text, conversation_id) for text in USER_INPUTS]
    responses = [_own_words(text, conversation_id) for text in RESPONSES]
    index = (number - 1) % len(USER_INPUTS)
    user = inputs[index]
    response = responses[index]
    sentences = _sentences(response)
    history: list[dict[str, Any]] = []
    for earlier in range(1, number):
        history.append({"turn": earlier, "role": "user", "content": inputs[(earlier - 1) % len(inputs)]})
        history.append({"turn": earlier, "role": "assistant", "content": responses[(earlier - 1) % len(responses)]})
    context: dict[str, Any] = {
        "detected_emotions": {
            "primary": "anxiety",
            "primary_confidence": 0.8,
            "secondary": "shame",
            "secondary_confidence": 0.7,
            "intensity": 0.7,
            "valence": "negative",
        },
        "emotional_indicators": {
            "explicit_emotion_words": [user.split()[1]],
            "self_talk": [user.split(".")[0]],
            "uncertainty_markers": [user.split()[0]],
            "action_language": [user.split()[-1]],
        },
        "behavioral_assessment": {
            "risk_level": "moderate",
            "engagement_readiness": "tentative",
            "knowledge_level": "beginner",
            "trust_level": "building",
        },
        "client_needs_hierarchy": [
            {"priority": 1, "need": "reassurance", "rationale": "Fear is blocking action."},
            {"priority": 2, "need": "one_small_step", "rationale": "A single step feels possible."},
            {"priority": 3, "need": "partnership", "rationale": "He should not feel alone in this."},
        ],
    }
    if number >= 2:
        context["emotional_progression"] = {
            "previous_turn_primary": "anxiety",
            "previous_turn_intensity": 0.7,
            "current_turn_primary": "anxiety",
            "current_turn_intensity": 0.7,
            "trajectory": "stable",
            "interpretation": "engaged and still cautious",
        }
    return {
        "id": f"{conversation_id}_turn{number}",
        "conversation_id": conversation_id,
        "turn_number": number,
        "conversation_metadata": {
            "client_persona": "Marcus - The Overwhelmed Avoider",
            "client_background": "38, software engineer, avoids looking at savings",
            "session_context": "Evening chat after a stressful week",
            "conversation_phase": "trust_building",
            "expected_outcome": "one small, concrete step",
        },
        "system_prompt": "You are Elena Morales, CFP. Acknowledge feelings before facts.",
        "conversation_history": history,
        "current_user_input": user,
        "emotional_context": context,
        "response_strategy": {
            "primary_strategy": _own_label("validate_then_simplify", conversation_id),
            "primary_rationale": "Shame blocks learning until it is named. A single step makes progress feel possible.",
            "secondary_strategies": ["normalize_struggle", "offer_partnership"],
            "tone_selection": "warm",
            "tone_rationale": "He needs safety before numbers.",
            "pacing": "slow",
            "tactical_choices": {
                "acknowledge_emotion_first": True,
                "normalize_struggle": True,
                "use_concrete_numbers": True,
                "avoid_jargon": True,
                "ask_permission": True,
            },
            "avoid_tactics": ["lecturing", "listing_many_options"],
            "specific_techniques": [
                {"technique": "normalization", "application": "say it is common", "purpose": "reduce shame"},
                {"technique": "chunking", "application": "one step only", "purpose": "reduce overwhelm"},
            ],
        },
        "target_response": response,
        "response_breakdown": {
            "total_sentences": len(sentences),
            "structure_type": "validate -> reframe -> invite",
            "sentences": [
                _sentence(i + 1, s, _own_label("guide_the_client", conversation_id) if i == 0 else "guide_the_client")
                for i, s in enumerate(sentences)
            ],
        },
        "expected_user_response_patterns": {
            "positive_indicators": ["asks about the step"],
            "neutral_indicators": ["short acknowledgement"],
            "negative_indicators": ["more self-blame"],
        },
        "training_metadata": {
            "difficulty_level": "beginner",
            "key_learning_objective": "validate before advising",
            "demonstrates_skills": ["validation", "normalization", "chunking", "permission_asking"],
            "conversation_turn": number,
            "emotional_progression_target": "anxiety(0.80) → relief(0.60)",
            "quality_score": 5,
            "quality_criteria": {
                "empathy_score": 5,
                "clarity_score": 5,
                "appropriateness_score": 5,
                "brand_voice_alignment": 5,
            },
            "human_reviewed": True,
            "reviewer_notes": "Warm and specific without rushing. The single step fits his state.",
            "use_as_seed_example": True,
            "generate_variations_count": 12,
        },
    }


def valid_conversation(turns: int = 3, conversation_id: str = DEFAULT_CONVERSATION) -> list[dict[str, Any]]:
    return [valid_turn(n, conversation_id) for n in range(1, turns + 1)]


def edit(value: Any, changes: dict[str, Any]) -> Any:
    """A deep copy of ``value`` with each pointer set (or deleted with ``DELETE``)."""
    value = copy.deepcopy(value)
    for pointer, new in changes.items():
        *parents, last = split(pointer)
        target = value
        for token in parents:
            target = target[int(token)] if isinstance(target, list) else target[token]
        if isinstance(target, list):
            if new is DELETE:
                del target[int(last)]
            else:
                target[int(last)] = new
        elif new is DELETE:
            del target[last]
        else:
            target[last] = new
    return value


def turns_file(turns: list[dict[str, Any]], kind: str, indent: int | str | None = 2) -> str:
    """Turns as the text of a ``json`` (``training_pairs``), ``jsonl`` or ``yaml`` file."""
    if kind == "jsonl":
        return "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in turns)
    if kind == "yaml":
        from ruamel.yaml import YAML

        out = io.StringIO()
        yaml = YAML()
        yaml.width = 10_000
        yaml.dump({"training_pairs": json.loads(json.dumps(turns))}, out)  # no shared objects: no aliases
        return "# written for the test\n" + out.getvalue()
    return json.dumps({"training_pairs": turns}, indent=indent, ensure_ascii=False)


def pairs_file(*turns: dict[str, Any]) -> str:
    return json.dumps({"training_pairs": list(turns)}, indent=2, ensure_ascii=False)
