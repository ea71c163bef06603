"""reminder actions and dedupe

Revision ID: 0102
Revises: 0002
Create Date: 2026-11-29 20:38:36.916277
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types


revision = '0102'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dedupe_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('acted_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('acted_at', db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False, server_default=''))
        batch_op.create_index('ix_reminders_state_deliver_at', ['state', 'deliver_at'], unique=False)
        batch_op.create_unique_constraint('uq_reminders_dedupe_key', ['dedupe_key'])


def downgrade() -> None:
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_constraint('uq_reminders_dedupe_key', type_='unique')
        batch_op.drop_index('ix_reminders_state_deliver_at')
        batch_op.drop_column('note')
        batch_op.drop_column('acted_at')
        batch_op.drop_column('acted_by')
        batch_op.drop_column('action')
        batch_op.drop_column('dedupe_key')
