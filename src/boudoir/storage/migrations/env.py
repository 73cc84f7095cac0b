"""Alembic environment for Boudoir's schema.

Two ways in:

- ``boudoir.storage.migrator`` (``boudoir migrate``, and ``open_store`` at start-up) opens the
  engine itself, starts a write transaction and hands the connection over in
  ``config.attributes["connection"]``, so the whole upgrade is one transaction.
- A developer running ``alembic -c src/boudoir/storage/alembic.ini -x url=sqlite:///dev.db
  revision --autogenerate -m "..."``: this file opens its own async engine.

``render_as_batch`` makes autogenerate write SQLite-safe ``batch_alter_table`` blocks.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from boudoir.storage.engine import create_engine, normalize_url
from boudoir.storage.tables import metadata

config = context.config


def _configure(**options: object) -> None:
    context.configure(
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
        **options,  # type: ignore[arg-type]
    )


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("Give the database URL: alembic -x url=sqlite:///path ...")
    return url


def _run_with(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_own_engine() -> None:
    engine = create_engine(_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_with)
            await connection.commit()
    finally:
        await engine.dispose()


def _run() -> None:
    if context.is_offline_mode():
        _configure(url=normalize_url(_url()), literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    shared = config.attributes.get("connection")
    if shared is not None:
        _run_with(shared)
    else:
        asyncio.run(_run_own_engine())


_run()
