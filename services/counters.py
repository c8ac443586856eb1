"""Gap-free counters inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from models.entities import Counter


def next_value(session: Session, name: str) -> int:
    """Increment and return counter ``name`` (starting at 1) as part of the open transaction.

    One statement, so that two writers can never read the same value: SQLite serialises them
    on the write lock, and a rolled-back save gives its number back.
    """
    statement = (
        insert(Counter)
        .values(name=name, value=1)
        .on_conflict_do_update(index_elements=[Counter.name], set_={"value": Counter.value + 1})
        .returning(Counter.value)
    )
    return int(session.execute(statement).scalar_one())
