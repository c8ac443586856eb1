"""audit trail: each event chained to the previous by SHA-256, append-only; purged cases

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

The events already kept are chained here, in id order (``models/audit_chain.py``). Two
triggers make the table append-only for the program: no DELETE, and no UPDATE of an event
once its link is written (the desk writes the row, then its link, in one transaction).
``applications.purged_at``: when retention emptied the case of personal data
(``services/retention.py``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from models.audit_chain import GENESIS, event_hash

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_NO_DELETE = """
CREATE TRIGGER audit_events_append_only_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
"""
_NO_UPDATE = """
CREATE TRIGGER audit_events_append_only_update BEFORE UPDATE ON audit_events
WHEN OLD.hash <> ''
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
"""


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("prev_hash", sa.String(length=64),
                                            server_default="", nullable=False))
    op.add_column("audit_events", sa.Column("hash", sa.String(length=64),
                                            server_default="", nullable=False))
    op.add_column("applications", sa.Column("purged_at", sa.DateTime(), nullable=True))
    events = sa.table(
        "audit_events", sa.column("id", sa.Integer()), sa.column("at", sa.DateTime()),
        sa.column("user", sa.String()), sa.column("station_code", sa.String()),
        sa.column("action", sa.String()), sa.column("application_id", sa.Integer()),
        sa.column("detail", sa.String()), sa.column("prev_hash", sa.String()),
        sa.column("hash", sa.String()),
    )
    connection = op.get_bind()
    previous = GENESIS
    rows = connection.execute(sa.select(
        events.c.id, events.c.at, events.c.user, events.c.station_code, events.c.action,
        events.c.application_id, events.c.detail).order_by(events.c.id)).all()
    for row in rows:
        digest = event_hash(id=row.id, at=row.at, user=row.user or "",
                            station_code=row.station_code or "", action=row.action or "",
                            application_id=row.application_id, detail=row.detail or "",
                            prev_hash=previous)
        connection.execute(sa.update(events).where(events.c.id == row.id)
                           .values(prev_hash=previous, hash=digest))
        previous = digest
    op.execute(_NO_DELETE)
    op.execute(_NO_UPDATE)


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_events_append_only_update")
    op.execute("DROP TRIGGER audit_events_append_only_delete")
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_column("purged_at")
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
