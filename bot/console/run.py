"""The console's read-act loop, interactive or fed from a pipe."""
from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console

from bot.console.session import ConsoleSession
from bot.runtime import Runtime

BANNER = (
    "[bold]Tactful[/bold] console: no Slack workspace needed; the database is [cyan]{db}[/cyan].\n"
    "Type [cyan]help[/cyan] for what you can do, [cyan]quit[/cyan] to leave."
)


def run_console(runtime: Runtime, stdin: TextIO = sys.stdin) -> int:
    console = Console(highlight=False)
    interactive = stdin.isatty()
    if interactive:
        import readline  # noqa: F401  (line editing and history for input())

    def read_line(prompt: str) -> str:
        if interactive:
            return console.input(prompt)
        line = stdin.readline()
        if not line:
            raise EOFError
        console.print(f"[dim]{prompt}[/dim]{line.rstrip()}", markup=True)
        return line

    session = ConsoleSession(runtime, console, read_line)
    console.print(BANNER.format(db=runtime.engine.url.render_as_string(hide_password=True)))
    try:
        while True:
            try:
                line = read_line("tactful> ")
            except (EOFError, KeyboardInterrupt):
                break
            if not session.handle(line):
                break
    finally:
        session.close()
    return 0
