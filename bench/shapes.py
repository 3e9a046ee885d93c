"""The benchmark's datasets: three shapes of the same example conversations, by mutation.

- ``clean``: copies of ``examples/valid``, renamed; fplint reports nothing.
- ``defective``: every turn has a confidence out of range, one analysed sentence removed and a
  misspelt key (schema and sentence-coverage findings, 5 a turn).
- ``real``: shaped like the published files. Histories abridged with "...", prose with "..."
  and markdown emphasis, and a rotating set of the defects the published turns carry (about
  15 findings a turn across some 15 rules, warnings and errors); every tenth file also holds a
  copy of a turn from an earlier file, as exported sets do.

Everything is made from ``examples/valid`` (never from the real corpus), deterministically.
``run.py`` writes the sets; ``tests/test_shapes.py`` checks the fast paths on small ones.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "valid"

#: Bump when the generated files change, so kept datasets are not reused.
GENERATOR_VERSION = "3"
SHAPES = ("clean", "defective", "real")
TURNS_PER_FILE = 4
SEED = 20261122
#: Quality scores by turn index: 13×5, 5×4, 2×3 in every 20 (65% / 25% / 10%).
SCORE_PATTERN = (5, 5, 4, 5, 5, 3, 5, 4, 5, 5, 4, 5, 5, 5, 4, 5, 5, 3, 4, 5)
#: Client first names swapped in for the source's, one per synthetic conversation.
NAMES = ("Jennifer", "David", "Maria", "Kwame", "Priya", "Tomasz", "Aiko", "Lucia", "Omar", "Hannah")
#: In the real shape, every this-many-th file also carries a copy of an earlier file's turn.
COPY_EVERY = 10


@dataclasses.dataclass(frozen=True)
class Source:
    """One hand-written conversation: its id, its client's first name, its turns in order."""

    conversation_id: str
    client: str
    turns: tuple[dict[str, Any], ...]


@dataclasses.dataclass(frozen=True)
class DataSet:
    """A generated dataset on disk."""

    size: int
    variant: str
    directory: Path
    files: tuple[Path, ...]


def load_sources(examples: Path = EXAMPLES) -> list[Source]:
    """The example conversations, their turns gathered by conversation id and sorted."""
    from fplint.read.loader import load

    grouped: dict[str, dict[str, dict[str, Any]]] = {}
    paths = sorted(p for p in examples.iterdir() if p.suffix in {".json", ".yaml", ".yml"})
    for path in paths:
        for turn in load(path).turns:
            value = json.loads(json.dumps(turn.value))  # plain dicts and lists
            grouped.setdefault(value["conversation_id"], {})[value["id"]] = value
    sources = []
    for cid, turns in sorted(grouped.items()):
        ordered = sorted(turns.values(), key=lambda t: t["turn_number"])
        client = cid.split("_")[1].capitalize()  # fp_jennifer_001 -> Jennifer
        sources.append(Source(cid, client, tuple(ordered)))
    return sources


def dataset_dir(workdir: Path, size: int, variant: str) -> Path:
    """Where a dataset of these parameters lives: named by a hash of them."""
    key = f"{size}:{variant}:{GENERATOR_VERSION}:{TURNS_PER_FILE}:{SEED}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return workdir / f"fp-bench-{variant}-{size}-{digest}"


def ensure_dataset(workdir: Path, sources: Sequence[Source], size: int, variant: str) -> DataSet:
    """Generate the dataset unless a complete one with the same parameters is there."""
    directory = dataset_dir(workdir, size, variant)
    manifest = directory / "manifest.txt"
    if not manifest.is_file():
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
        names = [
            write_file(directory, name, pairs, meta) for name, pairs, meta in plan(sources, size, variant)
        ]
        manifest.write_text("\n".join(names) + "\n", encoding="utf-8")
    files = tuple(directory / name for name in manifest.read_text(encoding="utf-8").split())
    return DataSet(size, variant, directory, files)


def plan(
    sources: Sequence[Source], size: int, variant: str
) -> Iterator[tuple[str, list[dict[str, Any]], dict[str, Any]]]:
    """Yield (file name, turns, dataset_metadata) for ``size`` turns, conversation by conversation.

    ``size`` counts the turns written, copies included.
    """
    made = 0
    number = 0
    files = 0
    earlier: dict[str, Any] | None = None  # a turn of an earlier file, copied into later ones
    while made < size:
        source = sources[number % len(sources)]
        count = min(len(source.turns), size - made)  # the last conversation may be cut short
        cid = conversation_id(number)
        client = Random(SEED + number).choice(NAMES)
        turns = [copy_turn(source, turn, cid, client) for turn in source.turns[:count]]
        for index, turn in enumerate(turns):
            set_quality(turn, SCORE_PATTERN[(made + index) % len(SCORE_PATTERN)])
            if variant == "defective":
                break_turn(turn)
            elif variant == "real":
                make_real(turn, made + index)
        made += len(turns)
        chunks = [turns[i : i + TURNS_PER_FILE] for i in range(0, len(turns), TURNS_PER_FILE)]
        for part, chunk in enumerate(chunks, start=1):
            files += 1
            if variant == "real" and earlier is not None and files % COPY_EVERY == 0 and made < size:
                chunk = [*chunk, copy.deepcopy(earlier)]  # a copy, as exported sets have
                made += 1
            name = f"{cid}.json" if len(chunks) == 1 else f"{cid}-part{part}.json"
            meta = {
                "dataset_name": "fplint_benchmark",
                "generator_version": GENERATOR_VERSION,
                "variant": variant,
                "conversation_id": cid,
                "source_conversation": source.conversation_id,
                "total_turns": len(chunk),
                "part": f"{part} of {len(chunks)}",
            }
            yield name, chunk, meta
        if variant == "real" and turns:
            earlier = turns[-1]
        number += 1


def conversation_id(number: int) -> str:
    """``fp_bencha_000`` … ``fp_benchz_999``, ``fp_benchba_000`` …: the standard's fp_[persona]_[###]."""
    letters = ""
    thousands = number // 1000
    while True:
        thousands, digit = divmod(thousands, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not thousands:
            break
    return f"fp_bench{letters}_{number % 1000:03d}"


def copy_turn(source: Source, turn: dict[str, Any], cid: str, client: str) -> dict[str, Any]:
    """The turn under a new conversation id, with the client's first name swapped everywhere."""
    text = json.dumps(turn, ensure_ascii=False).replace(source.conversation_id, cid)
    text = re.sub(rf"\b{re.escape(source.client)}\b", client, text)
    return json.loads(text)  # type: ignore[no-any-return]


def set_quality(turn: dict[str, Any], score: int) -> None:
    """Give the turn ``score`` as its quality score and every quality criterion."""
    meta = turn["training_metadata"]
    meta["quality_score"] = score
    criteria = meta.get("quality_criteria")
    if isinstance(criteria, dict):
        for key in criteria:
            criteria[key] = score


def break_turn(turn: dict[str, Any]) -> None:
    """Three defects: a confidence out of range, an unanalysed sentence, a misspelt key."""
    turn["emotional_context"]["detected_emotions"]["primary_confidence"] = 1.4
    sentences = turn["response_breakdown"]["sentences"]
    del sentences[1 if len(sentences) > 1 else 0]
    rebuilt: dict[str, Any] = {}
    for key, value in turn.items():
        rebuilt[key] = value
        if key == "target_response":
            rebuilt["target_reponse"] = copy.deepcopy(value)
    turn.clear()
    turn.update(rebuilt)


# --------------------------------------------------------------------------- the real shape


def _emotions(turn: dict[str, Any]) -> dict[str, Any]:
    return turn["emotional_context"]["detected_emotions"]  # type: ignore[no-any-return]


def _sentences(turn: dict[str, Any]) -> list[dict[str, Any]]:
    return turn["response_breakdown"]["sentences"]  # type: ignore[no-any-return]


def _abridge_history(turn: dict[str, Any]) -> None:
    """Each earlier message cut to its middle, between "...": as the published histories are."""
    for message in turn.get("conversation_history") or []:
        content = message["content"]
        if len(content) > 240:
            message["content"] = "..." + content[60:220].strip() + "..."


def _ellipses(turn: dict[str, Any]) -> None:
    """Trailing-off prose: "..." in what the client says and in a few strategy texts."""
    turn["current_user_input"] = turn["current_user_input"].replace(". ", "... ", 2)
    strategy = turn["response_strategy"]
    strategy["tone_rationale"] = strategy["tone_rationale"].rstrip(".") + "... and steady."
    progression = turn["emotional_context"].get("emotional_progression")
    if isinstance(progression, dict) and isinstance(progression.get("interpretation"), str):
        progression["interpretation"] = progression["interpretation"].replace(", ", "... ", 1)


def _emphasis(turn: dict[str, Any]) -> None:
    """Markdown emphasis on the response's first sentence, written the same in its analysis."""
    first = _sentences(turn)[0]
    text = first["text"]
    if text in turn["target_response"] and " " in text:
        bold = "**" + text + "**"
        turn["target_response"] = turn["target_response"].replace(text, bold, 1)
        first["text"] = bold


def _merge_first_two(turn: dict[str, Any]) -> None:
    sentences = _sentences(turn)
    if len(sentences) < 3:
        return
    first, second = sentences[:2]
    first["text"] = f"{first['text']} {second['text']}"
    first["word_choice_rationale"] = dict(
        list({**first["word_choice_rationale"], **second["word_choice_rationale"]}.items())[:5]
    )
    del sentences[1]
    for number, sentence in enumerate(sentences, 1):
        sentence["sentence_number"] = number
    turn["response_breakdown"]["total_sentences"] = len(sentences)


def _drop_last_sentence(turn: dict[str, Any]) -> None:
    sentences = _sentences(turn)
    if len(sentences) > 2:
        del sentences[-1]
        turn["response_breakdown"]["total_sentences"] = len(sentences)


def _rename_word_choice(turn: dict[str, Any]) -> None:
    choices = _sentences(turn)[-1]["word_choice_rationale"]
    key = next(iter(choices))
    choices["gently, without hurry"] = choices.pop(key)


def _invent_indicator(turn: dict[str, Any]) -> None:
    indicators = turn["emotional_context"]["emotional_indicators"]
    indicators["invented_cue"] = ["I lie awake counting every dollar"]


#: The defects of the real shape: (what it is, the change). Each turn gets most of them, a
#: few left out in rotation, so rule mixes differ from turn to turn as they do in real files.
DEFECTS: tuple[tuple[str, Callable[[dict[str, Any]], None]], ...] = (
    ("confidence over the band", lambda t: _emotions(t).update(primary_confidence=0.95)),
    ("valence not a valence", lambda t: _emotions(t).update(valence="negative_but_hopeful")),
    ("unknown key", lambda t: t["response_strategy"].update(tone=t["response_strategy"]["tone_selection"])),
    ("wrong type", lambda t: t["training_metadata"].update(difficulty_level=3)),
    ("one-line rationale", lambda t: t["response_strategy"].update(primary_rationale="Go slow first")),
    (
        "one technique",
        lambda t: t["response_strategy"].update(
            specific_techniques=t["response_strategy"]["specific_techniques"][:1]
        ),
    ),
    ("merged sentences", _merge_first_two),
    ("unanalysed sentence", _drop_last_sentence),
    (
        "one word choice",
        lambda t: _sentences(t)[0].update(
            word_choice_rationale=dict(list(_sentences(t)[0]["word_choice_rationale"].items())[:1])
        ),
    ),
    ("ungrounded word choice", _rename_word_choice),
    ("ungrounded indicator", _invent_indicator),
    (
        "too many skills",
        lambda t: t["training_metadata"].update(demonstrates_skills=[f"skill_{i}" for i in range(8)]),
    ),
    ("too many variations", lambda t: t["training_metadata"].update(generate_variations_count=20)),
    (
        "fragment notes",
        lambda t: t["training_metadata"].update(reviewer_notes="Warm. Specific. Paced. Clear. Strong close."),
    ),
    ("not reviewed", lambda t: t["training_metadata"].update(human_reviewed=False)),
    ("empty teaches", lambda t: _sentences(t)[-1].update(teaches_model="")),
)
#: How many of ``DEFECTS`` a turn skips, in rotation.
SKIPPED = 3


def make_real(turn: dict[str, Any], index: int) -> None:
    """Shape a clean turn like a published one: abridged histories, "...", emphasis, defects."""
    _abridge_history(turn)
    _ellipses(turn)
    _emphasis(turn)
    skipped = {(index + k * 5) % len(DEFECTS) for k in range(SKIPPED)}
    for number, (_, change) in enumerate(DEFECTS):
        if number not in skipped:
            change(turn)


def write_file(directory: Path, name: str, pairs: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    document = {"dataset_metadata": meta, "training_pairs": pairs}
    (directory / name).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return name
