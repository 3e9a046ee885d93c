"""``fplint rules``, ``explain`` and ``schema``: what fplint checks, from the rules themselves."""

from __future__ import annotations

from pathlib import Path

import click

from fplint.cli.group import cli
from fplint.cli.options import config_options

_SCHEMAS = ("dataset", "turn", "pairs-file", "conversations-file")


@cli.command(name="rules")
@click.option(
    "--output-format",
    "output_format",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@config_options
def rules_command(output_format: str, config_path: Path | None, isolated: bool) -> None:
    """List every rule: code, name, scope, severity (as configured) and what it checks."""
    import json

    from fplint import docs
    from fplint.config import load_config

    config = load_config(config_path, discover=not isolated)
    if output_format == "json":
        click.echo(json.dumps(docs.as_data(config.classes, config.rules), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(docs.markdown(config.classes, config.rules), nl=False)
    else:
        for row in docs.as_data(config.classes, config.rules):
            click.echo(
                f"{row['code']:7} {row['name']:24} {row['scope']:13} {row['severity']:8} {row['summary']}"
            )


@cli.command()
@click.argument("rule")
@config_options
def explain(rule: str, config_path: Path | None, isolated: bool) -> None:
    """Explain one rule (by name or code): what, why, options, a failing and a passing example."""
    from fplint import docs
    from fplint.check.reserved import RESERVED
    from fplint.config import load_config

    config = load_config(config_path, discover=not isolated)
    known = (*config.classes, *RESERVED)
    by_key = {c.name: c for c in known} | {c.code.upper(): c for c in known}
    found = by_key.get(rule) or by_key.get(rule.upper())
    if found is None:
        import difflib

        close = difflib.get_close_matches(rule, list(by_key), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see 'fplint rules')"
        raise click.ClickException(f"no rule named {rule!r}{hint}")
    click.echo(docs.explain(found, config.rules.get(found.name)), nl=False)


@cli.command()
@click.option(
    "--layout",
    type=click.Choice(_SCHEMAS),
    default="dataset",
    show_default=True,
    help="Which schema to print.",
)
@click.option(
    "--for-editor",
    is_flag=True,
    help="Write the schema to .vscode/fplint.schema.json and the .vscode/settings.json that maps "
    "the dataset's files to it (printed instead when settings.json exists).",
)
@click.option(
    "--glob",
    "globs",
    multiple=True,
    help="With --for-editor: the files to hold to the schema (default: the config's dataset globs, "
    "else its include globs).",
)
@config_options
def schema(
    layout: str, for_editor: bool, globs: tuple[str, ...], config_path: Path | None, isolated: bool
) -> None:
    """Print a self-contained JSON Schema (all references bundled in), or set it up for an editor."""
    import json

    from fplint.check.schema import BASE_URI, bundle

    if not for_editor:
        click.echo(json.dumps(bundle(f"{BASE_URI}{layout}.schema.json"), indent=2, ensure_ascii=False))
        return
    from fplint.config import load_config
    from fplint.serve import vscode

    config = load_config(config_path, discover=not isolated)
    chosen = list(globs) or list(config.dataset) or list(config.include)
    if not chosen:
        raise click.UsageError(
            "which files are the dataset? Set 'dataset' globs in the config, or pass --glob 'data/**/*.json'"
        )
    try:
        written = vscode.write(config.root, chosen)
    except OSError as exc:
        raise click.ClickException(
            f"cannot write {exc.filename or config.root}: {exc.strerror or exc}"
        ) from None
    click.echo(f"Wrote {written.schema}")
    if written.settings is not None:
        click.echo(f"Wrote {written.settings}")
    else:
        click.echo(
            f"{written.schema.parent / vscode.SETTINGS_NAME} exists: merge these settings into it", err=True
        )
        click.echo(written.snippet, nl=False)
