"""Token counts: a fast built-in estimate, a ``tokenizer.json``, or tiktoken — never a download.

A tokenizer is named by a spec string (the ``tokenizer`` option of ``token-budget``, and
``--tokenizer`` of ``fplint stats``/``export``):

- ``estimate`` (the default): counted from the text's words, numbers and punctuation, with
  no dependency. On the dataset's English prose it lands within a few percent of OpenAI's
  cl100k_base and o200k_base encodings (it runs slightly high), and every message says
  "estimated".
- a path to a Hugging Face ``tokenizer.json`` (the ``tokenizers`` extra): the exact count
  of that model's tokenizer, without special tokens.
- ``tiktoken:NAME``, an encoding (``cl100k_base``) or a model (``gpt-4o``): tiktoken's count,
  when tiktoken is installed and the encoding is already in its local cache. fplint never lets
  tiktoken fetch an encoding; a missing one is an error that says how to provide it.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

ESTIMATE = "estimate"

#: Pieces the way byte-pair tokenizers pre-split English: a word with the space before it, up
#: to three digits, a run of punctuation, a line break run, a run of spaces.
_PIECE = re.compile(r"'(?:[sdmt]|ll|ve|re)|[^\S\n]?[^\W\d_]+|\d{1,3}|[^\S\n]?(?:[^\s\w]|_)+|\s*\n|[^\S\n]+")
#: Words this long are usually one token; longer ones cost about one more per 4 letters.
_WHOLE_WORD = 12


class TokenizerError(Exception):
    """A tokenizer spec that cannot be used here (a missing file, library or encoding)."""


@dataclass(frozen=True)
class Tokenizer:
    """Counts the tokens of a text; ``estimated`` when the count is the built-in estimate."""

    name: str
    count: Callable[[str], int]
    estimated: bool = False

    def describe(self, tokens: int) -> str:
        """``about 1,234 tokens (estimated)`` or ``1,234 tokens (tiktoken:cl100k_base)``."""
        if self.estimated:
            return f"about {tokens:,} tokens (estimated)"
        return f"{tokens:,} tokens ({self.name})"


#: Texts up to this many characters are remembered, the last ``_REMEMBERED`` of them: at
#: most 16 MB held, whatever a dataset holds.
_REMEMBER_UP_TO = 16_384
_REMEMBERED = 1024


def estimate(text: str) -> int:
    """The built-in estimate of a text's token count."""
    return _remembered(text) if len(text) <= _REMEMBER_UP_TO else _estimate(text)


def _estimate(text: str) -> int:
    tokens = 0
    for match in _PIECE.finditer(text):
        piece = match.group().lstrip(" ")
        first = piece[:1]
        if not piece.strip() or first.isdigit():
            tokens += 1
            continue
        size = len(piece.encode("utf-8", "surrogatepass"))
        if first.isalpha():
            words = 1 if len(piece) <= _WHOLE_WORD else 1 + math.ceil((len(piece) - _WHOLE_WORD) / 4)
            tokens += words if piece.isascii() else max(words, math.ceil(size / 3))
        else:
            tokens += math.ceil(size / 3)
    return tokens


#: A dataset repeats its texts (one system prompt in every turn, each history repeating the
#: turns before it), and the estimate's cost is a Python step a word: counted once each.
_remembered = lru_cache(maxsize=_REMEMBERED)(_estimate)


def tokenizer(spec: str = ESTIMATE) -> Tokenizer:
    """The tokenizer a spec names, loaded once per process; ``TokenizerError`` when unusable."""
    spec = spec.strip()
    if spec == ESTIMATE:
        return Tokenizer(ESTIMATE, estimate, estimated=True)
    if spec.startswith("tiktoken:"):
        return _tiktoken(spec.removeprefix("tiktoken:").strip())
    return _tokenizer_json(str(Path(spec).resolve()))


def check_spec(spec: str) -> str | None:
    """Why ``spec`` cannot be used, or ``None`` (it is then loaded and remembered)."""
    try:
        tokenizer(spec)
    except TokenizerError as exc:
        return str(exc)
    return None


@cache
def _tokenizer_json(path: str) -> Tokenizer:
    if not os.path.isfile(path):
        raise TokenizerError(
            f"{path} is not a file; name a tokenizer.json, 'estimate', or 'tiktoken:ENCODING'"
        )
    try:
        from tokenizers import Tokenizer as HfTokenizer
    except ImportError:
        raise TokenizerError(
            f"reading {path} needs the 'tokenizers' library: pip install 'fplint[tokenizers]'"
        ) from None
    try:
        loaded: Any = HfTokenizer.from_file(path)
    except Exception as exc:  # the library's own error types; the message says what is wrong
        raise TokenizerError(f"{path} is not a tokenizer.json the tokenizers library reads: {exc}") from None

    def count(text: str) -> int:
        return len(loaded.encode(_encodable(text), add_special_tokens=False).ids)

    return Tokenizer(f"tokenizer.json {path}", count)


@cache
def _tiktoken(name: str) -> Tokenizer:
    try:
        import tiktoken
        import tiktoken.load
    except ImportError:
        raise TokenizerError(f"'tiktoken:{name}' needs the tiktoken library: pip install tiktoken") from None
    encoding_name = name
    if name not in tiktoken.list_encoding_names():
        try:
            encoding_name = tiktoken.encoding_name_for_model(name)
        except KeyError:
            known = ", ".join(tiktoken.list_encoding_names())
            raise TokenizerError(
                f"tiktoken knows no encoding or model {name!r} (encodings: {known})"
            ) from None
    fetch = tiktoken.load.read_file

    def offline(blobpath: str) -> bytes:
        if "://" in blobpath:
            raise _NotLocal(blobpath)
        return fetch(blobpath)

    tiktoken.load.read_file = offline  # tiktoken reads its cache first, and fetches through this
    try:
        encoding = tiktoken.get_encoding(encoding_name)
    except _NotLocal:
        raise TokenizerError(
            f"tiktoken's {encoding_name} encoding is not in its local cache and fplint never downloads: "
            'load it once where the network is allowed (python -c "import tiktoken; '
            f"tiktoken.get_encoding('{encoding_name}')\"), with TIKTOKEN_CACHE_DIR set to a folder "
            "you keep, and set it the same way for fplint"
        ) from None
    except Exception as exc:
        raise TokenizerError(f"tiktoken could not load {encoding_name}: {exc}") from None
    finally:
        tiktoken.load.read_file = fetch

    def count(text: str) -> int:
        return len(encoding.encode_ordinary(_encodable(text)))  # "<|endoftext|>" in data is text

    return Tokenizer(f"tiktoken:{encoding_name}", count)


class _NotLocal(Exception):
    pass


def _encodable(text: str) -> str:
    """``text`` with lone surrogates (from broken input) replaced, so a tokenizer can take it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text
