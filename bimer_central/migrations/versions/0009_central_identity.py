"""central identity: the id this database was created with, carried by every answer

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

Issue 18, item 2. One row, made here with a fresh random id, so that every database —
a new installation, the training centre on a desk, a production service — has its own.
Every answer of the service carries it (``X-BIMER-Central-Id``); a desk records the id at
its enrolment and stops sending when answers carry another (docs/operator.md: a restored
backup gets a new id with ``bimer-central identity --renew``, then desks ``rehome``).
Only a new table: nothing of the service's rows is copied.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from bimer_central.schema import has_table

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if has_table("central_identity"):
        # A database upgraded from before migrations runs every revision again (schema.py):
        # the id it already has stays its id.
        return
    table = op.create_table(
        "central_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("database_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_central_identity_one_row"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "database_id": str(uuid.uuid4()),
                            "created_at": datetime.now(UTC).replace(tzinfo=None)}])


def downgrade() -> None:
    op.drop_table("central_identity")
