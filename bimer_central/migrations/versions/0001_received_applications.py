"""received applications: the table of the first release

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "received_applications",
        # AUTOINCREMENT: SQLite never reuses the id of a deleted last row.
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("central_number", sa.String(length=32), nullable=True),
        sa.Column("station_number", sa.String(length=32), nullable=False),
        sa.Column("station_code", sa.String(length=8), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("application", sa.JSON(), nullable=False),
        sa.UniqueConstraint("uuid"),
        sa.UniqueConstraint("central_number"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_received_applications_station_number", "received_applications",
                    ["station_number"])


def downgrade() -> None:
    op.drop_index("ix_received_applications_station_number", "received_applications")
    op.drop_table("received_applications")
