"""The central service's Alembic migrations (run by ``bimer_central.schema.migrate``)."""
