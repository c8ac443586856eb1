"""imported lines: each import line's stable identity, so a re-run saves only what is
missing; the known central: the central database this desk sends to

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05

Issue 18, item 4. One row per import line that became an application, written in the
application's own save transaction: its identity (the line's ``client_id``, else its
content's hash and which copy of that content it is — docs/import-format.md) and the
application it became.

Issue 18, item 2: ``known_central`` holds the id of the central database this desk was
enrolled at (every answer carries it): answers from another database stop the sending
until ``bimer-desktop rehome``. Only new tables: nothing of a desk's rows is copied.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imported_lines",
        sa.Column("identity", sa.String(length=80), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("identity"),
    )


    op.create_table(
        "known_central",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("central_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_known_central_one_row"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("known_central")
    op.drop_table("imported_lines")
