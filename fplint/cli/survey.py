"""What ``fplint stats`` and ``fplint report`` share: the run, the turns, the token settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

#: The context windows stats measure against besides token-budget's max-tokens: the seed's 8K–32K.
WINDOWS = (16384, 32768)


def token_options(function: F) -> F:
    """--tokenizer, --context-window: how tokens are counted and against what."""
    function = click.option(
        "--context-window",
        "windows",
        type=click.IntRange(min=1),
        multiple=True,
        help="Count examples over this many tokens (repeatable; default: token-budget's max-tokens, 16384, 32768).",
    )(function)
    return click.option(
        "--tokenizer",
        help="estimate, a tokenizer.json path, or tiktoken:ENCODING (default: token-budget's tokenizer).",
    )(function)


def tokenizer_of(config: Any, spec: str | None) -> tuple[Any, int, int]:
    """The tokenizer, per-message overhead and max-tokens the config's token-budget names."""
    from fplint.tokens import TokenizerError, tokenizer

    options = config.rules["token-budget"].options if "token-budget" in config.rules else {}
    try:
        counter = tokenizer(spec or options.get("tokenizer", "estimate"))
    except TokenizerError as exc:
        raise click.UsageError(f"--tokenizer: {exc}") from None
    return counter, options.get("message-overhead", 5), options.get("max-tokens", 8192)


def survey(paths: tuple[str, ...], options: dict[str, Any]) -> tuple[Any, Any, Any]:
    """Lint the paths as ``fplint check`` would, read their turns, count: (config, report, stats)."""
    from fplint.cli.options import lint
    from fplint.read.turns import load_turns
    from fplint.report.stats import bands_of, collect

    config, report = lint(paths, options)
    counter, overhead, limit = tokenizer_of(config, options.get("tokenizer"))
    windows = options.get("windows") or (limit, *WINDOWS)
    quality = config.rules.get("quality-distribution")
    stats = collect(
        load_turns(report.paths),
        report,
        counter,
        windows,
        bands_of(quality.options if quality else {}),
        overhead,
    )
    return config, report, stats


def problems(report: Any) -> int:
    """Say each path that could not be read (stderr); the exit code: 2 if any, else 0."""
    for problem in report.problems:
        click.echo(f"fplint: error: {problem}", err=True)
    return 2 if report.problems else 0
