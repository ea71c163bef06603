"""Alembic migrations, run programmatically (at start-up and by `db upgrade`)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    command.upgrade(alembic_config(engine), "head")


def check(engine: Engine) -> None:
    """Raise if the models and the migrations disagree (like `alembic check`)."""
    command.check(alembic_config(engine))


def pending_revisions(engine: Engine) -> list[str]:
    """Revisions not yet applied to this database (empty when it is at head)."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    heads = script.get_heads()
    if current == set(heads):
        return []
    return [rev.revision for rev in script.iterate_revisions(heads, tuple(current) or "base")]
