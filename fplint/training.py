"""What a turn becomes for training: chat messages, and why a trainer could not use them.

One turn is one example: the system prompt, the conversation history as alternating user
and assistant messages, the current user input, and the target response as the assistant's
message. A whole conversation is one example too: the first turn's system prompt, then each
turn's input and response in turn order. Every message is the turn's own text, unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fplint.tokens import Tokenizer

#: Tokens a chat template adds around each message (role markers, separators): ChatML's
#: ``<|im_start|>role\n`` … ``<|im_end|>\n`` and Llama 3's header and end-of-turn are 5.
MESSAGE_OVERHEAD = 5


@dataclass(frozen=True)
class Message:
    """One chat message: ``system``, ``user`` or ``assistant``, and its text."""

    role: str
    content: str
    source: str  # the JSON pointer, relative to the turn, of the text


@dataclass(frozen=True)
class Refusal:
    """Why a trainer could not use an example: a short ``reason`` to count by, and details."""

    reason: str
    detail: str


#: The reasons, as counted in ``fplint export``'s report.
NOT_A_TURN = "not a turn object"
NO_ROLE = "a history message without role or content"
EMPTY_ASSISTANT = "empty assistant message"
EMPTY_MESSAGE = "empty user or system message"
NOT_ALTERNATING = "roles do not alternate"
GAP = "turns missing from the conversation"


@dataclass(frozen=True)
class Example:
    """The messages of one training example, and the refusal when it must not be written.

    ``messages`` holds every message that could be read even when the example is refused,
    so that its size can still be measured.
    """

    messages: tuple[Message, ...]
    refusal: Refusal | None = None

    def tokens(self, tokenizer: Tokenizer, overhead: int = MESSAGE_OVERHEAD) -> int:
        """The example's size: its messages' tokens plus the chat template's per message."""
        return sum(tokenizer.count(m.content) + overhead for m in self.messages)


def turn_example(turn: Any) -> Example:
    """One turn as one example: system, history, user input, target response."""
    if not isinstance(turn, dict):
        return Example((), Refusal(NOT_A_TURN, f"the turn is {type(turn).__name__}, not an object"))
    messages: list[Message] = []
    problems: list[Refusal] = []
    _add(messages, "system", turn.get("system_prompt"), "/system_prompt", optional=True)
    history = turn.get("conversation_history")
    for index, entry in enumerate(history if isinstance(history, list) else []):
        where = f"/conversation_history/{index}"
        role = entry.get("role") if isinstance(entry, dict) else None
        content = entry.get("content") if isinstance(entry, dict) else None
        if role not in ("user", "assistant") or not isinstance(content, str):
            problems.append(
                Refusal(
                    NO_ROLE,
                    f"conversation_history[{index}] has {_shape(entry)}; expected a user or "
                    "assistant role and a text content",
                )
            )
            if isinstance(content, str):
                messages.append(Message(str(role), content, where + "/content"))
            continue
        messages.append(Message(role, content, where + "/content"))
    _add(messages, "user", turn.get("current_user_input"), "/current_user_input")
    _add(messages, "assistant", turn.get("target_response"), "/target_response")
    return Example(tuple(messages), problems[0] if problems else _judge(messages, turn))


def conversation_example(turns: Sequence[Any]) -> Example:
    """A whole conversation as one example: its turns (sorted by number) in turn order."""
    ordered = sorted(turns, key=_number)
    if any(not isinstance(t, dict) for t in ordered):
        return Example((), Refusal(NOT_A_TURN, "a turn of the conversation is not an object"))
    numbers = [_number(t) for t in ordered]
    messages: list[Message] = []
    if ordered:
        _add(messages, "system", ordered[0].get("system_prompt"), "/system_prompt", optional=True)
    for turn in ordered:
        _add(messages, "user", turn.get("current_user_input"), "/current_user_input")
        _add(messages, "assistant", turn.get("target_response"), "/target_response")
    if numbers != list(range(1, len(numbers) + 1)):
        shown = ", ".join(str(n) if n < 10**9 else "?" for n in numbers)
        refusal = Refusal(
            GAP,
            f"it has turn{'s' if len(numbers) > 1 else ''} {shown}; a whole conversation starts at 1, skipping none",
        )
        return Example(tuple(messages), refusal)
    return Example(tuple(messages), _judge(messages, ordered[-1] if ordered else {}))


def _add(messages: list[Message], role: str, value: Any, where: str, optional: bool = False) -> None:
    if optional and (value is None or value == ""):
        return  # no system prompt: trainers take examples without one
    messages.append(Message(role, value if isinstance(value, str) else "", where))  # not text: empty


def _judge(messages: Sequence[Message], turn: dict[str, Any]) -> Refusal | None:
    """The first reason trainers would reject these messages, if any."""
    for message in messages:
        if not message.content.strip():
            if message.role == "assistant":
                return Refusal(
                    EMPTY_ASSISTANT, f"{_name(message.source)} is empty or not text; nothing to learn"
                )
            return Refusal(EMPTY_MESSAGE, f"{_name(message.source)} is empty or not text")
    talk = [m for index, m in enumerate(messages) if not (index == 0 and m.role == "system")]
    for index, message in enumerate(talk):
        expected = "user" if index % 2 == 0 else "assistant"
        if message.role != expected:
            before = talk[index - 1] if index else None
            after = f"right after {_name(before.source)} ({before.role})" if before else "first"
            return Refusal(
                NOT_ALTERNATING,
                f"{_name(message.source)} is {_a(message.role)} message {after}; user and assistant "
                "must take turns, starting with the user",
            )
    return None


def _a(role: str) -> str:
    return "an assistant" if role == "assistant" else f"a {role}"


def _name(source: str) -> str:
    """``conversation_history[0]`` for ``/conversation_history/0/content``."""
    parts = source.strip("/").split("/")
    if parts[0] == "conversation_history" and len(parts) > 1:
        return f"conversation_history[{parts[1]}]"
    return parts[0]


def _shape(entry: Any) -> str:
    if not isinstance(entry, dict):
        return f"a {type(entry).__name__} instead of an object"
    keys = ", ".join(sorted(map(str, entry))[:5]) or "no keys"
    return f"the keys {keys}"


def _number(turn: Any) -> int:
    number = turn.get("turn_number") if isinstance(turn, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else 10**9
