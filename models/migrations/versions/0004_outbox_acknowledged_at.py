"""outbox acknowledged at

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acknowledged_at", sa.DateTime(), nullable=True))
    # Items already done were acknowledged when they were last updated: that is when the
    # answer was stored, and nothing touches a done item afterwards.
    op.execute("UPDATE outbox SET acknowledged_at = updated_at WHERE state = 'done'")


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("acknowledged_at")
