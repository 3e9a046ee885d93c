"""placeholder: no placeholder text and no empty strings in a turn."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from fplint.model import Finding, Turn
from fplint.read.pointer import join, split
from fplint.rule import Option, TurnRule
from fplint.rules._literals import ascii_literal, folds_to_ascii, lowered, required_runs
from fplint.rules._util import dig, quote

_DEFAULT_PATTERNS = [
    r"\bTODO\b",
    r"\bTBD\b",
    r"\bFIXME\b",
    r"\bXXX\b",
    r"\blorem ipsum\b",
    r"\[\s*\.\.\.\s*\]",
    r"\[\s*…\s*\]",
    r"\bcopy (?:it |this )?from\b",
    r"[<\[{]\s*placeholder\s*[>\]}]",
    r"\binsert (?:\w+ ){0,3}here\b",
]
_DEFAULT_BARE = ["...", "…", "n/a", "na", "tbc", "-", "--", "---"]
#: A bracketed stand-in: a run of words (letters only: no digits, no ``$``, no quotes; a
#: name or an acronym such as "Roth IRA" may be capitalised) in square brackets, as a writer
#: leaves "[detailed explanation of scenarios and recommendations]" for text still to come.
#: Not a fill-in addressed to the reader ("[your state]"), not a markdown link
#: ("[text](url)") or reference ("[label]:"), and (``_stands_alone``) not an insertion
#: inside a sentence.
_STAND_IN_WORD = r"[A-Za-z][a-z]*(?:['’-][A-Za-z][a-z]*)*|[A-Z]+s?"


def _stand_in(min_words: int) -> re.Pattern[str]:
    return re.compile(
        r"\[ *(?:\.\.\.|…)? *(?!(?i:your|you)\b)"
        rf"(?:{_STAND_IN_WORD})(?:(?: +| *[,/&] *)(?:{_STAND_IN_WORD})){{{max(min_words - 1, 0)},}}"
        r" *(?:\.\.\.|…)? *\](?![(\[:])"
    )


#: What may come before a stand-in: it stands where text belongs, at the start of a value, a
#: line or a sentence (after markdown markers), never inside a sentence as an editor's
#: insertion does ("he [the client, a father] said").
_BEFORE_STAND_IN = re.compile(r"(?:^|[\n.!?:;…—–]|\s-)[ \t*_>#-]*$")


def _stands_alone(text: str, start: int) -> bool:
    return _BEFORE_STAND_IN.search(text, max(0, start - 12), start) is not None


#: What the sieve looks for in serialized JSON: every stand-in, and some things that are not.
_STAND_IN_BYTES = re.compile(
    rb"\[ *(?:\.\.\.|\xe2\x80\xa6)? *[A-Za-z](?:[A-Za-z' ,/&-]|\xe2\x80\x99)* *(?:\.\.\.|\xe2\x80\xa6)? *\]"
)
#: The text of an analysed sentence, which copies a sentence of the response.
_SENTENCE_TEXT = re.compile(r"^/response_breakdown/sentences/(\d+)/text$")
#: Empty annotation fields of an analysed sentence are sentence-fields' finding.
_SENTENCE_FIELD = re.compile(
    r"^/response_breakdown/sentences/\d+/(?:function|emotional_purpose|technique|teaches_model)$"
)


class Placeholder(TurnRule):
    """No string in the turn is a placeholder (TODO, TBD, FIXME, lorem ipsum, ``[...]``,
    "copy from ...", "insert ... here", a bracketed stand-in), only a bare ``...``, ``N/A``
    or ``TBC``, or empty.

    Checked everywhere in the turn, ``conversation_history`` and keys included:
    ``patterns`` are case-insensitive regular expressions searched in every string;
    ``bare-values`` are whole values (case-insensitive, spaces aside). With ``stand-ins``,
    a bracketed stand-in is a placeholder too: ``stand-in-words`` or more words in square
    brackets (letters only, names and acronyms included: no digits, ``$`` or quotes),
    standing at the start of a value, a line or a sentence, as in ``[detailed explanation
    of scenarios and recommendations]`` or ``[explanation of Roth IRA rules]``. A fill-in for the reader (``[your state]``), a
    markdown link, and an editor's insertion inside a sentence (``he [the client] said``)
    are prose. The empty annotation fields of an analysed sentence are left to
    ``sentence-fields``.

    Why: the checklist's first item is "all required fields populated (no TODOs or
    placeholders)". A placeholder that reaches training is text the model learns to
    produce.

    Fails::

        "reviewer_notes": "TODO: review after the next pass"

    Passes::

        "reviewer_notes": "Validates before educating. The close restores his agency."
    """

    name = "placeholder"
    code = "FP901"
    options = {
        "patterns": Option(
            list,
            _DEFAULT_PATTERNS,
            "case-insensitive regular expressions that mark a placeholder",
            regex=True,
        ),
        "bare-values": Option(list, _DEFAULT_BARE, "whole values that are placeholders (case-insensitive)"),
        "stand-ins": Option(bool, True, "find bracketed stand-ins: [detailed explanation of the plan]"),
        "stand-in-words": Option(int, 3, "fewest words in brackets that make a stand-in", minimum=1),
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._patterns = [re.compile(p, re.IGNORECASE) for p in self.opts["patterns"]]
        self._bare = {v.strip().lower() for v in self.opts["bare-values"]}
        self._stand_in = _stand_in(self.opts["stand-in-words"]) if self.opts["stand-ins"] else None
        self._sieve = _Sieve(self.opts["patterns"], self._patterns, self._bare, self._stand_in is not None)
        self._gated = [
            (ascii_literal(source), p)
            for source, p in zip(self.opts["patterns"], self._patterns, strict=True)
        ]

    def check(self, turn: Turn) -> Iterator[Finding]:
        if not self._sieve.suspects(turn.value):
            return  # the usual case, decided on the serialized turn without a Python-level walk
        response = dig(turn.value, "target_response")
        in_response = self._hits(response) if isinstance(response, str) else set()
        copied: list[int] = []  # analysed sentences that only repeat a placeholder of the response
        found: list[Finding] = []
        for parent, token, text, is_key in _strings(turn.value, self._sieve.suspects):
            if is_key:
                if text and (self._match(text) or self._stand_ins(text)):
                    found.append(
                        Finding(_at(parent, token), f"key {quote(text, 40)} is a placeholder: name the field")
                    )
            elif not text.strip():
                pointer = _at(parent, token)
                if not _SENTENCE_FIELD.match(pointer):
                    found.append(
                        Finding(pointer, f"{_name(pointer)} is empty: write it, or remove the field")
                    )
            elif text.strip().lower() in self._bare:
                pointer = _at(parent, token)
                found.append(
                    Finding(
                        pointer, f"{_name(pointer)} is only {quote(text.strip(), 20)}: write the real content"
                    )
                )
            elif (hit := self._hit(text)) is not None:
                pointer = _at(parent, token)
                match, what, fix, limit = hit
                sentence = _SENTENCE_TEXT.match(pointer)
                if sentence and match.group() in in_response:
                    copied.append(int(sentence.group(1)))  # one cause: reported at the response
                    continue
                found.append(
                    Finding(
                        pointer,
                        f"{_name(pointer)} holds {what} {quote(match.group().strip() or text, limit)}: {fix}",
                        offset=match.start(),
                    )
                )
        for finding in found:
            if copied and finding.pointer == "/target_response":
                also = ", here and in " + ", ".join(f"sentences[{i}].text" for i in copied)
                finding = finding._replace(message=finding.message + also)
            yield finding

    def _hit(self, text: str) -> tuple[re.Match[str], str, str, int] | None:
        """The first placeholder in a value: the match, what it is, what to do, how much to quote."""
        if match := self._match(text):
            return match, "placeholder text", "write the real content", 40
        if stand_in := self._stand_ins(text):
            return stand_in, "a bracketed stand-in", "write the text it stands for", 60
        return None

    def _hits(self, text: str) -> set[str]:
        """Every placeholder text in ``text`` (what an analysed sentence copied from it)."""
        found = {m.group() for p in self._worth_searching(text) for m in p.finditer(text)}
        if self._stand_in is not None and "[" in text:
            found.update(m.group() for m in self._stand_in.finditer(text) if _stands_alone(text, m.start()))
        return found

    def _stand_ins(self, text: str) -> re.Match[str] | None:
        if self._stand_in is None or "[" not in text:
            return None
        return next((m for m in self._stand_in.finditer(text) if _stands_alone(text, m.start())), None)

    def _match(self, text: str) -> re.Match[str] | None:
        """The first placeholder in ``text``: the leftmost match of any pattern (the earlier
        pattern at a tie). A pattern is searched only when the text holds the literal every
        match of it holds: a case-insensitive search is slow, ``in`` is not."""
        found = [m for m in map(lambda p: p.search(text), self._worth_searching(text)) if m]
        return min(found, key=lambda m: m.start()) if found else None

    def _worth_searching(self, text: str) -> list[re.Pattern[str]]:
        """The patterns whose literal ``text`` holds (all of them where no literal can rule one out)."""
        low = lowered(text)
        return [p for literal, p in self._gated if not (low is not None and literal and literal not in low)]


#: Anchors and look-arounds: such a pattern may match a string alone but not the JSON text
#: around it, so the sieve leaves it to the string-by-string search.
_CONTEXTUAL = re.compile(r"[\^$]|\\[AZz]|\(\?<?[=!]")


#: Whitespace as it appears in UTF-8 JSON: ASCII, JSON escapes, and the Unicode spaces
#: ``str.strip`` removes (NBSP, the en/em spaces, the ideographic space...).
_JSON_SPACE = (
    rb"(?:\s|\\[nrtbf]|\\u00[01][0-9a-fA-F]|\xc2[\x85\xa0]|\xe1\x9a\x80"
    rb"|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80)*"
)
#: The bytes a match of ``_JSON_SPACE`` can begin with.
_SPACE_STARTS = rb"\s\\\xc2\xe1\xe2\xe3"
#: A literal with a character JSON escapes, or one its syntax is full of, is no use on serialized text.
_UNFIT = re.compile(r'["\\\x00-\x1f\[\]{}:,]')


class _Sieve:
    """Says from the turn serialized as UTF-8 JSON (in C, no Python-level walk) whether any
    string of it could be a finding. It may say yes for nothing — the careful pass then finds
    nothing — but never no for a finding."""

    def __init__(
        self, sources: list[str], patterns: list[re.Pattern[str]], bare: set[str], stand_ins: bool = False
    ) -> None:
        self.stand_ins = stand_ins
        #: (the literal every match holds, or None; the pattern) of the patterns that find on the
        #: unescaped JSON text exactly what they find in its strings, and of the others.
        self.in_text: list[tuple[bytes | None, re.Pattern[str]]] = []
        self.per_string: list[bytes | None] = []
        for source, pattern in zip(sources, patterns, strict=True):
            fit = [run for run in required_runs(source) if _fits(run)]
            literal = max(fit, key=len).encode("utf-8") if fit else None
            if _CONTEXTUAL.search(source):
                self.per_string.append(literal)
            else:
                self.in_text.append((literal, pattern))
        values = b"|".join(re.escape(v.encode("utf-8")) for v in sorted(bare, key=len, reverse=True) if v)
        # an empty or blank string, or a bare value, in one pass; the value's group comes after
        # the first run of spaces so that a long run costs one pass, not one per split of it
        bare_value = rb"(?:(?:" + values + rb")" + _JSON_SPACE + rb")?" if values else b""
        # most quotes open a word: a look-ahead at the byte after one rejects it in C, cheaply
        starts = b"".join(re.escape(bytes([v.encode("utf-8")[0]])) for v in bare if v)
        self.blank = re.compile(
            rb'"(?=[' + _SPACE_STARTS + starts + rb'"])' + _JSON_SPACE + bare_value + rb'"'
        )

    def suspects(self, value: Any) -> bool:
        serialized = _serialize(value)
        if serialized is None:
            return True
        if folds_to_ascii(serialized):
            return True  # a letter the patterns fold to ASCII: the literals cannot rule them out
        low = serialized.lower()
        if any(literal is None or literal in low for literal in self.per_string):
            return True  # an anchored pattern: only string by string can say
        if self.stand_ins and _STAND_IN_BYTES.search(serialized):
            return True
        if self.blank.search(low) is not None:
            return True
        hinted = [pattern for literal, pattern in self.in_text if literal is None or literal in low]
        if hinted:  # the literal is there ("..." in an abridged history): does the pattern match?
            text = _unescaped(serialized)
            return any(pattern.search(text) for pattern in hinted)
        return False


_ESCAPE = re.compile(r'\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))')
_ESCAPED = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "/": "/"}


def _unescaped(serialized: bytes) -> str:
    """JSON text with its strings' escapes undone: each string's characters stand between its
    quotes as they are in the string, so a pattern without anchors or look-arounds matches the
    text where it matches a string (``\\b`` too: a quote is not a word character)."""
    text = serialized.decode("utf-8", "surrogatepass")
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else _ESCAPED[m[2]], text)


def _fits(literal: str) -> bool:
    """Whether ``literal`` can be looked for as is in lower-cased UTF-8 JSON: no character JSON
    escapes or is made of, and no letter whose case ``bytes.lower`` would not fold."""
    return not _UNFIT.search(literal) and (literal.isascii() or literal.lower() == literal.upper())


def _serialize(value: Any) -> bytes | None:
    """The turn as UTF-8 JSON (orjson when installed), or ``None`` when it cannot be written."""
    try:
        import orjson
    except ImportError:
        try:
            return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError, RecursionError):
            return None
    try:
        return orjson.dumps(value)
    except Exception:  # a lone surrogate, a key that is not a string: look closer instead
        return None


def _name(pointer: str) -> str:
    """Where a value is, as a reader finds it: ``reviewer_notes``, ``secondary_strategies[1]``,
    ``conversation_history[3].content`` (from the list that holds it, so ``text`` or ``content``
    says whose)."""
    tokens = split(pointer)
    first = next((i for i, t in enumerate(tokens) if i and t.isdigit()), len(tokens))
    name = ""
    for token in tokens[max(first - 1, 0) :] if first < len(tokens) else tokens[-1:]:
        name += f"[{token}]" if token.isdigit() and name else (f".{token}" if name else token)
    return name


def _at(parent: str, token: str | int | None) -> str:
    """The pointer of a string ``_strings`` gave (``None``: the value itself)."""
    return parent if token is None else join(parent, token)


#: How deep the careful pass asks the sieve about each object or list before walking it: a
#: turn's few suspect strings lie in a few of its parts, so only those are walked string by
#: string. Deeper parts are walked whole, so that no value is serialized more than this often.
_SIEVE_DEPTH = 3


def _strings(
    value: Any, suspects: Callable[[Any], bool] | None = None
) -> Iterator[tuple[str, str | int | None, str, bool]]:
    """Every string of a value, keys included, as (parent's pointer, key or index, text,
    is_key), in document order; the pointer itself is joined only for a finding. With
    ``suspects`` (the sieve), an object or list it clears, down to ``_SIEVE_DEPTH``, is skipped."""
    stack: list[tuple[str, str | int | None, Any, bool, int]] = [("", None, value, False, 0)]
    while stack:
        parent, token, node, is_key, depth = stack.pop()
        if is_key or isinstance(node, str):
            yield parent, token, node, is_key
        elif isinstance(node, (dict, list)):
            if suspects is not None and 0 < depth <= _SIEVE_DEPTH and not suspects(node):
                continue
            pointer = _at(parent, token)
            if isinstance(node, dict):
                for key, child in reversed(node.items()):
                    stack.append((pointer, key, child, False, depth + 1))
                    stack.append((pointer, key, key, True, depth + 1))
            else:
                stack.extend(
                    (pointer, i, child, False, depth + 1) for i, child in reversed(list(enumerate(node)))
                )
