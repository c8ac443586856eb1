"""forwards: forwards (sevk), the movements the central service recorded, do-not-send lists

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forwards",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.Integer(), sa.ForeignKey("applications.id"),
                  nullable=False),
        sa.Column("station_number", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("forward", sa.Text(), nullable=False),
        sa.UniqueConstraint("uuid"),
    )
    op.create_index("ix_forwards_application_id", "forwards", ["application_id"])
    op.create_index("ix_forwards_station_number", "forwards", ["station_number"])
    op.create_table(
        "movements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("station_number", sa.String(length=32), nullable=False),
        sa.Column("forward_uuid", sa.String(length=36), nullable=False),
        sa.Column("from_unit", sa.String(length=8), nullable=False),
        sa.Column("from_name", sa.String(length=200), nullable=False),
        sa.Column("to_unit", sa.String(length=8), nullable=False),
        sa.Column("to_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("forward_uuid", "to_unit"),
    )
    op.create_index("ix_movements_station_number", "movements", ["station_number"])
    op.create_table(
        "do_not_send",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("station_number", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_by_rank", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("lifted_by", sa.String(length=64), nullable=True),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_do_not_send_station_number", "do_not_send", ["station_number"])


def downgrade() -> None:
    op.drop_table("do_not_send")
    op.drop_table("movements")
    op.drop_table("forwards")
