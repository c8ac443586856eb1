"""case lists: what the lists filter and sort on, and an index for every filter

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

``received_on`` (the day the legal deadline counts from) and ``name_sort`` (the name's
Turkish sort key) are plain ADD COLUMNs; ``application_name_words`` holds the folded words
a name search looks up (models/search_text.py). Existing rows are filled here, in batches,
with the same functions the desk uses on insert (models/entities.py). No table is copied
(``received_on`` stays nullable for that reason: NOT NULL would rebuild ``applications``,
which on a desk with years of work is minutes; every insert fills it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from models.deadlines import received_on
from models.search_text import name_sort_key, name_words

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_BATCH = 1000

_INDEXES = {
    "ix_applications_created_at": ["created_at"],
    "ix_applications_created_by": ["created_by"],
    "ix_applications_channel": ["channel"],
    "ix_applications_application_type": ["application_type"],
    "ix_applications_urgency": ["urgency"],
    "ix_applications_subject_code": ["subject_code"],
    "ix_applications_type_received_on": ["application_type", "received_on"],
    "ix_applications_name_sort": ["name_sort"],
    "ix_applications_corrects_id": ["corrects_id"],
    "ix_applications_station_number": ["station_number"],
}


def upgrade() -> None:
    op.add_column("applications", sa.Column("received_on", sa.Date(), nullable=True))
    op.add_column("applications", sa.Column("name_sort", sa.String(length=200),
                                            server_default="", nullable=False))
    op.create_table(
        "application_name_words",
        sa.Column("word", sa.String(length=100), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("word", "application_id"),
    )
    _fill()
    for name, columns in _INDEXES.items():
        op.create_index(name, "applications", columns, unique=False)
    op.create_index("ix_outbox_state_kind_application_id", "outbox",
                    ["state", "kind", "application_id"], unique=False)
    op.create_index("ix_audit_events_application_id", "audit_events", ["application_id"],
                    unique=False)


def _fill() -> None:
    connection = op.get_bind()
    applications = sa.table(
        "applications", sa.column("id", sa.Integer()), sa.column("first_name", sa.String()),
        sa.column("last_name", sa.String()), sa.column("organization_title", sa.String()),
        sa.column("hide_identity", sa.Boolean()), sa.column("created_at", sa.DateTime()),
        sa.column("received_date", sa.Date()), sa.column("received_on", sa.Date()),
        sa.column("name_sort", sa.String()))
    words = sa.table("application_name_words", sa.column("word", sa.String()),
                     sa.column("application_id", sa.Integer()))
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(applications.c.id, applications.c.first_name, applications.c.last_name,
                      applications.c.organization_title, applications.c.hide_identity,
                      applications.c.created_at, applications.c.received_date)
            .where(applications.c.id > last_id).order_by(applications.c.id).limit(_BATCH)
        ).all()
        if not rows:
            return
        updates = []
        new_words = []
        for app_id, first, last, title, hidden, created_at, received_date in rows:
            created = _utc(created_at)
            updates.append({"row_id": app_id,
                            "day": received_on(created, _date(received_date)),
                            "key": name_sort_key(first, last, title or "",
                                                 hidden=bool(hidden))[:200]})
            new_words += [{"word": word, "application_id": app_id}
                          for word in dict.fromkeys(w[:100] for w in name_words(
                              first, last, title or "", hidden=bool(hidden)))]
        connection.execute(
            applications.update().where(applications.c.id == sa.bindparam("row_id"))
            .values(received_on=sa.bindparam("day"), name_sort=sa.bindparam("key")),
            updates)
        if new_words:
            connection.execute(words.insert(), new_words)
        last_id = rows[-1][0]


def _utc(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC)


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def downgrade() -> None:
    op.drop_index("ix_audit_events_application_id", table_name="audit_events")
    op.drop_index("ix_outbox_state_kind_application_id", table_name="outbox")
    for name in _INDEXES:
        op.drop_index(name, table_name="applications")
    op.drop_table("application_name_words")
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_column("name_sort")
        batch_op.drop_column("received_on")
