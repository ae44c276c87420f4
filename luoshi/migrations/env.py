"""Alembic environment for luoshi. The store runs migrations itself on open
(`luoshi.store.migrate`), passing its open connection in
`config.attributes["connection"]`; there is no alembic.ini to keep in step.
To add tables: write a new file in versions/ whose `down_revision` is the
current head (see `alembic heads` or the newest file), with explicit
`op.create_table` calls, and its Core tables in a module of your own."""
from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("luoshi migrations run through luoshi.store.migrate(), which passes a connection")

context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
