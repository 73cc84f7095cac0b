"""What only the SQL stores promise: UTC times, migrations, durability, several processes."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import sys
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.exc import StatementError

from boudoir.domain.entities import (
    ATTESTATION_STATEMENT,
    SERVER_OWNED,
    Account,
    AccountList,
    Attestation,
    Character,
    ListEntry,
    Room,
)
from boudoir.domain.places import Exit, new_exit_id
from boudoir.domain.profiles import SectionAudience
from boudoir.storage import (
    SchemaNotCurrent,
    SqlStore,
    UnsupportedDatabase,
    current_revision,
    head_revision,
    migrate,
    normalize_url,
    open_store,
    sqlite_url_for_data_dir,
)
from boudoir.storage.accounts import _values
from boudoir.storage.engine import SQLITE_BUSY_TIMEOUT_MS, create_engine, write_transaction
from boudoir.storage.migrator import alembic_config
from boudoir.storage.rooms import _insert_entries, _settings
from boudoir.storage.tables import UtcDateTime, accounts, metadata, rooms

from .builders import Make, skeleton_of

PARIS = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def make_sql(sql_store: SqlStore) -> Make:
    return Make(sql_store)


# --- Times --------------------------------------------------------------------------------


async def test_times_come_back_as_aware_utc(sql_store: SqlStore, make_sql: Make) -> None:
    account = make_sql.account(
        "Alice",
        created_at=dt.datetime(2025, 5, 1, 1, 0, 0, 123456, tzinfo=PARIS),
        attestation=Attestation(ATTESTATION_STATEMENT, dt.datetime(2025, 5, 1, 1, 5, tzinfo=PARIS)),
    )
    await sql_store.accounts.add(account, skeleton_of("Alice"))

    stored = await sql_store.accounts.get(account.id)

    assert stored is not None
    assert stored.created_at == dt.datetime(2025, 4, 30, 23, 0, 0, 123456, tzinfo=dt.UTC)
    assert stored.created_at.utcoffset() == dt.timedelta(0)
    assert stored.attestation is not None
    assert stored.attestation.attested_at.utcoffset() == dt.timedelta(0)


async def test_a_naive_time_is_refused_not_guessed(sql_store: SqlStore, make_sql: Make) -> None:
    account = make_sql.account("Alice", created_at=dt.datetime(2025, 5, 1, 12, 0))

    with pytest.raises(StatementError, match="naive datetime"):
        await sql_store.accounts.add(account, skeleton_of("Alice"))
    assert await sql_store.accounts.list_all() == []


# --- Schema and migrations ----------------------------------------------------------------


def _schema_drift(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_migrating_again_changes_nothing(sql_store: SqlStore, sql_url: str) -> None:
    account = Make(sql_store).account("Alice")
    await sql_store.accounts.add(account, skeleton_of("Alice"))

    await migrate(sql_url)
    await migrate(sql_url)

    assert await current_revision(sql_url) == head_revision()
    assert await sql_store.accounts.get(account.id) == account


async def test_a_new_database_is_migrated_to_the_declared_schema(unmigrated_url: str) -> None:
    assert await current_revision(unmigrated_url) is None

    await migrate(unmigrated_url)
    await migrate(unmigrated_url)

    assert await current_revision(unmigrated_url) == head_revision()
    store = await open_store(unmigrated_url, migrate=False)
    try:
        async with store.engine.connect() as connection:
            assert await connection.run_sync(_schema_drift) == []
            tables = await connection.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
    finally:
        await store.close()
    # No table for message text: Boudoir never stores what people say.
    assert tables == {
        "alembic_version",
        "accounts",
        "characters",
        "character_interests",
        "rooms",
        "room_moderators",
        "room_list_entries",
        "friends",
        "blocks",
        "contacts",
        "login_sessions",
        # Logs (0004): message text only where everyone present agreed to a log.
        "log_segments",
        "log_readers",
        "log_lines",
        # Moderation (0005): reports carry the reporter's own copy of what they saw.
        "seal_keys",
        "moderation_queue",
        "moderation_actions",
        "moderation_restrictions",
        # Automod (0006): rules only; held messages wait in the moderators' queue.
        "automod_rules",
        # The walkable world and mail (0007): letters are text their sender chose to leave.
        "exits",
        "things",
        "character_homes",
        "builders",
        "character_last_seen",
        "mail",
        # Sign-up by invitation (0009): the hash of each code, tied to no account.
        "invitations",
        # Profile images (0013): re-encoded, removed with their character.
        "character_images",
    }


_ROOMS_AT_0001 = sa.table(
    "rooms",
    *(
        sa.column(name)
        for name in (
            "id", "name", "name_key", "name_skeleton", "owner_id", "rating", "visibility",
            "topic", "description", "member_limit",
        )
    ),
    sa.column("created_at", UtcDateTime),
)  # fmt: skip
_BANS_AT_0001 = sa.table("room_bans", sa.column("room_id"), sa.column("account_id"))


def _upgrade_to(revision: str) -> Callable[[Connection], None]:
    def upgrade(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    return upgrade


async def _character_before_0013(
    engine: Any, make: Make, owner: Account, name: str, audience: str = "only_me"
) -> Character:
    """A character stored in a schema older than 0013 (no profile sections, no image)."""
    character = make.character(owner, name)
    async with write_transaction(engine) as connection:
        await connection.execute(
            _CHARACTERS_BEFORE_0013.insert().values(
                id=character.id,
                account_id=owner.id,
                name=name,
                name_key=name.lower(),
                name_skeleton=skeleton_of(name),
                pronouns="",
                short_description="",
                long_description="",
                declared_age=None,
                hard_limits=["gore"],
                profile_audience=audience,
                created_at=character.created_at,
            )
        )
    return character


_CHARACTERS_BEFORE_0013 = sa.table(
    "characters",
    *(
        sa.column(name)
        for name in (
            "id",
            "account_id",
            "name",
            "name_key",
            "name_skeleton",
            "pronouns",
            "short_description",
            "long_description",
            "declared_age",
            "profile_audience",
            "created_at",
        )
    ),
    sa.column("hard_limits", sa.JSON),
)


async def test_characters_made_before_profile_sections_keep_who_saw_their_limits(
    unmigrated_url: str,
) -> None:
    engine = create_engine(unmigrated_url)
    try:
        async with write_transaction(engine) as connection:
            await connection.run_sync(_upgrade_to("0012"))
        make = Make(SqlStore(engine))
        alice = await _account_before_0009(engine, make, "Alice")
        private = await _character_before_0013(engine, make, alice, "Prim", "only_me")
        friendly = await _character_before_0013(engine, make, alice, "Fren", "friends")
        public = await _character_before_0013(engine, make, alice, "Pub", "everyone")
    finally:
        await engine.dispose()

    store = await open_store(unmigrated_url)  # migrates to the head
    try:
        seen = {c.name: c.visibility for c in await store.characters.list_for_account(alice.id)}
        shown = {name: (v.kinks, v.limits, v.details, v.image) for name, v in seen.items()}
        assert shown == {
            private.name: (NOBODY, NOBODY, FRIENDS, FRIENDS),
            friendly.name: (FRIENDS, FRIENDS, FRIENDS, FRIENDS),
            public.name: (EVERYONE, EVERYONE, FRIENDS, FRIENDS),
        }
        stored = await store.characters.get(private.id)
        assert stored is not None
        assert (stored.findable, stored.has_image, stored.kinks) == (False, False, ())
        assert stored.hard_limits == ("gore",)
    finally:
        await store.close()


NOBODY, FRIENDS, EVERYONE = (
    SectionAudience.NOBODY,
    SectionAudience.FRIENDS,
    SectionAudience.EVERYONE,
)


async def _account_before_0009(engine: Any, make: Make, name: str) -> Account:
    """An account stored in a schema older than 0009, which has no ``awaiting_approval`` (nor
    0010's ``mention_words``)."""
    account = make.account(name)
    newer = {"awaiting_approval", "mention_words"}
    values = {key: value for key, value in _values(account).items() if key not in newer}
    row = {
        "id": account.id,
        "name": name,
        "name_key": name.lower(),
        "name_skeleton": skeleton_of(name),
    }
    async with write_transaction(engine) as connection:
        await connection.execute(accounts.insert().values(**row, **values))
    return account


async def _room_before_0011(
    engine: Any, make: Make, owner: Account, name: str, **fields: Any
) -> Room:
    """A room (with its moderators and lists) stored in a schema older than 0011, which has no
    ``tags`` (nor 0012's ``newcomer_lines``, nor 0013's ``ads``, nor 0014's ``cams``)."""
    room = make.room(owner, name, **fields)
    row = {
        "id": room.id,
        "name": name,
        "name_key": name.lower(),
        "name_skeleton": skeleton_of(name),
        "owner_id": owner.id,
        "created_at": room.created_at,
        **{
            key: value
            for key, value in _settings(room).items()
            if key not in ("tags", "newcomer_lines", "ads", "cams")
        },
    }
    async with write_transaction(engine) as connection:
        await connection.execute(rooms.insert().values(**row))
        await _insert_entries(connection, room)
    return room


async def test_rooms_and_bans_made_before_room_modes_survive_the_migration(
    unmigrated_url: str,
) -> None:
    engine = create_engine(unmigrated_url)
    try:
        async with write_transaction(engine) as connection:
            await connection.run_sync(_upgrade_to("0001"))
        make = Make(SqlStore(engine))
        alice = await _account_before_0009(engine, make, "Alice")
        bob = await _account_before_0009(engine, make, "Bob")
        # No character: the ban keeps a placeholder.
        carol = await _account_before_0009(engine, make, "Carol")
        await _character_before_0013(engine, make, bob, "Rook")
        await _character_before_0013(engine, make, bob, "Bobby")
        room = make.room(alice, "Lobby", topic="Tea", member_limit=5)
        async with write_transaction(engine) as connection:
            await connection.execute(
                _ROOMS_AT_0001.insert().values(
                    id=room.id,
                    name=room.name,
                    name_key="lobby",
                    name_skeleton=skeleton_of("Lobby"),
                    owner_id=alice.id,
                    rating=0,
                    visibility="public",
                    topic="Tea",
                    description="",
                    member_limit=5,
                    created_at=room.created_at,
                )
            )
            await connection.execute(
                _BANS_AT_0001.insert(),
                [{"room_id": room.id, "account_id": a} for a in (bob.id, carol.id)],
            )
    finally:
        await engine.dispose()

    store = await open_store(unmigrated_url)  # migrates to the head
    try:
        migrated = await store.rooms.get(room.id)
    finally:
        await store.close()

    bans = AccountList(
        (
            ListEntry(bob.id, "Rook", "", room.created_at),  # the oldest character's name
            ListEntry(carol.id, "(unknown)", "", room.created_at),
        )
    )
    assert migrated == replace(room, bans=bans)
    assert (migrated.key, migrated.moderated, migrated.topic_locked) == ("", False, True)


async def test_rooms_and_what_refers_to_them_survive_server_owned_rooms(
    unmigrated_url: str,
) -> None:
    # 0008 edits the rooms table in place on SQLite: nothing that refers to a room may go.
    engine = create_engine(unmigrated_url)
    try:
        async with write_transaction(engine) as connection:
            await connection.run_sync(_upgrade_to("0007"))
        store = SqlStore(engine)
        make = Make(store)
        alice = await _account_before_0009(engine, make, "Alice")
        bob = await _account_before_0009(engine, make, "Bob")
        bans = AccountList((ListEntry(bob.id, "Bob", "Alice", make.room(alice, "x").created_at),))
        lobby = await _room_before_0011(
            engine, make, alice, "Lobby", moderator_ids=frozenset({bob.id}), bans=bans
        )
        hall = await _room_before_0011(engine, make, alice, "Hall")
        way = Exit(
            new_exit_id(), lobby.id, "North", alice.id, lobby.created_at, destination=hall.id
        )
        await store.world.add_exit(way)
    finally:
        await engine.dispose()

    store = await open_store(unmigrated_url)  # migrates to the head
    try:
        # No tags (0011), no lines shown to newcomers (0012), no ads (0013) and no cams (0014),
        # as every older room.
        assert await store.rooms.get(lobby.id) == lobby
        assert (lobby.tags, lobby.newcomer_lines, lobby.ads, lobby.cams) == ((), 0, False, False)
        assert await store.world.exits_from(lobby.id) == [way]
        # Accounts made before sign-up modes (0009) log in as before: none waits for approval;
        # and none has mention words (0010).
        assert await store.accounts.get(bob.id) == bob
        assert bob.awaiting_approval is False
        assert bob.mention_words == ()
        await store.rooms.give_to_server(lobby.id)
        await store.accounts.erase(alice.id)
        assert await store.rooms.get(lobby.id) == replace(
            lobby, owner_id=SERVER_OWNED, moderator_ids=frozenset({bob.id})
        )
        assert await store.rooms.get(hall.id) is None
    finally:
        await store.close()


async def test_opening_without_migrating_refuses_an_old_schema(unmigrated_url: str) -> None:
    with pytest.raises(SchemaNotCurrent, match="boudoir migrate"):
        await open_store(unmigrated_url, migrate=False)

    store = await open_store(unmigrated_url)
    await store.close()
    store = await open_store(unmigrated_url, migrate=False)
    await store.close()


async def test_two_processes_starting_at_once_both_migrate(unmigrated_url: str) -> None:
    first, second = await asyncio.gather(open_store(unmigrated_url), open_store(unmigrated_url))
    await first.close()
    await second.close()

    assert await current_revision(unmigrated_url) == head_revision()


# --- Several stores on one database (the CLI while the server runs) -----------------------


async def test_a_second_store_sees_writes_at_once(sql_store: SqlStore, sql_url: str) -> None:
    server = sql_store
    cli = await open_store(sql_url, migrate=False)
    try:
        alice = await Make(server).stored_account("Alice")  # read once, so connections are pooled
        assert await cli.accounts.get(alice.id) == alice

        bob = await Make(cli).stored_account("Bob")
        await cli.accounts.erase(alice.id)

        assert await server.accounts.get(bob.id) == bob
        assert await server.accounts.get(alice.id) is None
    finally:
        await cli.close()


async def test_two_stores_can_write_at_the_same_time(sql_store: SqlStore, sql_url: str) -> None:
    other = await open_store(sql_url, migrate=False)
    try:
        makers = [Make(sql_store), Make(other)]
        await asyncio.gather(
            *(makers[n % 2].stored_account(f"Person{n}") for n in range(40)),
        )
        owner = (await other.accounts.list_all())[0]
        await asyncio.gather(
            *(
                makers[n % 2].stored_character(owner, f"Character{n}", interests=())
                for n in range(10)
            ),
            *(
                sql_store.accounts.erase(account.id)
                for account in (await other.accounts.list_all())[1:6]
            ),
        )

        assert len(await sql_store.accounts.list_all()) == 35
        assert len(await other.characters.list_for_account(owner.id)) == 10
    finally:
        await other.close()


# --- SQLite specifics ---------------------------------------------------------------------


async def test_sqlite_settings(tmp_path: Path) -> None:
    store = await open_store(sqlite_url_for_data_dir(tmp_path))
    try:
        async with store.engine.connect() as connection:
            pragmas = {
                name: (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    finally:
        await store.close()

    assert pragmas["journal_mode"] == "wal"
    assert pragmas["synchronous"] == 2  # FULL
    assert pragmas["foreign_keys"] == 1
    assert pragmas["busy_timeout"] == SQLITE_BUSY_TIMEOUT_MS


async def test_the_sqlite_file_lives_in_the_data_directory(tmp_path: Path) -> None:
    data_dir = tmp_path / "not" / "created" / "yet"

    store = await open_store(sqlite_url_for_data_dir(data_dir))
    await store.close()

    assert (data_dir / "boudoir.sqlite3").is_file()


_ADD_THEN_DIE = textwrap.dedent(
    """
    import asyncio, datetime as dt, os, signal, sys
    from boudoir.domain.entities import Account
    from boudoir.domain.ids import AccountId
    from boudoir.storage import open_store

    async def main():
        store = await open_store(sys.argv[1])
        account = Account(
            id=AccountId("a-survivor"), name="Survivor", password_hash="h",
            born=dt.date(1990, 1, 1), created_at=dt.datetime.now(dt.UTC),
        )
        await store.accounts.add(account, "survivor")
        print("acknowledged", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    asyncio.run(main())
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
async def test_an_acknowledged_account_survives_kill_9(tmp_path: Path) -> None:
    url = sqlite_url_for_data_dir(tmp_path)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _ADD_THEN_DIE,
        url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == -signal.SIGKILL, stderr.decode()
    assert stdout == b"acknowledged\n"

    store = await open_store(url, migrate=False)
    try:
        survivor = await store.accounts.find_by_name("survivor")
    finally:
        await store.close()
    assert survivor is not None


# --- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "driver", "database"),
    [
        ("sqlite:////var/lib/boudoir/b.sqlite3", "sqlite+aiosqlite", "/var/lib/boudoir/b.sqlite3"),
        ("sqlite+aiosqlite:///relative.sqlite3", "sqlite+aiosqlite", "relative.sqlite3"),
        ("postgres://boudoir:secret@db.example:5432/boudoir", "postgresql+asyncpg", "boudoir"),
        ("postgresql://boudoir@db.example/boudoir", "postgresql+asyncpg", "boudoir"),
        ("postgresql+asyncpg://boudoir@db.example/boudoir", "postgresql+asyncpg", "boudoir"),
    ],
)
def test_accepted_urls(given: str, driver: str, database: str) -> None:
    url = normalize_url(given)

    assert url.drivername == driver
    assert url.database == database


def test_libpq_sslmode_becomes_asyncpg_ssl() -> None:
    url = normalize_url("postgres://u:p@db.example/boudoir?sslmode=require")

    assert dict(url.query) == {"ssl": "require"}
    assert url.password == "p"


@pytest.mark.parametrize(
    "given", ["mysql://u@db.example/boudoir", "postgresql+psycopg2://u@h/d", "not a url"]
)
def test_unsupported_urls_are_refused_clearly(given: str) -> None:
    with pytest.raises(UnsupportedDatabase):
        normalize_url(given)


def test_the_data_directory_url(tmp_path: Path) -> None:
    url = sqlite_url_for_data_dir(tmp_path)

    assert url == f"sqlite+aiosqlite:///{tmp_path.resolve() / 'boudoir.sqlite3'}"
