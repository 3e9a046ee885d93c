"""Tiny tokenizers the tests build themselves: a tokenizer.json and a tiktoken encoding plugin."""

from __future__ import annotations

import base64
import textwrap
from pathlib import Path


def word_level_tokenizer_json(path: Path) -> Path:
    """A Hugging Face tokenizer.json that splits on whitespace and punctuation: one token a piece."""
    from tokenizers import Tokenizer, models, pre_tokenizers

    tokenizer = Tokenizer(models.WordLevel({"[UNK]": 0, "hello": 1, "world": 2}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.save(str(path))
    return path


def tiktoken_plugin(folder: Path, name: str = "fplint_tiny") -> Path:
    """A ``tiktoken_ext`` plugin registering encoding ``name``: one token per byte, from a local file.

    Put ``folder`` on ``sys.path`` (in a fresh process: tiktoken finds plugins once).
    """
    folder.mkdir(parents=True, exist_ok=True)
    ranks = folder / f"{name}.tiktoken"
    ranks.write_bytes(b"".join(base64.b64encode(bytes([b])) + b" %d\n" % b for b in range(256)))
    package = folder / "tiktoken_ext"
    package.mkdir(parents=True, exist_ok=True)
    (package / f"{name}.py").write_text(
        textwrap.dedent(
            f"""
            from tiktoken.load import load_tiktoken_bpe

            def _tiny():
                return {{
                    "name": {name!r},
                    "pat_str": r"[^\\s]+|\\s+",
                    "mergeable_ranks": load_tiktoken_bpe({str(ranks)!r}),
                    "special_tokens": {{"<|endoftext|>": 256}},
                }}

            ENCODING_CONSTRUCTORS = {{{name!r}: _tiny}}
            """
        ),
        encoding="utf-8",
    )
    return folder
