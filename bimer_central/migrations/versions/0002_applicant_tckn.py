"""applicant_tckn: the applicant's ID number beside the stored body, for the history

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Made before migrations existed: a database may already have the column and the index
(``upgrade_schema`` added them at start-up), and some rows not yet filled, so each step
does only what is missing. Rows are filled in batches: the bodies are read a few hundred
at a time, not all at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bimer_central.db import applicant_tckn_of
from bimer_central.schema import has_column, has_index

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLE = "received_applications"
INDEX = "ix_received_applications_applicant_tckn"
BACKFILL_BATCH_SIZE = 500


def upgrade() -> None:
    if not has_column(TABLE, "applicant_tckn"):
        op.add_column(TABLE, sa.Column("applicant_tckn", sa.String(length=11), nullable=True))
    if not has_index(TABLE, INDEX):
        op.create_index(INDEX, TABLE, ["applicant_tckn"])
    backfill_applicant_tckn()


def backfill_applicant_tckn() -> None:
    """Fill ``applicant_tckn`` of rows stored before the column existed (it is NULL only
    there: the service writes "" for an application without an ID number)."""
    rows = sa.table(TABLE, sa.column("id", sa.Integer()), sa.column("application", sa.JSON()),
                    sa.column("applicant_tckn", sa.String()))
    bind = op.get_bind()
    fill = (sa.update(rows).where(rows.c.id == sa.bindparam("row_id"))
            .values(applicant_tckn=sa.bindparam("value")))
    while True:
        batch = bind.execute(
            sa.select(rows.c.id, rows.c.application)
            .where(rows.c.applicant_tckn.is_(None))
            .order_by(rows.c.id)
            .limit(BACKFILL_BATCH_SIZE)
        ).all()
        if batch:
            bind.execute(fill, [{"row_id": row_id, "value": applicant_tckn_of(application)}
                                for row_id, application in batch])
        if len(batch) < BACKFILL_BATCH_SIZE:
            break


def downgrade() -> None:
    op.drop_index(INDEX, TABLE)
    op.drop_column(TABLE, "applicant_tckn")
