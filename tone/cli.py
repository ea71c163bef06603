"""`python app.py tone FILE`: check a draft from the command line; exit 1 on "rewrite" (lint gate).

Importing this module must stay cheap (app.py imports it for every command): the checker and rich
are imported inside the command.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

EXIT_REWRITE = 1
EXIT_ERROR = 2


def tone_command(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The draft to check; '-' reads standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help='Read JSON lines {"id": ..., "text": ...}; write one report per line.')
    ] = False,
    context: Annotated[
        str | None,
        typer.Option(help="'escalation' lets one factual consequence stand (willful cases); default is strict."),
    ] = None,
) -> None:
    """Check a customer message for blame, threats, jargon, vague wording and readability."""
    from tone.lexicon import LexiconError
    from tone.scoring import CONTEXTS

    if context not in CONTEXTS:
        _fail(f"--context must be one of: {', '.join(c for c in CONTEXTS if c)}")
    raw = _read(file)
    try:
        code = _check_lines(raw, context) if jsonl else _check_one(raw, context, as_json)
    except LexiconError as exc:
        _fail(f"team word list: {exc}")
    raise typer.Exit(code=code)


def _check_one(text: str, context: str | None, as_json: bool) -> int:
    from tone import check

    report = check(text, context=context)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        from tone.render import print_report

        print_report(text, report)
    return EXIT_REWRITE if report.verdict == "rewrite" else 0


def _check_lines(raw: str, context: str | None) -> int:
    from tone import check

    code = 0
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        item = _parse_line(line)
        if isinstance(item, str):
            typer.echo(json.dumps({"line": number, "error": item}))
            code = EXIT_ERROR
            continue
        report = check(item["text"], context=context)
        typer.echo(json.dumps({"id": item.get("id"), **report.to_dict()}, ensure_ascii=False))
        if report.verdict == "rewrite" and code == 0:
            code = EXIT_REWRITE
    return code


def _parse_line(line: str) -> dict[str, Any] | str:
    """The decoded object, or the reason it cannot be checked."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"not valid JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return 'expected an object with a "text" string'
    return item


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.buffer.read().decode("utf-8", errors="replace")
    path = Path(file)
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        _fail(f"{file}: no such file")
    except IsADirectoryError:
        _fail(f"{file}: is a directory, not a file")
    except OSError as exc:
        _fail(f"{file}: cannot read ({exc.strerror})")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=EXIT_ERROR)
