"""What a running Tactful holds: its settings and a migrated database."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.config import ConfigError, Settings
from db.engine import make_engine, ping
from db.migrate import upgrade


@dataclass
class Runtime:
    settings: Settings
    engine: Engine

    def close(self) -> None:
        self.engine.dispose()


def open_database(settings: Settings) -> Engine:
    """Connect (and say clearly when we cannot)."""
    engine = make_engine(settings.resolved_database_url)
    try:
        ping(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise ConfigError(
            f"DATABASE_URL: cannot reach the database ({reason}); start the server or fix the URL"
        ) from None
    return engine


def start_runtime(settings: Settings, *, migrate: bool = True) -> Runtime:
    engine = open_database(settings)
    if migrate:
        upgrade(engine)
    return Runtime(settings=settings, engine=engine)
