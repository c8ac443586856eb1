"""corrects: the earlier version a corrected application replaces

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

Made before migrations existed: adds the column only if a database does not have it yet.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bimer_central.schema import has_column

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not has_column("received_applications", "corrects"):
        op.add_column("received_applications",
                      sa.Column("corrects", sa.String(length=36), nullable=True))


def downgrade() -> None:
    op.drop_column("received_applications", "corrects")
