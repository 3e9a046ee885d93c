"""Prose helpers for rules: markdown markup, sentence spans, forgiving substring search, and
how a response breakdown's texts line up with the response's sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Markdown that carries no words: heading and quote markers, list markers, emphasis,
#: code ticks, table pipes, horizontal rules.
_EMPHASIS = re.compile(r"[*_`~|]+")
_MARKERS = re.compile(
    r"^[ \t]*(?:-{3,}|={3,})[ \t]*$"
    r"|^[ \t]*(?:>[ \t]*)*(?:(?:\#{1,6}|[-+•]|\d{1,3}[.)])(?=\s|$))?",
    re.MULTILINE,
)
_WORD = re.compile(r"[^\W_]")
#: A word character that is not a decimal digit: no markup pattern removes one.
_LETTER = re.compile(r"[^\W\d_]")
#: What a sentence span skips at its start: whitespace, quote and list/heading markers.
_LEAD = re.compile(r"\s*(?:>[ \t]*)*(?:(?:\#{1,6}|[-+•]|\d{1,3}[.)])[ \t]+)?")
#: Where a sentence ends: terminal punctuation (and closing quotes or brackets) before
#: whitespace, or a line break (list items and headers end at the line).
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]*_]*(?=\s)|\n")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Ms|Dr|approx)\.$")
#: A lower-case word after the punctuation goes on with the sentence ("It's more like... if
#: you buy", "in the U.S. most people").
_LOWER_NEXT = re.compile(r"[ \t]+[a-z]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def strip_markup(text: str) -> str:
    """``text`` without markdown markup: emphasis, then line-start markers."""
    return _MARKERS.sub("", _EMPHASIS.sub("", text))


def has_words(text: str) -> bool:
    """True when ``text`` holds a letter or digit outside markdown markup."""
    if _LETTER.search(text) is not None:
        return True  # markup removal never takes a letter: only markers, emphasis and list numbers
    return _WORD.search(strip_markup(text)) is not None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Approximate sentence spans of prose: (start, end) offsets, words only.

    Good enough to count and to quote; it can misjudge abbreviations, which is why the
    rules that count sentences are warnings.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group() != "\n" and (
            _ABBREVIATIONS.search(text, max(start, match.start() - 8), match.start() + 1)
            or _LOWER_NEXT.match(text, end)
        ):
            continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    if not has_words(piece):
        return
    lead = _LEAD.match(piece)
    spans.append((start + (lead.end() if lead else 0), start + len(piece.rstrip())))


def count_sentences(text: str) -> int:
    return len(sentence_spans(text))


class Haystack:
    """A text searched many times: exactly first, then forgiving whitespace, markdown
    emphasis and typographic quotes and dashes (a regular expression, so linear in C)."""

    #: Forgiving searches per text; past this, only exact ones (a breakdown that far off
    #: its response is reported anyway, and each forgiving search scans the whole text).
    FORGIVING = 50

    def __init__(self, text: str) -> None:
        self.text = text
        self._forgiving = self.FORGIVING

    def find(self, needle: str, start: int = 0) -> tuple[int, int] | None:
        """The span of ``needle`` at or after ``start``, or ``None``."""
        at = self.text.find(needle, start)
        if at >= 0:
            return at, at + len(needle)
        if self._forgiving <= 0:
            return None
        self._forgiving -= 1
        pattern = _forgiving(needle)
        match = pattern.search(self.text, start) if pattern else None
        return match.span() if match else None


_EMPHASIS_RUN = r"[*_`]*"
_LIKE = {"'": "['’‘]", '"': '["“”]', "-": "[-–—]"}


def _forgiving(needle: str) -> re.Pattern[str] | None:
    """A pattern for ``needle`` up to whitespace, emphasis, quotes and dashes."""
    wanted = " ".join(_EMPHASIS.sub("", needle).translate(_QUOTES).split())
    if not wanted:
        return None
    parts = []
    for char in wanted:
        if char == " ":
            parts.append(_EMPHASIS_RUN + r"\s+")
        else:
            parts.append(_EMPHASIS_RUN + _LIKE.get(char, re.escape(char)))
    return re.compile("".join(parts))


_TOKEN = re.compile(r"[\w$%]+(?:[',.][\w]+)*")
_ELLIPSIS = re.compile(r"\.\.\.|…")
_WORD_RUN = re.compile(r"[\s—–]+")


def tokens(text: str) -> list[str]:
    """Lower-case words of ``text`` (apostrophes unified, punctuation dropped)."""
    return _TOKEN.findall(text.lower().replace("’", "'").replace("‘", "'"))


class Source:
    """A text that quotes are checked against (``grounded``): lower-cased once, its words
    split out only when a quote is not simply in it."""

    def __init__(self, text: str) -> None:
        self.lowered = text.lower()
        self._words: list[str] | None = None

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = tokens(self.lowered)
        return self._words

    def quotes(self, needle: str, max_gap: int = 3) -> bool:
        """True when ``needle`` occurs in the text (ignoring case), or is ``grounded`` in it."""
        wanted = needle.strip().lower()
        return (bool(wanted) and wanted in self.lowered) or grounded(self.words, needle, max_gap)


def grounded(words: list[str], needle: str, max_gap: int = 3) -> bool:
    """True when ``needle``'s words occur in ``words`` (a text's ``tokens``) in order,
    skipping at most ``max_gap`` words between two of them (a quote abridged by omission);
    parts split by an ellipsis may be any distance apart."""
    start = 0
    for part in _ELLIPSIS.split(needle):
        wanted = tokens(part)
        if not wanted:
            continue
        end = _subsequence(words, wanted, start, max_gap)
        if end is None:
            return False
        start = end
    return True


def _subsequence(words: list[str], wanted: list[str], start: int, max_gap: int) -> int | None:
    """End index of the first gapped occurrence of ``wanted`` in ``words`` at or after ``start``."""
    for first in range(start, len(words) - len(wanted) + 1):
        if words[first] != wanted[0]:
            continue
        at = first
        for word in wanted[1:]:
            for step in range(1, max_gap + 2):
                if at + step < len(words) and words[at + step] == word:
                    at += step
                    break
            else:
                break
        else:
            return at + 1
    return None


#: A heading: a markdown ``#`` line, or a line that is one bold run (a colon or a
#: parenthetical may follow it), as in ``**Step 1: Open the account** (easiest)``.
_HEADING = re.compile(
    r"[ \t]*(?:\#{1,6}[ \t]+\S.*|(?:[-+•][ \t]+)?(?:\*\*[^*\n]+\*\*|__[^_\n]+__)[ \t]*:?[ \t]*(?:\([^()\n]*\))?[ \t]*)"
)


#: A bold label that opens a sentence: ``**Control:**`` in ``**Control:** you decide``.
_LABEL = re.compile(r"[ \t]*(?:(?:[-+•]|\d{1,3}[.)])[ \t]+)?(?:\*\*[^*\n]+\*\*|__[^_\n]+__)[ \t]*:?[ \t]*")


def is_label(text: str) -> bool:
    """Whether ``text`` is only a bold label (what may open a sentence without being one)."""
    return _LABEL.fullmatch(text) is not None


def is_heading(text: str) -> bool:
    """Whether ``text`` is a heading line rather than a sentence."""
    return "\n" not in text.strip() and _HEADING.fullmatch(text.strip()) is not None


def word_count(text: str) -> int:
    """How many words ``text`` has outside markdown markup, as a reader counts them: runs
    between spaces and dashes that hold a letter or digit (``$10,500``, ``$360-480/month``
    and ``off-the-shelf`` are one word each; ``=`` is none)."""
    return sum(1 for chunk in _WORD_RUN.split(strip_markup(text)) if _WORD.search(chunk))


@dataclass(frozen=True)
class Alignment:
    """How the texts of a response breakdown line up with the response's sentences.

    sentence-coverage, sentence-split and sentence-count read the same alignment, so they
    cannot disagree about what a sentence is or which ones an entry analyses.
    """

    #: The response's sentences (``sentence_spans``).
    sentences: tuple[tuple[int, int], ...]
    #: Each entry's text found in the response, in order after the previous one's; ``None``
    #: when the entry has no text or its text is not there.
    spans: tuple[tuple[int, int] | None, ...]
    #: For each entry, the sentences its text shares words with.
    overlaps: tuple[tuple[int, ...], ...]

    @property
    def unanalysed(self) -> list[int]:
        """The sentences no entry shares a word with, in order."""
        touched = {j for indices in self.overlaps for j in indices}
        return [j for j in range(len(self.sentences)) if j not in touched]


def align(response: str, texts: Sequence[Any]) -> Alignment:
    """The alignment of a breakdown's entry texts (any values: non-strings analyse nothing)
    with ``response``; the last one is remembered, as three rules ask for it in turn."""
    key = (response, tuple(texts))
    cached = _last[0]
    if cached is not None and _same(cached[0], key):
        return cached[1]
    result = _align(response, texts)
    _last[0] = (key, result)
    return result


_last: list[tuple[tuple[str, tuple[Any, ...]], Alignment] | None] = [None]


def _same(a: tuple[str, tuple[Any, ...]], b: tuple[str, tuple[Any, ...]]) -> bool:
    """The same response and the same text objects (identity: cheap, and never a false hit)."""
    return a[0] is b[0] and len(a[1]) == len(b[1]) and all(x is y for x, y in zip(a[1], b[1], strict=True))


def _align(response: str, texts: Sequence[Any]) -> Alignment:
    sentences = sentence_spans(response)
    haystack = Haystack(response)
    spans: list[tuple[int, int] | None] = []
    overlaps: list[tuple[int, ...]] = []
    cursor = 0
    first = 0  # the first sentence that may still overlap an entry (entries come in order)
    for text in texts:
        span = haystack.find(text, cursor) if isinstance(text, str) and text.strip() else None
        spans.append(span)
        if span is None:
            overlaps.append(())
            continue
        cursor = span[1]
        start, end = span
        while first < len(sentences) and sentences[first][1] <= start:
            first += 1
        shared = []
        j = first
        while j < len(sentences) and sentences[j][0] < end:
            s, e = sentences[j]
            if has_words(response[max(s, start) : min(e, end)]):
                shared.append(j)
            j += 1
        overlaps.append(tuple(shared))
    return Alignment(tuple(sentences), tuple(spans), tuple(overlaps))
