"""accounts: stations, enrolled desks, enrollment codes, users, sessions, failed logins,
the service's audit events; who sent each application, and which application carries
which attachment

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

``application_blobs`` is filled from the stored applications' ``attachments`` in batches,
so that an attachment is served only to whoever may read an application that carries it.
Applications stored before this revision keep ``sent_by`` NULL (nobody authenticated then).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bimer_central.schema import has_column, has_table

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    if has_table("stations") and has_column("received_applications", "sent_by"):
        # Made by ``create_all`` of this release with no ``alembic_version`` (schema.py):
        # the upgrade is one transaction, so the tables are there whole, and filled.
        return
    op.create_table(
        "stations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("code"),
    )
    op.create_index("ix_stations_unit", "stations", ["unit"])
    op.create_table(
        "desks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("station_id", sa.Integer(), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column("machine", sa.String(length=100), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("key_id"),
    )
    op.create_index("ix_desks_station_id", "desks", ["station_id"])
    op.create_table(
        "enrollment_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("station_id", sa.Integer(), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("code_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("code_sha256"),
    )
    op.create_index("ix_enrollment_codes_station_id", "enrollment_codes", ["station_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("tckn", sa.String(length=11), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mobile", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("temporary_hash", sa.String(length=200), nullable=True),
        sa.Column("temporary_expires_at", sa.DateTime(), nullable=True),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("username"),
        sa.UniqueConstraint("tckn"),
    )
    op.create_index("ix_users_unit", "users", ["unit"])
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("desk_id", sa.Integer(), sa.ForeignKey("desks.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("password_change_only", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("token_sha256"),
    )
    op.create_index("ix_login_sessions_user_id", "login_sessions", ["user_id"])
    op.create_index("ix_login_sessions_desk_id", "login_sessions", ["desk_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
    )
    op.create_index("ix_login_failures_at", "login_failures", ["at"])
    op.create_index("ix_login_failures_user_id", "login_failures", ["user_id"])
    op.create_index("ix_login_failures_source", "login_failures", ["source"])
    op.create_table(
        "central_audit_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("station_code", sa.String(length=8), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_central_audit_events_at", "central_audit_events", ["at"])
    op.add_column("received_applications",
                  sa.Column("sent_by", sa.String(length=64), nullable=True))
    op.create_table(
        "application_blobs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("application_id", sa.Integer(),
                  sa.ForeignKey("received_applications.id"), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.UniqueConstraint("application_id", "sha256"),
    )
    op.create_index("ix_application_blobs_sha256", "application_blobs", ["sha256"])
    _fill_application_blobs()


def _fill_application_blobs() -> None:
    received = sa.table("received_applications", sa.column("id", sa.Integer()),
                        sa.column("attachments", sa.JSON()))
    carried = sa.table("application_blobs", sa.column("application_id", sa.Integer()),
                       sa.column("sha256", sa.String()))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(received.c.id, received.c.attachments)
            .where(received.c.id > last, received.c.attachments.is_not(None))
            .order_by(received.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        values = []
        for application_id, attachments in rows:
            hashes = {a.get("sha256") for a in attachments or [] if isinstance(a, dict)}
            values += [{"application_id": application_id, "sha256": sha}
                       for sha in sorted(h for h in hashes if isinstance(h, str))]
        if values:
            bind.execute(carried.insert(), values)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_application_blobs_sha256", "application_blobs")
    op.drop_table("application_blobs")
    op.drop_column("received_applications", "sent_by")
    op.drop_index("ix_central_audit_events_at", "central_audit_events")
    op.drop_table("central_audit_events")
    for index in ("ix_login_failures_source", "ix_login_failures_user_id",
                  "ix_login_failures_at"):
        op.drop_index(index, "login_failures")
    op.drop_table("login_failures")
    op.drop_index("ix_login_sessions_desk_id", "login_sessions")
    op.drop_index("ix_login_sessions_user_id", "login_sessions")
    op.drop_table("login_sessions")
    op.drop_index("ix_users_unit", "users")
    op.drop_table("users")
    op.drop_index("ix_enrollment_codes_station_id", "enrollment_codes")
    op.drop_table("enrollment_codes")
    op.drop_index("ix_desks_station_id", "desks")
    op.drop_table("desks")
    op.drop_index("ix_stations_unit", "stations")
    op.drop_table("stations")
