"""central numbers reserved ahead

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reserved_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("station_code", sa.String(length=8), nullable=False),
        sa.Column("block_key", sa.String(length=36), nullable=False),
        sa.Column("reserved_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("reserved_numbers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reserved_numbers_block_key"), ["block_key"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_reserved_numbers_application_id"),
                              ["application_id"], unique=True)
    # A plain ADD COLUMN and a unique index: no table rebuild of a desk's applications.
    op.add_column("applications",
                  sa.Column("reserved_central_number", sa.String(length=32), nullable=True))
    op.create_index(op.f("ix_applications_reserved_central_number"), "applications",
                    ["reserved_central_number"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_applications_reserved_central_number"), table_name="applications")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("reserved_central_number")
    with op.batch_alter_table("reserved_numbers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reserved_numbers_application_id"))
        batch_op.drop_index(batch_op.f("ix_reserved_numbers_block_key"))
    op.drop_table("reserved_numbers")
