"""The Alembic revision track_0001 builds exactly luoshi/track_tables.py, on
SQLite and PostgreSQL."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Table

from luoshi.track_tables import metadata
from trackkit import open_store, pg_url  # noqa: F401 (fixtures)


def _table(change) -> str | None:
    op = change[0] if isinstance(change, list) else change
    obj = op[1]
    if isinstance(obj, Table):
        return obj.name
    return obj.table.name if hasattr(obj, "table") else op[2]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_track_migration_matches_tables(kind, tmp_path, request):
    store = open_store(kind, tmp_path, request)
    with store.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), metadata)
    store.close()
    assert [d for d in diff if _table(d) in metadata.tables] == []
