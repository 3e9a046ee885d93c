"""Regenerate examples/broken/ from examples/valid/: one defect per file, named for its rule.

Each broken file is a copy of valid turns (renamed to their own conversation ids, so the
broken files never collide with each other or with the valid set) with exactly one defect,
so that exactly the rule in its name fires. Run from the repository root:

    python examples/make_broken.py
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

from fplint.read.loader import load

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "broken"


def conversation(name: str, conversation_id: str) -> list[dict[str, Any]]:
    """The turns of a valid conversation, renamed to ``conversation_id``."""
    turns: list[dict[str, Any]] = []
    for path in sorted((HERE / "valid").glob("*")):
        turns += [t.value for t in load(path).turns if t.conversation_id == name]
    renamed = json.loads(json.dumps(turns).replace(name, conversation_id))
    return sorted(renamed, key=lambda t: t["turn_number"])


def david(number: int) -> list[dict[str, Any]]:
    return conversation("fp_david_001", f"fp_david_{number:03d}")


def jennifer(number: int) -> list[dict[str, Any]]:
    return conversation("fp_jennifer_001", f"fp_jennifer_{number:03d}")


def cases(count: int) -> str:
    """A long list of planning cases: a system prompt grown past a context window."""
    return "\n".join(
        f"Case {n}: a client saving ${50 * n:,} a month toward a goal {n % 30 + 1} years away; "
        "acknowledge the feeling first, then one concrete step."
        for n in range(1, count + 1)
    )


def pairs(turns: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {**extra, "training_pairs": turns}


def text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(name: str, content: str) -> None:
    path = BROKEN / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def main() -> None:
    if BROKEN.exists():
        shutil.rmtree(BROKEN)

    # file rules
    good = text(pairs(david(101)))
    write("invalid-json.json", good.replace('"turn_number": 2,', '"turn_number": 2,,', 1))
    write("unknown-layout.json", text(david(102)))
    write(
        "duplicate-key.json",
        good.replace("fp_david_101", "fp_david_103").replace(
            '"pacing": ', '"pacing": "unhurried",\n        "pacing": ', 1
        ),
    )
    write("file-too-long.json", text(pairs(david(104) + jennifer(104))))
    write("file-schema.json", text(pairs(david(105), dataset_metdata={"version": "1.0.0"})))
    # a newer format: one finding, its turns (here with a score v3.4 would refuse) not held to v3.4
    turns = david(170)
    turns[0]["training_metadata"]["quality_score"] = 2.8
    meta = {"_meta": {"version": "4.0.0", "format_spec": "brightrun-lora-v4"}}
    lines = [json.dumps(line, ensure_ascii=False) for line in (meta, *turns)]
    write("format-version.jsonl", "\n".join(lines) + "\n")

    # turn rules
    turns = david(106)
    turns[0]["emotional_context"]["detected_emotions"]["primary_confidence"] = 1.4
    turns[1]["response_strategy"]["tone"] = turns[1]["response_strategy"].pop("tone_selection")
    write("schema.json", text(pairs(turns)))

    turns = david(107)
    emotions = turns[0]["emotional_context"]["detected_emotions"]
    for key in ("secondary", "secondary_confidence", "tertiary", "tertiary_confidence"):
        emotions.pop(key, None)
    write("emotion-count.json", text(pairs(turns)))

    turns = david(108)
    indicators = turns[0]["emotional_context"]["emotional_indicators"]
    for key in list(indicators)[3:]:
        del indicators[key]
    write("indicator-count.json", text(pairs(turns)))

    turns = david(109)
    del turns[1]["emotional_context"]["emotional_progression"]
    write("progression-required.json", text(pairs(turns)))

    turns = david(110)
    breakdown = turns[1]["response_breakdown"]
    del breakdown["sentences"][len(breakdown["sentences"]) // 2]
    for number, sentence in enumerate(breakdown["sentences"], 1):
        sentence["sentence_number"] = number
    breakdown["total_sentences"] = len(breakdown["sentences"])
    write("sentence-coverage.json", text(pairs(turns)))

    # one turn-level defect each, in a copy of David's conversation
    def turn_defect(name: str, number: int, index: int, change: Any) -> None:
        turns = david(number)
        change(turns[index])
        write(f"{name}.json", text(pairs(turns)))

    def emotions(turn: dict[str, Any]) -> dict[str, Any]:
        return turn["emotional_context"]["detected_emotions"]  # type: ignore[no-any-return]

    def first_sentence(turn: dict[str, Any]) -> dict[str, Any]:
        return turn["response_breakdown"]["sentences"][0]  # type: ignore[no-any-return]

    def rename_first_key(mapping: dict[str, Any], new: str) -> None:
        key = next(iter(mapping))
        mapping[new] = mapping.pop(key)

    turn_defect(
        "emotion-confidence",
        120,
        0,
        lambda t: emotions(t).update(primary_confidence=0.7, secondary_confidence=0.8),
    )
    turn_defect("valence", 121, 0, lambda t: emotions(t).update(valence="negative_but_hopeful"))
    turn_defect(
        "indicator-grounded",
        122,
        0,
        lambda t: (
            rename_first_key(t["emotional_context"]["emotional_indicators"], "invented_cue")
            or t["emotional_context"]["emotional_indicators"].update(
                invented_cue=["I am terrified of quitting"]
            )
        ),
    )
    turn_defect(
        "progression-consistent",
        123,
        1,
        lambda t: t["emotional_context"]["emotional_progression"].update(previous_turn_primary="anger"),
    )
    turn_defect(
        "needs-hierarchy",
        124,
        0,
        lambda t: t["emotional_context"]["client_needs_hierarchy"][1].update(priority=1),
    )
    turn_defect(
        "behavioral-assessment",
        125,
        0,
        lambda t: t["emotional_context"]["behavioral_assessment"].pop("trust_level"),
    )
    turn_defect(
        "rationale-sentences",
        126,
        0,
        lambda t: t["response_strategy"].update(
            primary_rationale="Celebrate first, then slow the timeline down"
        ),
    )
    turn_defect(
        "strategy-counts",
        127,
        0,
        lambda t: t["response_strategy"].update(
            specific_techniques=t["response_strategy"]["specific_techniques"][:1]
        ),
    )
    turn_defect(
        "sentence-count",
        128,
        0,
        lambda t: t["response_breakdown"].update(
            total_sentences=t["response_breakdown"]["total_sentences"] + 2
        ),
    )
    turn_defect("sentence-fields", 129, 0, lambda t: first_sentence(t).update(teaches_model=""))
    turn_defect(
        "word-choice-count",
        130,
        0,
        lambda t: first_sentence(t).update(
            word_choice_rationale=dict(list(first_sentence(t)["word_choice_rationale"].items())[:1])
        ),
    )
    turn_defect(
        "word-choice-grounded",
        131,
        0,
        lambda t: rename_first_key(first_sentence(t)["word_choice_rationale"], "gentle italics"),
    )

    def merge_first_two(turn: dict[str, Any]) -> None:
        breakdown = turn["response_breakdown"]
        first, second = breakdown["sentences"][:2]
        first["text"] = f"{first['text']} {second['text']}"
        words = {**first["word_choice_rationale"], **second["word_choice_rationale"]}
        first["word_choice_rationale"] = dict(list(words.items())[:5])
        del breakdown["sentences"][1]
        for number, sentence in enumerate(breakdown["sentences"], 1):
            sentence["sentence_number"] = number
        breakdown["total_sentences"] = len(breakdown["sentences"])

    turn_defect("sentence-split", 161, 0, merge_first_two)
    turn_defect(
        "skills-count",
        132,
        0,
        lambda t: t["training_metadata"].update(demonstrates_skills=[f"skill_{i}" for i in range(8)]),
    )
    turn_defect("quality-score", 133, 0, lambda t: t["training_metadata"].update(quality_score=2))
    turn_defect(
        "reviewer-notes",
        134,
        0,
        lambda t: t["training_metadata"].update(
            reviewer_notes="Warm. Specific. Well paced. Clear numbers. Strong close. A model turn."
        ),
    )
    turn_defect(
        "variations-count", 135, 0, lambda t: t["training_metadata"].update(generate_variations_count=20)
    )
    turn_defect("turn-identity", 136, 1, lambda t: t["training_metadata"].update(conversation_turn=3))
    turn_defect(
        "history-consistent",
        137,
        2,
        lambda t: t["conversation_history"][1].update(
            content="..." + t["conversation_history"][1]["content"][40:200] + "..."
        ),
    )
    turn_defect("placeholder", 138, 0, lambda t: t["training_metadata"].update(key_learning_objective="TBD"))
    turn_defect("review-flag", 139, 0, lambda t: t["training_metadata"].update(human_reviewed=False))
    # the system prompt grown in every turn (a conversation keeps one: persona-consistency)
    turns = david(140)
    for turn in turns:
        turn["system_prompt"] += "\n\nWorked cases to keep in mind:\n" + cases(240)
    write("token-budget.json", text(pairs(turns)))
    turn_defect(
        "strategy-fit",
        160,
        1,
        lambda t: t["emotional_context"]["emotional_progression"].update(trajectory="escalating"),
    )

    # a wrong sum, in the response, its analysed sentence and the later turns' history alike
    wrong = json.dumps(david(161), ensure_ascii=False).replace(
        "$9,000 set aside for emergencies,",
        "$9,000 set aside for emergencies, $26,000 ($15,000 + $9,000) in all,",
    )
    write("arithmetic.json", text(pairs(json.loads(wrong))))

    # "As you know": Elena assuming the client should know (the response, its analysed
    # sentence and the later turns' history alike)
    known = json.dumps(david(165), ensure_ascii=False).replace(
        "The move itself looks financially sound", "As you know, the move itself looks financially sound"
    )
    write("voice.json", text(pairs(json.loads(known))))

    # a tactical choice the response never carries out (tactics-reflected is on in strict only)
    turn_defect(
        "tactics-reflected",
        166,
        0,
        lambda t: t["response_strategy"]["tactical_choices"].update(mention_roth_option=True),
    )

    # conversation and dataset rules
    turns = david(167)
    turns[2]["conversation_metadata"]["client_persona"] = turns[2]["conversation_metadata"][
        "client_persona"
    ].replace("David", "Daniel")
    write("persona-consistency.json", text(pairs(turns)))

    turns = david(111)
    write("turn-sequence.json", text(pairs([turns[0], turns[2]])))

    turns = david(112)
    write("duplicate-turn/fp_david_112.json", text(pairs(turns)))
    write("duplicate-turn/fp_david_112-part2.json", text(pairs(copy.deepcopy(turns[2:]))))

    # turn 3's input pasted from turn 2, in the turn and nowhere else
    turns = david(164)
    turns[2]["current_user_input"] = turns[1]["current_user_input"]
    turns[2]["emotional_context"]["emotional_indicators"] = turns[1]["emotional_context"][
        "emotional_indicators"
    ]
    write("repeated-input.json", text(pairs(turns)))

    # a conversation that copies another, the client's name changed
    original = david(162)
    copied = json.loads(json.dumps(david(163)).replace("David", "Daniel"))
    write("near-duplicate/fp_david_162.json", text(pairs(original)))
    write("near-duplicate/fp_david_163.json", text(pairs(copied)))

    # 21 scored turns are needed: copies of the two conversations, which near-duplicate also
    # (rightly) reports; see tests/test_examples.py
    lines = []
    for number in range(113, 116):
        for turn in david(number) + jennifer(number):
            turn["training_metadata"]["quality_score"] = 5
            criteria = turn["training_metadata"]["quality_criteria"]
            for key in criteria:
                criteria[key] = 5
            lines.append(json.dumps(turn, ensure_ascii=False))
    write("quality-distribution.jsonl", "\n".join(lines) + "\n")

    # ten conversations, five of them copies of each example: each example's strategies are
    # used in half of them (near-duplicate also, rightly, reports the copies)
    # quality scores spread as the standard asks: 65% 5s, 25% 4s, 10% 3s
    lines = []
    for number in range(170, 175):
        lines += [json.dumps(turn, ensure_ascii=False) for turn in david(number) + jennifer(number)]
    for index, line in enumerate(lines):
        turn = json.loads(line)
        share = 20 * index // len(lines)
        score = 5 if share < 13 else 4 if share < 18 else 3
        turn["training_metadata"]["quality_score"] = score
        criteria = turn["training_metadata"]["quality_criteria"]
        for key in criteria:
            criteria[key] = score
        lines[index] = json.dumps(turn, ensure_ascii=False)
    write("strategy-diversity.jsonl", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
