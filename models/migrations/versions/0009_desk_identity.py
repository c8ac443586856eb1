"""desk identity: the database's id and its station code; the number-block request asked

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

Issue 18, item 3. One row, written at the first start of this release: the id that the
durable ledger beside the database (``models/desk_ledger.py``) must match, and the station
code, so that a lost ``settings.json`` cannot switch the desk to another station. Only a
new table: nothing of a desk's rows is copied.

Issue 18, item 8: ``number_block_requests`` holds the key of a number-block reservation
before it is sent, so a desk killed before the answer arrived asks again with the same key
and gets that block back instead of leaking it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("database_id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=8), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_desk_identity_one_row"),
        sa.PrimaryKeyConstraint("id"),
    )


    op.create_table(
        "number_block_requests",
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=8), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("number_block_requests")
    op.drop_table("desk_identity")
