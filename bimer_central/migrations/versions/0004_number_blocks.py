"""number blocks: central numbers reserved ahead, from one sequence

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Made before migrations existed: adds only what a database does not have yet. The sequence
starts above every number already issued: before it existed a central number was
``received_applications.id``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bimer_central.schema import has_column, has_table

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CENTRAL_SEQUENCE = "central"


def upgrade() -> None:
    for name, length in (("reserved_number", 32), ("reservation_refusal", 16)):
        if not has_column("received_applications", name):
            op.add_column("received_applications",
                          sa.Column(name, sa.String(length=length), nullable=True))
    if not has_table("number_sequences"):
        op.create_table(
            "number_sequences",
            sa.Column("name", sa.String(length=32), primary_key=True),
            sa.Column("value", sa.BigInteger(), nullable=False),
        )
    if not has_table("number_blocks"):
        op.create_table(
            "number_blocks",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("uuid", sa.String(length=36), nullable=False),
            sa.Column("body_sha256", sa.String(length=64), nullable=False),
            sa.Column("station_code", sa.String(length=8), nullable=False),
            sa.Column("first", sa.BigInteger(), nullable=False),
            sa.Column("count", sa.Integer(), nullable=False),
            sa.Column("year", sa.Integer(), nullable=False),
            sa.Column("reserved_at", sa.DateTime(), nullable=False),
            sa.Column("expires_at", sa.DateTime(), nullable=False),
            sa.UniqueConstraint("uuid"),
        )
        op.create_index("ix_number_blocks_station_code", "number_blocks", ["station_code"])
        op.create_index("ix_number_blocks_first", "number_blocks", ["first"])
    seed_central_sequence()


def seed_central_sequence() -> None:
    sequences = sa.table("number_sequences", sa.column("name", sa.String()),
                         sa.column("value", sa.BigInteger()))
    received = sa.table("received_applications", sa.column("id", sa.Integer()))
    bind = op.get_bind()
    if bind.execute(sa.select(sequences.c.name)
                    .where(sequences.c.name == CENTRAL_SEQUENCE)).first() is None:
        bind.execute(sequences.insert().from_select(
            ["name", "value"],
            sa.select(sa.literal(CENTRAL_SEQUENCE),
                      sa.func.coalesce(sa.func.max(received.c.id), 0)),
        ))


def downgrade() -> None:
    op.drop_index("ix_number_blocks_first", "number_blocks")
    op.drop_index("ix_number_blocks_station_code", "number_blocks")
    op.drop_table("number_blocks")
    op.drop_table("number_sequences")
    op.drop_column("received_applications", "reservation_refusal")
    op.drop_column("received_applications", "reserved_number")
