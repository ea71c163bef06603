"""case workflow columns and slack deliveries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 20:38:07.755869
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('slack_deliveries',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_step_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.add_column(sa.Column('current_step_title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('step_position', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('step_total', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('step_message_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))

    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('milestone_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False, server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_column('milestone_key')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('step_message_ts')
        batch_op.drop_column('step_total')
        batch_op.drop_column('step_position')
        batch_op.drop_column('current_step_title')
        batch_op.drop_column('current_step_id')

    op.drop_table('slack_deliveries')
