"""application versions: a correction keeps the station number and gets the next version

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29

Written beside 0006 (another branch); whoever merges both re-chains this one onto 0006.

SQLite cannot drop the UNIQUE (station_number) that 0001 declared inline, so batch mode
copies the table. The constraint had no name; the naming convention below gives the
reflected one a name to drop it by. ``models.database.migrate`` switches foreign keys off
around the upgrade, because the copy drops ``applications`` while other tables refer to it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    with op.batch_alter_table("applications", recreate="always",
                              naming_convention=_NAMING) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_applications_corrects_id_applications", "applications", ["corrects_id"], ["id"]
        )
        batch_op.drop_constraint("uq_applications_station_number", type_="unique")
        batch_op.create_unique_constraint(
            "uq_applications_station_number_version", ["station_number", "version"]
        )


def downgrade() -> None:
    # Only possible while no station number has a second version.
    with op.batch_alter_table("applications", recreate="always",
                              naming_convention=_NAMING) as batch_op:
        batch_op.drop_constraint("uq_applications_station_number_version", type_="unique")
        batch_op.create_unique_constraint("uq_applications_station_number", ["station_number"])
        batch_op.drop_constraint("fk_applications_corrects_id_applications", type_="foreignkey")
        batch_op.drop_column("corrects_id")
        batch_op.drop_column("version")
