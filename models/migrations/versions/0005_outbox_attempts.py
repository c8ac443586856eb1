"""outbox attempts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_attempts_outbox_id"), ["outbox_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_attempts_outbox_id"))

    op.drop_table("outbox_attempts")
