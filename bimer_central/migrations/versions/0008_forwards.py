"""forwards: received forwards (sevk), movements, do-not-send units

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bimer_central.schema import has_table

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if has_table("received_forwards"):
        # Made whole by this release with no ``alembic_version`` (see 0006): nothing to do.
        return
    op.create_table(
        "received_forwards",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.Integer(),
                  sa.ForeignKey("received_applications.id"), nullable=False),
        sa.Column("station_number", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("sent_by", sa.String(length=64), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.UniqueConstraint("uuid"),
    )
    op.create_index("ix_received_forwards_application_id", "received_forwards",
                    ["application_id"])
    op.create_index("ix_received_forwards_station_number", "received_forwards",
                    ["station_number"])
    op.create_table(
        "movements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("forward_id", sa.Integer(), sa.ForeignKey("received_forwards.id"),
                  nullable=False),
        sa.Column("station_number", sa.String(length=32), nullable=False),
        sa.Column("from_unit", sa.String(length=8), nullable=False),
        sa.Column("to_unit", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_movements_forward_id", "movements", ["forward_id"])
    op.create_index("ix_movements_station_number", "movements", ["station_number"])
    op.create_table(
        "do_not_send_units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("station_number", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("told_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("station_number", "unit"),
    )
    op.create_index("ix_do_not_send_units_station_number", "do_not_send_units",
                    ["station_number"])


def downgrade() -> None:
    op.drop_table("do_not_send_units")
    op.drop_table("movements")
    op.drop_table("received_forwards")
