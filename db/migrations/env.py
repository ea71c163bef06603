"""Alembic environment: uses the engine handed over by db.migrate, else DATABASE_URL."""
from __future__ import annotations

import os

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from db.engine import make_engine

config = context.config
engine = config.attributes.get("engine") or make_engine(
    os.environ.get("DATABASE_URL", "sqlite:///data/tactful.sqlite3")
)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
