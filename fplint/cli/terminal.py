"""Terminal conventions: when to colour (``--color``, ``FORCE_COLOR``, ``NO_COLOR``, ``TERM=dumb``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

import click

COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether to colour what goes to ``stream``.

    ``--color always|never`` decides outright. Under ``auto``, in this order: a non-empty
    ``NO_COLOR`` turns colour off (no-color.org counts only a non-empty value); a non-empty
    ``FORCE_COLOR`` turns it on, even in a pipe (force-color.org); ``TERM=dumb`` turns it off;
    otherwise colour when ``stream`` is a terminal. The order is CPython's own (3.13).
    """
    if choice == "always":
        return True
    if choice == "never":
        return False
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or stand-in stream
        return False


def color_option(function: click.decorators.FC) -> click.decorators.FC:
    """``--color auto|always|never``."""
    return click.option(
        "--color",
        type=click.Choice(COLOR_CHOICES),
        default="auto",
        show_default=True,
        help="Colour the human output: auto (a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR "
        "forces it), always or never.",
    )(function)
