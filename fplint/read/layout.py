"""Recognise a document's layout (SPEC §2) and list its turns with their pointers."""

from __future__ import annotations

from typing import Any

from fplint.model import Turn
from fplint.read.declared import declared
from fplint.read.document import Document, Layout
from fplint.read.pointer import join

#: Keys that make an object recognisably a turn (a single-turn file).
TURN_KEYS = frozenset(
    {
        "id",
        "conversation_id",
        "turn_number",
        "conversation_metadata",
        "system_prompt",
        "conversation_history",
        "current_user_input",
        "emotional_context",
        "response_strategy",
        "target_response",
        "response_breakdown",
        "expected_user_response_patterns",
        "training_metadata",
    }
)
MIN_TURN_KEYS = 3


def detect(document: Document) -> None:
    """Set ``document.layout`` and ``document.turns``, or ``layout_problem`` when none fits."""
    if document.kind == "jsonl":
        _jsonl(document)
        document.declared = declared(document)
        return
    value = document.value
    if value is None and document.errors:
        return
    if isinstance(value, dict) and "training_pairs" in value:
        document.layout = Layout.PAIRS
        document.turns = _turns(document.path, "/training_pairs", value["training_pairs"])
    elif isinstance(value, dict) and "conversations" in value:
        document.layout = Layout.CONVERSATIONS
        conversations = value["conversations"]
        turns: list[Turn] = []
        if isinstance(conversations, list):
            for i, conversation in enumerate(conversations):
                if isinstance(conversation, dict):
                    base = join("/conversations", i, "training_pairs")
                    turns.extend(_turns(document.path, base, conversation.get("training_pairs")))
        document.turns = turns
    elif isinstance(value, dict) and len(TURN_KEYS & value.keys()) >= MIN_TURN_KEYS:
        document.layout = Layout.TURN
        document.turns = [Turn(value, document.path, "", 0)]
    else:
        document.layout_problem = ("", _describe(value))
    if document.unread:  # a turn a syntax error left unread is not checked (its neighbours are)
        unread = set(document.unread)
        document.turns = [turn for turn in document.turns if turn.pointer not in unread]
    document.turns = [
        turn if turn.index == index else Turn(turn.value, turn.path, turn.pointer, index)
        for index, turn in enumerate(document.turns)
    ]
    document.declared = declared(document)


def _turns(path: str, base: str, items: Any) -> list[Turn]:
    if not isinstance(items, list):
        return []
    return [Turn(item, path, join(base, i), i) for i, item in enumerate(items)]


def _jsonl(document: Document) -> None:
    """A JSONL file's turns: the loader has listed them, one a line, read when asked for."""
    document.layout = Layout.JSONL


def _describe(value: Any) -> str:
    expected = 'expected {"training_pairs": [...]}, {"conversations": [...]}, or a single turn object'
    if isinstance(value, dict):
        keys = ", ".join(sorted(value)[:6]) or "no keys"
        return f"the document is an object with {keys}; {expected}"
    if isinstance(value, list):
        hint = (
            ' (wrap the list as {"training_pairs": [...]})'
            if value and all(isinstance(v, dict) for v in value)
            else ""
        )
        return f"the document is a list; {expected}{hint}"
    kind = {str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")
    return f"the document is {kind}; {expected}"
