"""The Alembic revisions build exactly the tables the code queries, with
SQLite's WAL and foreign keys on."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Table, text

from luoshi.db_schema import metadata as store_metadata
from storekit import pg_url, store  # noqa: F401


def _table_of(change) -> str | None:
    """The table an autogenerate difference is about."""
    op = change[0] if isinstance(change, list) else change
    obj = op[1]
    if isinstance(obj, Table):
        return obj.name
    if hasattr(obj, "table"):
        return obj.table.name
    return op[2]                         # ("add_column", schema, table, column), ("modify_*", …)


def test_store_migrations_match_metadata(store):
    """Tables of later revisions (other modules' metadata) are not this test's business."""
    with store.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), store_metadata)
    assert [d for d in diff if _table_of(d) in store_metadata.tables] == []


def test_store_sqlite_pragmas(tmp_path):
    from luoshi.store import Store
    s = Store.open(f"sqlite:///{tmp_path / 'p.db'}")
    with s.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
    s.close()


def test_store_reopen_is_at_head(store):
    from luoshi.store import migrate
    migrate(store.engine)            # a second run is a no-op, not an error
    with store.engine.connect() as c:
        heads = c.execute(text("select version_num from alembic_version")).scalars().all()
    assert "store_0001" in heads or heads      # later revisions stack on top of store_0001
