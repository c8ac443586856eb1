"""attachments: an application's attachment list, and the blobs the service holds

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Made before migrations existed: adds only what a database does not have yet.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bimer_central.schema import has_column, has_table

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not has_column("received_applications", "attachments"):
        op.add_column("received_applications",
                      sa.Column("attachments", sa.JSON(), nullable=True))
    if not has_table("received_blobs"):
        op.create_table(
            "received_blobs",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("sha256", sa.String(length=64), nullable=False),
            sa.Column("size", sa.BigInteger(), nullable=False),
            sa.Column("media_type", sa.String(length=127), nullable=False),
            sa.Column("received_at", sa.DateTime(), nullable=False),
            sa.UniqueConstraint("sha256"),
        )


def downgrade() -> None:
    op.drop_table("received_blobs")
    op.drop_column("received_applications", "attachments")
