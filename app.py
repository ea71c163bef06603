"""Tactful's single entry point: `python app.py <command>` (also installed as `tactful`).

Kept light at import: each command imports what it needs, so `tone` stays fast.
"""
from __future__ import annotations

import sys
import time
from typing import NoReturn

import typer

from playbooks.cli import playbooks_app
from tone.cli import tone_command

cli = typer.Typer(
    help="Tactful: licence-breach playbooks and tactful wording, in Slack.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_cli = typer.Typer(help="Database maintenance.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(playbooks_app, name="playbooks")
cli.command("tone")(tone_command)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def _settings():
    from bot.config import ConfigError, load_settings

    try:
        return load_settings()
    except ConfigError as exc:
        _fail(str(exc))


def _runtime(settings):
    from bot.config import ConfigError
    from bot.runtime import start_runtime

    try:
        return start_runtime(settings)
    except ConfigError as exc:
        _fail(str(exc))


@cli.callback(invoke_without_command=True)
def default(ctx: typer.Context) -> None:
    """With no command: serve when Slack credentials are set, else open the console."""
    if ctx.invoked_subcommand is not None:
        return
    if _settings().has_slack_credentials:
        serve()
    else:
        console()


@cli.command()
def serve() -> None:
    """Serve Slack: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on HOST:PORT."""
    from bot.config import ConfigError, Mode, require_slack
    from bot.logs import configure_logging

    settings = _settings()
    mode = settings.serve_mode()
    try:
        require_slack(settings, mode)
    except ConfigError as exc:
        _fail(str(exc))
    configure_logging(settings.log_level)
    runtime = _runtime(settings)
    from bot.slack.app import build_app

    from bot.slack.reminders import start_slack_reminders

    app = build_app(runtime)
    reminders = start_slack_reminders(runtime)
    try:
        if mode is Mode.SOCKET:
            from bot.slack.socket import serve_socket_mode

            serve_socket_mode(app, settings.slack_app_token.get_secret_value())
        else:
            from bot.slack.http import serve_http

            serve_http(app, runtime)
    finally:
        reminders.stop()


@cli.command()
def console() -> None:
    """Try Tactful offline: type slash commands, press buttons, fill forms."""
    from bot.console.run import run_console
    from bot.logs import configure_logging

    configure_logging("WARNING")
    raise typer.Exit(code=run_console(_runtime(_settings())))


@cli.command()
def worker(
    lease: float = typer.Option(120.0, help="Seconds a claimed reminder stays reserved for this worker."),
    sweep: float = typer.Option(30.0, help="Seconds between safety sweeps of the reminders table."),
    senders: int = typer.Option(8, help="Reminders posted at once."),
    batch: int = typer.Option(64, help="Claimed reminders in hand at most (at least one per sender)."),
) -> None:
    """Deliver reminders only, no Slack listener: for extra replicas and tests."""
    started = time.perf_counter()
    from datetime import timedelta

    from bot.logs import configure_logging
    from bot.reminders.delivery import DeliveryConfig
    from bot.reminders.scheduler import run_until_terminated, worker_name

    settings = _settings()
    token = settings.slack_bot_token
    if token is None or not token.get_secret_value().startswith("xoxb-"):
        _fail("SLACK_BOT_TOKEN must be set to the bot token (xoxb-...): the worker posts reminders as the bot")
    try:
        config = DeliveryConfig(worker_name(), timedelta(seconds=lease), batch, senders)
    except ValueError as exc:
        _fail(str(exc))
    if sweep <= 0:
        _fail("--sweep must be more than zero seconds")
    configure_logging(settings.log_level)
    runtime = _runtime(settings)
    from bot.slack.reminders import start_slack_reminders

    scheduler = start_slack_reminders(runtime, config=config, sweep_seconds=sweep)
    typer.echo(f"ready {time.perf_counter() - started:.3f}")
    try:
        run_until_terminated(scheduler)
    finally:
        runtime.close()


@cli.command()
def doctor() -> None:
    """Check configuration, database, playbooks and Slack; print a fix for each problem."""
    from bot.doctor import run_checks

    checks = run_checks()
    for check in checks:
        mark = typer.style("✓", fg="green") if check.ok else typer.style("✗", fg="red")
        typer.echo(f"{mark} {check.name}: {check.detail}")
    raise typer.Exit(code=0 if all(check.ok for check in checks) else 1)


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations (also done at every start)."""
    runtime = _runtime(_settings())
    typer.echo(f"database at the latest schema: {runtime.engine.url.render_as_string(hide_password=True)}")


def main() -> None:
    cli()


if __name__ == "__main__":
    sys.exit(main())
