"""audit anchors: the desks' audit events, each linked to the last one held for its station

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bimer_central.schema import has_table

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if has_table("anchored_desk_events"):
        # Made by ``create_all`` of this release with no ``alembic_version`` (schema.py).
        return
    op.create_table(
        "anchored_desk_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("station_code", sa.String(length=8), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("station_code", "event_id"),
    )


def downgrade() -> None:
    op.drop_table("anchored_desk_events")
