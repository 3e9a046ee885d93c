"""The record of one training example in each ``--format``: messages as trainers read them.

- ``chat-jsonl``: ``{"messages": [{"role", "content"}, ...]}``, the shape of OpenAI's chat
  fine-tuning files and of TRL's conversational datasets (``SFTTrainer``).
- ``sharegpt``: ``{"conversations": [{"from": "system" | "human" | "gpt", "value"}, ...]}``,
  as axolotl and LLaMA-Factory read ShareGPT data.
- ``hf``: TRL's conversational prompt–completion shape, ``{"prompt": [...], "completion":
  [{"role": "assistant", ...}]}``, so a trainer learns the target response and not the history;
  a whole conversation, whose every reply is a target, is ``{"messages": [...]}``.

Every record has a ``metadata`` object beside the messages (``--no-metadata`` leaves it
out); trainers read only the message columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fplint.training import Message

FORMATS = ("chat-jsonl", "sharegpt", "hf")
_SHAREGPT_ROLES = {"system": "system", "user": "human", "assistant": "gpt"}


def record(
    messages: Sequence[Message], metadata: Mapping[str, Any] | None, form: str, whole: bool = False
) -> dict[str, Any]:
    """One line of the training file."""
    chat = [{"role": m.role, "content": m.content} for m in messages]
    if form == "sharegpt":
        shaped: dict[str, Any] = {
            "conversations": [{"from": _SHAREGPT_ROLES[m.role], "value": m.content} for m in messages]
        }
    elif form == "hf" and not whole:
        shaped = {"prompt": chat[:-1], "completion": chat[-1:]}
    else:
        shaped = {"messages": chat}
    if metadata is not None:
        shaped["metadata"] = dict(metadata)
    return shaped
