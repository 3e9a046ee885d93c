"""The ``fplint`` command: parse options, build the pieces, call the library, exit.

Each command lives in its own module and registers itself on the group; this module
imports them and runs the group so that usage and config problems are one line.
"""

from __future__ import annotations

import os
import sys

import click

from fplint.cli import catalog, check  # noqa: F401  (each registers its commands)
from fplint.cli.check import _FORMATS
from fplint.cli.group import cli


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: usage and config problems are one line and exit 2, never a traceback."""
    from fplint.check.registry import PluginError
    from fplint.check.schema import SchemaLookupError
    from fplint.config import ConfigError

    args = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = cli.main(args, prog_name="fplint", standalone_mode=False)
    except click.UsageError as exc:
        hint = f" (see 'fplint {exc.ctx.info_name} --help')" if exc.ctx and exc.ctx.parent else ""
        _fail(f"{exc.format_message()}{hint}")
    except (ConfigError, PluginError, SchemaLookupError) as exc:
        _fail(str(exc))
    except click.Abort:
        _fail("interrupted")
    except click.ClickException as exc:
        _fail(exc.format_message())
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except SystemExit:
        raise
    except Exception as exc:  # a bug: one line, unless asked for more
        if "--debug" in args:
            raise
        _fail(f"internal error: {exc.__class__.__name__}: {exc} (run with --debug for the traceback)")
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str) -> None:
    from fplint.report.base import printable  # a config value or a file name may say anything

    click.echo(f"fplint: error: {printable(message)}", err=True)
    sys.exit(2)


__all__ = ["_FORMATS", "cli", "main"]
