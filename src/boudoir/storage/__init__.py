"""The durable store: SQLAlchemy over SQLite (embedded default) or PostgreSQL, with Alembic
migrations. Implements ``boudoir.core.ports.Store``; imports ``boudoir.domain`` and
``boudoir.core.ports`` only.

Start here: ``open_store(url)``, ``migrate(url)``, ``sqlite_url_for_data_dir(data_dir)``.
"""

from boudoir.storage.engine import UnsupportedDatabase, normalize_url, sqlite_url_for_data_dir
from boudoir.storage.migrator import SchemaNotCurrent, current_revision, head_revision, migrate
from boudoir.storage.store import SqlStore, open_store

__all__ = [
    "SchemaNotCurrent",
    "SqlStore",
    "UnsupportedDatabase",
    "current_revision",
    "head_revision",
    "migrate",
    "normalize_url",
    "open_store",
    "sqlite_url_for_data_dir",
]
