"""The PostgreSQL test databases go away with no more rights than CREATEDB, even when a
test left a connection open (docs/operator.md, "Testing on PostgreSQL")."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.bimer_central.databases import POSTGRESQL, PostgresDatabases, backends

if POSTGRESQL in backends():  # without a server there is nothing to test, nor to report

    def test_a_database_a_straggler_is_still_connected_to_is_dropped(
        postgres_databases: PostgresDatabases,
    ) -> None:
        url = postgres_databases.create()
        name = url.rsplit("/", 1)[1]
        straggler = create_engine(url, poolclass=NullPool).connect()
        try:
            straggler.execute(text("SELECT 1"))
            postgres_databases.drop_all()
        finally:
            straggler.invalidate()  # the teardown ended its session
            straggler.close()
        admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", poolclass=NullPool)
        try:
            with admin.connect() as connection:
                left = connection.execute(
                    text("SELECT count(*) FROM pg_database WHERE datname = :name"),
                    {"name": name}).scalar()
        finally:
            admin.dispose()
        assert left == 0
