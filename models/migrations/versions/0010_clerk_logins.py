"""clerk logins: who logged in at this desk, and the verifiers of offline login

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clerk_logins",
        sa.Column("username", sa.String(length=64), primary_key=True),
        sa.Column("tckn_hmac", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("verifier", sa.String(length=200), nullable=False),
        sa.Column("verified_at", sa.DateTime(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("tckn_hmac"),
    )


def downgrade() -> None:
    op.drop_table("clerk_logins")
