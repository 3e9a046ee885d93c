"""Prose helpers for rules: markdown markup, sentence spans, forgiving substring search."""

from __future__ import annotations

import re

#: Markdown that carries no words: heading and quote markers, list markers, emphasis,
#: code ticks, table pipes, horizontal rules.
_EMPHASIS = re.compile(r"[*_`~|]+")
_MARKERS = re.compile(
    r"^[ \t]*(?:-{3,}|={3,})[ \t]*$"
    r"|^[ \t]*(?:>[ \t]*)*(?:(?:\#{1,6}|[-+•]|\d{1,3}[.)])(?=\s|$))?",
    re.MULTILINE,
)
_WORD = re.compile(r"[^\W_]")
#: What a sentence span skips at its start: whitespace, quote and list/heading markers.
_LEAD = re.compile(r"\s*(?:>[ \t]*)*(?:(?:\#{1,6}|[-+•]|\d{1,3}[.)])[ \t]+)?")
#: Where a sentence ends: terminal punctuation (and closing quotes or brackets) before
#: whitespace, or a line break (list items and headers end at the line).
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]*_]*(?=\s)|\n")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Ms|Dr|approx)\.$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def strip_markup(text: str) -> str:
    """``text`` without markdown markup: emphasis, then line-start markers."""
    return _MARKERS.sub("", _EMPHASIS.sub("", text))


def has_words(text: str) -> bool:
    """True when ``text`` holds a letter or digit outside markdown markup."""
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
        if match.group() != "\n" and _ABBREVIATIONS.search(text, start, match.start() + 1):
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


def find(haystack: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    """Where ``needle`` occurs in ``haystack`` at or after ``start``: exactly, else up to
    whitespace, markdown emphasis and typographic quotes and dashes."""
    at = haystack.find(needle, start)
    if at >= 0:
        return at, at + len(needle)
    norm_hay, index = _normalize(haystack, start)
    norm_needle, _ = _normalize(needle, 0)
    norm_needle = norm_needle.strip()
    if not norm_needle:
        return None
    at = norm_hay.find(norm_needle)
    if at < 0:
        return None
    return index[at], index[at + len(norm_needle) - 1] + 1


def _normalize(text: str, start: int) -> tuple[str, list[int]]:
    """``text[start:]`` with emphasis dropped, whitespace collapsed and quotes unified, and
    for each character kept, its offset in ``text``."""
    out: list[str] = []
    index: list[int] = []
    for i in range(start, len(text)):
        char = text[i]
        if char in "*_`":
            continue
        if char.isspace():
            if out and out[-1] == " ":
                continue
            char = " "
        out.append(char.translate(_QUOTES))
        index.append(i)
    return "".join(out), index


_TOKEN = re.compile(r"[\w$%]+(?:[',.][\w]+)*")
_ELLIPSIS = re.compile(r"\.\.\.|…")


def tokens(text: str) -> list[str]:
    """Lower-case words of ``text`` (apostrophes unified, punctuation dropped)."""
    return _TOKEN.findall(text.lower().replace("’", "'").replace("‘", "'"))


def grounded(haystack: str, needle: str, max_gap: int = 3) -> bool:
    """True when ``needle``'s words occur in ``haystack`` in order, skipping at most
    ``max_gap`` words between two of them (a quote abridged by omission); parts split by
    an ellipsis may be any distance apart."""
    words = tokens(haystack)
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
