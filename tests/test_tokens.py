"""Token counting: the built-in estimate, a tokenizer.json, tiktoken from its local cache only."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tokenizer_files import tiktoken_plugin, word_level_tokenizer_json

from fplint import tokens
from fplint.tokens import TokenizerError, estimate, tokenizer


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", 0),
        ("Hello world", 2),  # a word takes the space before it
        ("I don't know.", 5),  # I, don, 't, know, .
        ("$145,000", 4),  # $, 145, ",", 000: digits go by threes
        ("1234567", 3),
        ("line one\n\nline two", 5),
        ("extraordinarily", 2),  # past 12 letters, one more token per 4
        ("日本語のテキスト", 8),  # non-ASCII letters: about one token per character
        ("—", 1),
        ("lone \ud800 surrogate", 3),
    ],
)
def test_the_estimate_counts_words_numbers_and_punctuation(text: str, expected: int) -> None:
    assert estimate(text) == expected


@given(st.text(max_size=300), st.text(max_size=300))
def test_the_estimate_grows_with_the_text_and_never_fails(first: str, second: str) -> None:
    assert 0 <= estimate(first) <= estimate(first + " " + second)


def test_the_estimate_of_a_text_seen_before_is_remembered_not_counted_again() -> None:
    text = "A system prompt every turn of a dataset repeats, word for word, " * 3
    first = tokens.estimate(text)
    hits = tokens._remembered.cache_info().hits
    assert tokens.estimate("".join(list(text))) == first  # an equal text, another object
    assert tokens._remembered.cache_info().hits == hits + 1


def test_a_text_too_long_to_remember_is_counted_each_time_and_not_kept() -> None:
    text = "word " * (tokens._REMEMBER_UP_TO // 5 + 1)
    before = tokens._remembered.cache_info()
    assert estimate(text) == estimate(text) == tokens._estimate(text)
    after = tokens._remembered.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)


def test_the_default_tokenizer_is_the_estimate_and_says_so() -> None:
    counter = tokenizer()
    assert (counter.name, counter.estimated, counter.count("Hello world")) == ("estimate", True, 2)
    assert counter.describe(9120) == "about 9,120 tokens (estimated)"


def test_a_tokenizer_json_gives_exact_counts(tmp_path: Path) -> None:
    path = word_level_tokenizer_json(tmp_path / "tokenizer.json")
    counter = tokenizer(str(path))
    assert not counter.estimated
    assert counter.count("hello world, friend!") == 5
    assert counter.count("lone \ud800 surrogate") == 3  # broken input is counted, not an exception
    assert counter.describe(5) == f"5 tokens (tokenizer.json {path.resolve()})"


def test_a_missing_tokenizer_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(TokenizerError, match=r"nope\.json is not a file"):
        tokenizer(str(tmp_path / "nope.json"))


def test_a_file_that_is_no_tokenizer_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"not": "a tokenizer"}', encoding="utf-8")
    with pytest.raises(TokenizerError, match=r"not a tokenizer\.json the tokenizers library reads"):
        tokenizer(str(tmp_path / "bad.json"))


def test_without_the_tokenizers_library_the_error_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = word_level_tokenizer_json(tmp_path / "other.json")
    monkeypatch.setitem(sys.modules, "tokenizers", None)
    with pytest.raises(TokenizerError, match=r"pip install 'fplint\[tokenizers\]'"):
        tokenizer(str(path))


def test_tiktoken_counts_with_an_encoding_it_has_locally(tmp_path: Path) -> None:
    plugin = tiktoken_plugin(tmp_path / "plugin")
    script = textwrap.dedent(
        """
        import sys
        from fplint.tokens import tokenizer
        counter = tokenizer("tiktoken:fplint_tiny")
        print(counter.name, counter.estimated, counter.count("ab cd"), counter.count("<|endoftext|>"))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(plugin), "TIKTOKEN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    # one token per byte; text that looks like a special token is counted as text
    assert done.stdout.split() == ["tiktoken:fplint_tiny", "False", "5", "13"]


def test_tiktoken_never_downloads_an_encoding_it_does_not_have(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tiktoken.load

    fetched: list[str] = []

    def recorder(blobpath: str) -> bytes:
        fetched.append(blobpath)
        raise AssertionError("tiktoken was let to fetch " + blobpath)

    monkeypatch.setattr(tiktoken.load, "read_file", recorder)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "empty-cache"))
    tokens._tiktoken.cache_clear()
    with pytest.raises(TokenizerError, match="not in its local cache and fplint never downloads"):
        tokenizer("tiktoken:cl100k_base")
    assert fetched == []
    assert tiktoken.load.read_file is recorder  # put back as it was


def test_tiktoken_knows_models_by_name_and_refuses_unknown_ones() -> None:
    with pytest.raises(TokenizerError, match="knows no encoding or model 'no-such-model'"):
        tokenizer("tiktoken:no-such-model")
