"""Building the core: opening the store (creating and migrating the database where asked) and
the ``World`` over it, for ``boudoir serve`` and every CLI command alike.

Imports ``boudoir.core``, ``boudoir.storage`` and ``boudoir.settings``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from boudoir.core.calls import TurnRelay
from boudoir.core.cluster import Bus
from boudoir.core.kinks import load_kink_list
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.ports import PasswordHasher, Store
from boudoir.core.replay import ReplayLimits
from boudoir.core.throttle import SignupThrottle
from boudoir.core.world import World
from boudoir.domain.kinks import KinkListError
from boudoir.settings import Settings
from boudoir.storage import (
    SchemaNotCurrent,
    UnsupportedDatabase,
    open_store,
    sqlite_url_for_data_dir,
)
from boudoir.storage.engine import SQLITE_FILE_NAME


class AppError(Exception):
    """An expected failure of the process (the database cannot be opened, a port is taken):
    the CLI shows ``message`` as one line, without a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Core:
    """What ``open_core`` built: everything but the gateways."""

    settings: Settings
    store: Store
    world: World


def database_url(settings: Settings) -> str:
    """``settings.database_url``, or the embedded SQLite database inside ``data_dir``."""
    return settings.database_url or sqlite_url_for_data_dir(settings.data_dir)


def describe_database(settings: Settings) -> str:
    """Where the data lives, for messages: the data directory, or the URL without password."""
    if settings.database_url is None:
        return str(settings.data_dir)
    from sqlalchemy.engine import make_url

    try:
        return make_url(settings.database_url).render_as_string(hide_password=True)
    except Exception:  # any parse failure: say nothing that might be a password
        return "(the configured database URL)"


@asynccontextmanager
async def open_core(
    settings: Settings, *, migrate: bool = True, hasher: PasswordHasher | None = None
) -> AsyncIterator[Core]:
    """Open the store and build the core over it; close them on leaving.

    With ``migrate`` the database is created if need be and brought to the current schema (what
    ``serve`` and ``init`` do); without it, the database must already exist and be current.
    ``hasher`` replaces argon2id's (the benchmarks create their accounts with one that hands
    out a single precomputed argon2id hash).
    """
    store = await _open_store(settings, migrate=migrate)
    try:
        world = World(store, hasher or Argon2Hasher(), bus=_bus(settings))
        world.places.use_default_room(settings.telnet_home_room)
        world.accounts.signups = SignupThrottle(
            settings.signups_per_address_per_hour, settings.signups_per_minute
        )
        world.accounts.signup_mode = settings.signup_mode
        world.replay.limits = ReplayLimits(
            settings.replay_lines, dt.timedelta(hours=settings.replay_hours)
        )
        world.messages.recent.use_window(settings.edit_window_seconds)
        if settings.turn_urls and settings.turn_secret:
            world.calls.relay = TurnRelay(
                settings.turn_urls, settings.turn_secret, settings.turn_ttl_seconds
            )
        world.ads.interval = settings.ad_interval_seconds
        try:
            world.characters.kink_list = load_kink_list(settings.kinks_file)
        except KinkListError as error:
            raise AppError(f"kinks_file: {error}") from None
        # The sealing key shared by every node (made on first start) and the mutes in force.
        await world.moderation.start()
        yield Core(settings, store, world)
        await _tell_the_nodes(world, settings)
    finally:
        await store.close()


def _bus(settings: Settings) -> Bus | None:
    """The bus to the other nodes when ``redis_url`` is set; None runs the node alone."""
    if settings.redis_url is None:
        return None
    from boudoir.bus.redis import RedisBus, new_node_name

    return RedisBus(
        settings.redis_url,
        settings.node_id or new_node_name(),
        cluster=settings.cluster_name,
        timeout=settings.node_timeout_seconds,
    )


async def _tell_the_nodes(world: World, settings: Settings) -> None:
    """A command that changed something (an account suspended, a password set) tells the
    running nodes through Redis, so it takes effect on all of them at once."""
    from redis.exceptions import RedisError

    from boudoir.bus.redis import RedisBus

    if world.cluster is not None:
        world.cluster.outbox.flush()
    if isinstance(world.bus, RedisBus):
        try:
            await world.bus.send_pending()
        except (RedisError, OSError) as error:
            raise AppError(
                f"Done, but Redis at {_redis_shown(world.bus.url)} could not be reached to tell "
                f"the running nodes ({error}): they pick the change up within "
                f"{settings.account_sync_seconds:g} s."
            ) from error


async def join_cluster(world: World, settings: Settings) -> None:
    """Take this node's name in the cluster (``serve``): refuse a name a live node holds, or
    a Redis that cannot be reached, with one line saying which."""
    from redis.exceptions import RedisError

    from boudoir.bus.redis import NodeNameTaken, RedisBus

    bus = world.bus
    if not isinstance(bus, RedisBus) or world.cluster is None:
        return
    bus.on_reachable = world.cluster.reachable  # says hello, and tells people of outages
    try:
        await bus.claim_name()
    except NodeNameTaken as error:
        raise AppError(str(error)) from error
    except (RedisError, OSError) as error:
        raise AppError(f"Cannot reach Redis at {_redis_shown(bus.url)}: {error}") from error


async def run_bus(world: World) -> None:
    """Keep the node in its cluster until cancelled (returns at once for a node alone)."""
    from boudoir.bus.redis import RedisBus

    if isinstance(world.bus, RedisBus) and world.cluster is not None:
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(world.bus.run(), name="bus")
            tasks.create_task(world.cluster.run(), name="cluster")
            if world.cluster.activity is not None:
                tasks.create_task(world.cluster.activity.run(), name="room activity")


def _redis_shown(url: str) -> str:
    """``url`` without its password, for messages."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return parts._replace(netloc=f"{user}{host}{port}").geturl()


async def _open_store(settings: Settings, *, migrate: bool) -> Store:
    from sqlalchemy.exc import DBAPIError

    where = describe_database(settings)
    if settings.database_url is None:
        database = settings.data_dir / SQLITE_FILE_NAME
        if migrate:
            _make_private_directory(settings.data_dir)
        elif not database.exists():
            raise AppError(
                f"There is no Boudoir database in {where}: "
                "run `boudoir init` (or `boudoir serve`) there first, or pass --data-dir."
            )
    try:
        return await open_store(database_url(settings), migrate=migrate)
    except (UnsupportedDatabase, SchemaNotCurrent) as error:
        raise AppError(str(error)) from error
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        raise AppError(f"Cannot open the database at {where}: {reason}") from error
    except OSError as error:
        raise AppError(f"Cannot open the database at {where}: {error}") from error


def _make_private_directory(path: Path) -> None:
    # The data directory holds password hashes: only its owner may look inside.
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise AppError(f"Cannot create the data directory {path}: {error.strerror}") from error
