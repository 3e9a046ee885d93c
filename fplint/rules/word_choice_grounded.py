"""word-choice-grounded: each explained word or phrase occurs in its sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fplint.check.text import Source
from fplint.model import Finding, Severity, Turn
from fplint.read.pointer import join
from fplint.rule import TurnRule
from fplint.rules._util import dig, quote

_BASE = "/response_breakdown/sentences"

#: Devices a rationale key may name instead of quoting words: how a key names it, and how
#: a sentence shows it.
_DEVICES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(key, re.IGNORECASE), re.compile(shown, re.MULTILINE))
    for key, shown in (
        (r"\bbold(?:ed|ing|face)?\b", r"\*\*[^*\n]+\*\*|__[^_\n]+__"),
        (
            r"\bitalic(?:s|ized|ised)?\b",
            r"(?<![*\w])\*(?!\*)[^*\n]+(?<![*\s])\*(?![*\w])|(?<![_\w])_(?!_)[^_\n]+(?<![_\s])_(?![_\w])",
        ),
        (
            r"^questions?$|\bquestion marks?\b|\brhetorical question\b|\b(?:ends?|ending|closes?) (?:with|on) a question\b",
            r"\?",
        ),
        (
            r"\bquot(?:e|es|ed|ing|ation|ations)\b",
            r"\"[^\"\n]+\"|“[^”\n]+”|‘[^’\n]+’|(?<![\w'’])'(?=\w)(?:[^'\n]|(?<=\w)'(?=\w))+?(?<=[\w.!?,])'(?![\w'])",
        ),
        (r"\bequals?\b|\bequal signs?\b|=", r"="),
        (
            r"\b(?:list|lists|listed|listing|bullets?|bulleted|bullet points?|numbered)\b",
            r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+\S|[^,\n]+,[^,\n]+,\s*(?:and|or)\s",
        ),
        (r"\bparenthe(?:ses|sis|tical)\b", r"\([^)\n]*\)"),
        (r"\b(?:em|en)?[ -]?dash(?:es)?\b", r"[—–]| - "),
        (r"\bexclamation\b", r"!"),
        (r"\bellips[ie]s\b", r"\.\.\.|…"),
        (r"\bcolon\b", r":"),
    )
)
#: A figure a template stands for (``$X``, ``$XX,XXX``, ``$N``): ``$43,750``, ``$1.2M``, ``$175K``.
_TEMPLATE = re.compile(r"\$(?:[X#_]+(?:[,.][X#_]+)*|[A-Z])(?![\w#])")
_FIGURE = r"\$\d[\d,]*(?:\.\d+)?(?:[KkMmBb]\b)?"


def names_a_device(key: str, text: str) -> bool:
    """Whether ``key`` names a device (bold, italics, a question mark, quotes, ``=``, a
    list, parentheses, a dash...) that ``text`` has."""
    return any(named.search(key) and shown.search(text) for named, shown in _DEVICES)


def matches_template(key: str, text: str) -> bool:
    """Whether ``key`` is a template (``worth $X at today's price``) whose figures the text fills."""
    if not _TEMPLATE.search(key):
        return False
    parts = _TEMPLATE.split(key.strip().replace("’", "'"))
    pattern = _FIGURE.join(r"\s+".join(map(re.escape, re.split(r"\s+", part))) for part in parts)
    return re.search(pattern, text.replace("’", "'"), re.IGNORECASE) is not None


class WordChoiceGrounded(TurnRule):
    """Each key of a sentence's ``word_choice_rationale`` occurs in that sentence's ``text``.

    A key is grounded when its words occur in the sentence in order; case, punctuation
    and markdown do not matter, a few words may be left out, and parts joined by ``...``
    may be far apart. A key may also name a device the sentence has (``bold``,
    ``italicized right``, ``question mark``, ``quotes his words``, ``equals``, ``bullets``,
    ``in parentheses``, ``the dash``), or be a template whose ``$X`` stands for a figure
    the sentence gives (``worth $X at today's price`` for ``worth $43,750 at today's
    price``). A warning: a key can describe the sentence in words it does not use.

    Why: a rationale keyed on words the sentence does not contain explains a sentence that
    is not there, usually one that was edited after the analysis was written.

    Fails::

        "text": "That's real progress.",
        "word_choice_rationale": {"huge step": "celebrates the change"}

    Passes::

        "text": "That's *real* progress.",
        "word_choice_rationale": {"real progress": "celebrates the change",
                                  "italics": "stresses that the progress is real"}
    """

    name = "word-choice-grounded"
    code = "FP505"
    severity = Severity.WARNING

    def check(self, turn: Turn) -> Iterator[Finding]:
        sentences = dig(turn.value, "response_breakdown", "sentences")
        if not isinstance(sentences, list):
            return
        for position, sentence in enumerate(sentences):
            text = dig(sentence, "text")
            rationale = dig(sentence, "word_choice_rationale")
            if not isinstance(text, str) or not isinstance(rationale, dict):
                continue
            source = Source(text)
            for key in rationale:
                if not (source.quotes(key) or names_a_device(key, text) or matches_template(key, text)):
                    yield Finding(
                        join(_BASE, position, "word_choice_rationale", key),
                        f"word choice {quote(key, 50)} is not in sentence {position + 1}'s text: "
                        "explain words the sentence uses, or name a device it has (bold, a question mark, quotes)",
                    )
