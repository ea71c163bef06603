"""`playbooks` commands: list, lint, show, render.

Importing this module must stay cheap (the root CLI imports it at start): Typer only here;
the engine, Jinja2 and Rich are imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from playbooks.loader import Library
    from playbooks.models import Playbook

playbooks_app = typer.Typer(help="Breach-response playbooks: list, lint, show and render them.",
                            no_args_is_help=True)


def _library() -> Library:
    from playbooks.loader import load_library

    return load_library()


def _playbook(playbook_id: str) -> Playbook:
    library = _library()
    if playbook_id not in library.playbooks:
        from playbooks.nodes import did_you_mean

        hint = did_you_mean(playbook_id, sorted(library.playbooks))
        typer.echo(f"no playbook {playbook_id!r}{hint}; `playbooks list` shows them all", err=True)
        raise typer.Exit(1)
    return library.playbooks[playbook_id]


@playbooks_app.command("list")
def list_playbooks() -> None:
    """List the playbooks that load, with the breach kinds and intent they cover."""
    from rich.console import Console
    from rich.table import Table

    library = _library()
    table = Table("id", "title", "applies to", "intent", "steps")
    for pb in sorted(library.playbooks.values(), key=lambda p: p.id):
        table.add_row(pb.id, pb.title, ", ".join(pb.applies_to), pb.intent, str(len(pb.steps)))
    Console().print(table)
    if library.errors:
        typer.echo(f"{len(library.errors)} problem(s) kept some files out; run `playbooks lint`",
                   err=True)


@playbooks_app.command()
def lint(paths: Annotated[list[Path] | None, typer.Argument(
        help="Files or directories (default: the library and $TACTFUL_PLAYBOOKS).")] = None) -> None:
    """Validate playbooks; print every error as file:line:column: message, exit 1 on any."""
    from playbooks.loader import load_paths

    library = load_paths(paths) if paths else _library()
    for error in library.errors:
        typer.echo(str(error))
    if library.errors:
        typer.echo(f"{len(library.errors)} error(s); {len(library.playbooks)} playbook(s) OK",
                   err=True)
        raise typer.Exit(1)
    typer.echo(f"{len(library.playbooks)} playbook(s) OK")


@playbooks_app.command()
def show(playbook_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Print a playbook's steps as a tree, with its branches and milestones."""
    from rich.console import Console

    from playbooks.outline import outline

    Console().print(outline(_playbook(playbook_id)))


@playbooks_app.command()
def render(
    playbook_id: Annotated[str, typer.Argument(metavar="ID")],
    step_id: Annotated[str, typer.Argument(metavar="STEP")],
    facts: Annotated[Path, typer.Option("--facts", help="YAML mapping of fact names to values.")],
) -> None:
    """Render a step's templates from a facts file and tone-check each one."""
    from playbooks.outline import print_rendered, read_facts
    from playbooks.render import RenderError, render_all

    playbook = _playbook(playbook_id)
    try:
        values = read_facts(facts)
        rendered = render_all(playbook, step_id, values)
    except (RenderError, ValueError, TypeError, KeyError) as exc:
        typer.echo(f"cannot render: {exc.args[0] if exc.args else exc}", err=True)
        raise typer.Exit(1) from None
    if not rendered:
        typer.echo(f"step {step_id!r} has no templates")
    print_rendered(rendered)
