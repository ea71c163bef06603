"""Shared fixtures: a database on every backend, the fake Slack, Tactful over real HTTP."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.runtime import Runtime, start_runtime
from bot.slack.app import build_app
from bot.slack.local import RequestFactory
from db.engine import make_engine, normalize_url
from tests.support.fake_slack import FakeSlack
from tests.support.http_app import RunningApp

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
POSTGRES_URL = os.environ.get("TACTFUL_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def pytest_report_header(config: pytest.Config) -> str:
    if POSTGRES_URL:
        shown = make_url(normalize_url(POSTGRES_URL)).render_as_string(hide_password=True)
        return f"database backends: sqlite and PostgreSQL at {shown}"
    return "database backends: sqlite only (set TACTFUL_TEST_DATABASE_URL to add PostgreSQL)"


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    passed = terminalreporter.stats.get("passed", [])
    on_postgres = sum(1 for report in passed if "[postgresql" in report.nodeid)
    on_sqlite = sum(1 for report in passed if "[sqlite" in report.nodeid)
    terminalreporter.write_line(
        f"database tests passed: {on_sqlite} on SQLite, {on_postgres} on PostgreSQL"
    )


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A fresh, empty database; PostgreSQL tests each get their own database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tactful.sqlite3'}"
        return
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    name = f"tactful_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(normalize_url(POSTGRES_URL)).set(database=name).render_as_string(
            hide_password=False
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    yield slack
    slack.stop()


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack, tmp_path) -> Settings:
    return Settings(
        _env_file=None,
        database_url=database_url,
        slack_bot_token=SecretStr("xoxb-test-token"),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=fake_slack.url,
        tactful_data_dir=tmp_path,
    )


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    runtime = start_runtime(settings)
    yield runtime
    runtime.close()


@pytest.fixture
def slack_requests(fake_slack: FakeSlack) -> RequestFactory:
    return RequestFactory(SIGNING_SECRET, response_url_base=fake_slack.response_url_base)


@pytest.fixture
def running_app(runtime: Runtime) -> Iterator[RunningApp]:
    running = RunningApp(build_app(runtime), runtime)
    yield running
    running.stop()
