"""every channel's fields

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("education_level", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("email_preference", sa.Boolean(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("contact_address", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("location_province", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("location_district", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("location_detail", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("sender_as_written", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("paper_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("received_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("fax_number", sa.String(length=20), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("email_subject", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("applicant_kind", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column(
                "organization_title", sa.String(length=200), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "organization_tax_number", sa.String(length=16), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("requested_information", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("hide_identity", sa.Boolean(), server_default=sa.text("0"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("hide_identity")
        batch_op.drop_column("requested_information")
        batch_op.drop_column("organization_tax_number")
        batch_op.drop_column("organization_title")
        batch_op.drop_column("applicant_kind")
        batch_op.drop_column("email_subject")
        batch_op.drop_column("fax_number")
        batch_op.drop_column("received_date")
        batch_op.drop_column("paper_date")
        batch_op.drop_column("sender_as_written")
        batch_op.drop_column("location_detail")
        batch_op.drop_column("location_district")
        batch_op.drop_column("location_province")
        batch_op.drop_column("contact_address")
        batch_op.drop_column("email_preference")
        batch_op.drop_column("education_level")
