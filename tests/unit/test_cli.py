"""The ``boudoir`` command on a temporary data directory, through click's CliRunner."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from boudoir.app import open_core
from boudoir.cli import main
from boudoir.domain.errors import AccountSuspended, AuthenticationFailed
from boudoir.settings import Settings

PASSWORD = "correct horse battery"


class Boudoir:
    """Runs ``boudoir ARGS --data-dir D`` and keeps the data directory at hand."""

    def __init__(self, data_dir: Path, password_file: Path) -> None:
        self.data_dir = data_dir
        self.password_file = password_file
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(main, [*args, "--data-dir", str(self.data_dir)], input=input)

    def ok(self, *args: str, input: str | None = None) -> Result:
        result = self(*args, input=input)
        assert result.exit_code == 0, result.output
        return result

    def create(self, name: str, *options: str, born: str = "1990-05-17") -> Result:
        return self(
            "account", "create", name, "--born", born,
            "--password-file", str(self.password_file), *options,
        )  # fmt: skip

    def can_log_in(self, name: str, password: str) -> bool:
        async def attempt() -> bool:
            settings = Settings(data_dir=self.data_dir)
            async with open_core(settings, migrate=False) as core:
                try:
                    await core.world.accounts.authenticate(name, password)
                except AuthenticationFailed:
                    return False
                return True

        return asyncio.run(attempt())


def failed_with(result: Result, message: str, exit_code: int = 1) -> bool:
    """The command failed with ``exit_code`` and said ``message`` on one line of stderr,
    with no traceback."""
    assert result.exit_code == exit_code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert message in result.stderr, result.stderr
    if exit_code == 1:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return True


@pytest.fixture(autouse=True)
def no_boudoir_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("BOUDOIR_"):
            monkeypatch.delenv(name)


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    return path


@pytest.fixture
def fresh(tmp_path: Path, password_file: Path) -> Boudoir:
    """A data directory that does not exist yet."""
    return Boudoir(tmp_path / "data", password_file)


@pytest.fixture
def boudoir(fresh: Boudoir) -> Boudoir:
    """A migrated, empty data directory."""
    fresh.ok("migrate")
    return fresh


# --- Setting up -----------------------------------------------------------------------------


def test_migrate_creates_a_private_data_directory(fresh: Boudoir) -> None:
    result = fresh.ok("migrate")
    assert "at schema revision" in result.output
    assert (fresh.data_dir / "boudoir.sqlite3").is_file()
    assert stat.S_IMODE(fresh.data_dir.stat().st_mode) == 0o700
    fresh.ok("migrate")  # again: nothing to do, no error


def test_commands_refuse_a_data_directory_without_a_database(fresh: Boudoir) -> None:
    result = fresh("account", "list")
    assert failed_with(result, "There is no Boudoir database in")
    assert "boudoir init" in result.stderr
    assert not fresh.data_dir.exists(), "a typo in --data-dir must not create a directory"


def test_init_creates_the_first_operator_once(fresh: Boudoir) -> None:
    result = fresh.ok(
        "init", "--name", "admiral", "--born", "1980-01-02",
        "--password-file", str(fresh.password_file),
    )  # fmt: skip
    assert "operator account admiral" in result.output
    rooms = "Created the server's rooms: lobby (general), lounge (adult), ooc (general)."
    assert rooms in result.output
    assert fresh.can_log_in("admiral", PASSWORD)
    listed = fresh.ok("account", "list").output
    assert "admiral" in listed
    assert "operator" in listed
    again = fresh.ok("init", "--name", "other", "--born", "1980-01-02")
    assert "set up already; operator accounts: admiral" in again.output


def stored_rooms(data_dir: Path) -> dict[str, tuple[str, str, tuple[str, ...], bool]]:
    """Each room in the database: name -> (rating, topic, tags, owned by an account)."""

    async def read() -> dict[str, tuple[str, str, tuple[str, ...], bool]]:
        async with open_core(Settings(data_dir=data_dir), migrate=False) as core:
            rooms = await core.store.rooms.list_all()
            return {r.name: (r.rating.label, r.topic, r.tags, bool(r.owner_id)) for r in rooms}

    return asyncio.run(read())


def test_init_makes_the_default_rooms_once_and_never_overwrites_them(
    fresh: Boudoir, tmp_path: Path
) -> None:
    config = tmp_path / "boudoir.toml"
    config.write_text(
        '[[default_rooms]]\nname = "lobby"\ntopic = "Hello"\n\n'
        '[[default_rooms]]\nname = "den"\nrating = "adult"\ntags = ["Night", "social"]\n',
        encoding="utf-8",
    )
    init = ("init", "--config", str(config), "--name", "admiral", "--born", "1980-01-02",
            "--password-file", str(fresh.password_file))  # fmt: skip
    result = fresh.ok(*init)
    assert "Created the server's rooms: lobby (general), den (adult)." in result.output
    assert stored_rooms(fresh.data_dir) == {
        "lobby": ("general", "Hello", (), False),
        "den": ("adult", "", ("night", "social"), False),
    }

    async def operator_changes_the_den() -> None:
        async with open_core(Settings(data_dir=fresh.data_dir), migrate=False) as core:
            den = await core.store.rooms.find_by_name("den")
            assert den is not None
            await core.store.rooms.update(dataclasses.replace(den, topic="Closed for tonight"))

    asyncio.run(operator_changes_the_den())
    again = fresh.ok(*init)
    assert "Created the server's rooms" not in again.output
    assert stored_rooms(fresh.data_dir)["den"] == (
        "adult",
        "Closed for tonight",
        ("night", "social"),
        False,
    )
    assert len(stored_rooms(fresh.data_dir)) == 2


def test_init_refuses_a_bad_default_room_with_one_line(fresh: Boudoir, tmp_path: Path) -> None:
    config = tmp_path / "boudoir.toml"
    config.write_text('[[default_rooms]]\nname = "den"\nrating = "spicy"\n', encoding="utf-8")
    result = fresh("init", "--config", str(config), "--name", "admiral")
    assert failed_with(result, "default_rooms", exit_code=result.exit_code)
    assert "rating is one of" in result.stderr


def test_init_asks_for_what_it_was_not_given(fresh: Boudoir) -> None:
    answers = f"admiral\n1980-01-02\nshort\n{PASSWORD}\n{PASSWORD}\n"
    result = fresh.ok("init", input=answers)
    assert "at least 8 characters" in result.output, "a too short password is asked again"
    assert fresh.can_log_in("admiral", PASSWORD)


def test_init_generates_a_tls_certificate_once(fresh: Boudoir) -> None:
    first = fresh.ok("init", "--name", "admiral", "--born", "1980-01-02",
                     "--password-file", str(fresh.password_file))  # fmt: skip
    certificate = fresh.data_dir / "tls" / "certificate.pem"
    assert (
        f"Generated a self-signed TLS certificate for boudoir.local: {certificate}" in first.output
    )
    assert "SHA-256 fingerprint" in first.output, "for the operator to publish to users"
    assert stat.S_IMODE((fresh.data_dir / "tls" / "private-key.pem").stat().st_mode) == 0o600
    before = certificate.read_bytes()

    again = fresh.ok("init")
    assert "Generated" not in again.output
    assert certificate.read_bytes() == before


def test_init_generates_no_certificate_when_every_tls_listener_is_off(
    fresh: Boudoir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOUDOIR_IRC_TLS_PORT", "0")
    monkeypatch.setenv("BOUDOIR_TELNET_TLS_PORT", "0")
    result = fresh.ok("init", "--name", "admiral", "--born", "1980-01-02",
                      "--password-file", str(fresh.password_file))  # fmt: skip
    assert "TLS" not in result.output
    assert not (fresh.data_dir / "tls").exists()


@pytest.mark.parametrize("command", [("init",), ("serve", "--web-port", "0")])
def test_a_configured_certificate_that_is_missing_stops_the_command(
    fresh: Boudoir, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = tmp_path / "fullchain.pem"
    monkeypatch.setenv("BOUDOIR_TLS_CERTIFICATE", str(missing))
    monkeypatch.setenv("BOUDOIR_TLS_PRIVATE_KEY", str(tmp_path / "privkey.pem"))
    result = fresh(*command)
    assert failed_with(result, f"The TLS file {missing} (tls_certificate) does not exist.")
    assert not (fresh.data_dir / "tls").exists(), "never generated over a configuration"


# --- Accounts -----------------------------------------------------------------------------


def test_create_then_list(boudoir: Boudoir) -> None:
    assert "No accounts yet." in boudoir.ok("account", "list").output
    created = boudoir.create("alice")
    assert created.exit_code == 0, created.output
    assert "Created the account alice (member)." in created.output
    assert boudoir.create("olga", "--operator", "--attest").exit_code == 0
    table = boudoir.ok("account", "list").output
    rows = {
        line.split()[1]: line for line in table.splitlines() if "alice" in line or "olga" in line
    }
    assert "member" in rows["alice"]
    assert " no " in rows["alice"]
    assert "operator" in rows["olga"]
    assert " yes " in rows["olga"]
    assert "general" in rows["alice"]
    assert boudoir.can_log_in("alice", PASSWORD)


def test_create_with_a_prompted_password(boudoir: Boudoir) -> None:
    result = boudoir.ok(
        "account", "create", "alice", "--born", "1990-05-17",
        input=f"{PASSWORD}\nnot the same\n{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert "do not match" in result.output
    assert boudoir.can_log_in("alice", PASSWORD)


def test_password_from_standard_input(boudoir: Boudoir) -> None:
    boudoir.ok(
        "account", "create", "alice", "--born", "1990-05-17", "--password-file", "-",
        input=f"{PASSWORD}\n",
    )  # fmt: skip
    assert boudoir.can_log_in("alice", PASSWORD)


def test_attest(boudoir: Boudoir) -> None:
    boudoir.create("alice")
    assert "Recorded the attestation of alice." in boudoir.ok("account", "attest", "alice").output
    exported = json.loads(boudoir.ok("account", "export", "alice").stdout)
    assert exported["account"]["attestation"]["method"] == "operator"


def test_builder_grant_and_revoke(boudoir: Boudoir) -> None:
    boudoir.create("alice")
    assert "alice is now a builder." in boudoir.ok("account", "builder", "alice").output
    assert json.loads(boudoir.ok("account", "export", "alice").stdout)["world"]["builder"]
    result = boudoir.ok("account", "builder", "alice", "--revoke")
    assert "alice is no longer a builder." in result.output
    assert not json.loads(boudoir.ok("account", "export", "alice").stdout)["world"]["builder"]
    assert boudoir("account", "builder", "nobody").exit_code != 0


def test_set_password(boudoir: Boudoir, tmp_path: Path) -> None:
    boudoir.create("alice")
    new_password = tmp_path / "new"
    new_password.write_text("a brand new secret\n", encoding="utf-8")
    result = boudoir.ok("account", "set-password", "alice", "--password-file", str(new_password))
    assert "Changed the password of alice." in result.output
    assert boudoir.can_log_in("alice", "a brand new secret")
    assert not boudoir.can_log_in("alice", PASSWORD)


def test_export_to_standard_output_and_to_a_private_file(boudoir: Boudoir, tmp_path: Path) -> None:
    boudoir.create("alice")
    document = json.loads(boudoir.ok("account", "export", "alice").stdout)
    assert document["format"] == "boudoir.account-export.v1"
    assert document["account"]["name"] == "alice"
    assert [c["name"] for c in document["characters"]] == ["alice"]

    output = tmp_path / "alice.json"
    result = boudoir.ok("account", "export", "alice", "--output", str(output))
    assert json.loads(output.read_text(encoding="utf-8"))["account"]["name"] == "alice"
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert result.stdout == "", "the document went to the file only"


def test_erase_asks_first(boudoir: Boudoir) -> None:
    boudoir.create("alice")
    refused = boudoir("account", "erase", "alice", input="n\n")
    assert refused.exit_code == 1
    assert "cannot be undone" in refused.output
    assert "alice" in boudoir.ok("account", "list").output

    erased = boudoir.ok("account", "erase", "alice", input="y\n")
    assert "Erased the account alice." in erased.output
    assert "No accounts yet." in boudoir.ok("account", "list").output


def test_erase_with_yes_does_not_ask(boudoir: Boudoir) -> None:
    boudoir.create("alice")
    result = boudoir.ok("account", "erase", "alice", "--yes")
    assert "cannot be undone" not in result.output
    assert not boudoir.can_log_in("alice", PASSWORD)
    assert boudoir.create("alice").exit_code == 0, "the name is free again"


def test_character_create(boudoir: Boudoir) -> None:
    boudoir.create("alice")
    result = boudoir.ok("character", "create", "alice", "Alicia")
    assert "Created the character Alicia for the account alice." in result.output
    exported = json.loads(boudoir.ok("account", "export", "alice").stdout)
    assert [c["name"] for c in exported["characters"]] == ["alice", "Alicia"]


# --- Clear errors -------------------------------------------------------------------------


def test_too_young(boudoir: Boudoir) -> None:
    result = boudoir.create("kid", born="2015-01-01")
    assert failed_with(result, "Error: Boudoir is for adults only: you must be 18 or over.")


def test_duplicate_name(boudoir: Boudoir) -> None:
    boudoir.create("alice")
    assert failed_with(boudoir.create("ALICE"), "already taken")


def test_confusable_name(boudoir: Boudoir) -> None:
    boudoir.create("alice")
    assert failed_with(boudoir.create("\u0430lice"), "looks too much like")  # Cyrillic a


def test_character_name_taken_by_an_account(boudoir: Boudoir) -> None:
    boudoir.create("alice")
    boudoir.create("bob")
    assert failed_with(boudoir("character", "create", "bob", "alice"), "already taken")


@pytest.mark.parametrize(
    "command",
    [
        ("account", "attest", "nobody"),
        ("account", "export", "nobody"),
        ("account", "erase", "nobody", "--yes"),
        ("account", "set-password", "nobody"),
        ("character", "create", "nobody", "Someone"),
    ],
)
def test_missing_account(boudoir: Boudoir, command: tuple[str, ...]) -> None:
    assert failed_with(boudoir(*command), "No account is named 'nobody'.")


def test_password_file_missing(boudoir: Boudoir, tmp_path: Path) -> None:
    result = boudoir(
        "account", "create", "alice", "--born", "1990-05-17",
        "--password-file", str(tmp_path / "absent"),
    )  # fmt: skip
    assert failed_with(result, "does not exist", exit_code=2)


def test_password_too_short_in_a_file(boudoir: Boudoir, tmp_path: Path) -> None:
    short = tmp_path / "short"
    short.write_text("short\n", encoding="utf-8")
    result = boudoir(
        "account", "create", "alice", "--born", "1990-05-17", "--password-file", str(short)
    )
    assert failed_with(result, "A password is at least 8 characters long.")


def test_a_common_password_or_one_built_on_the_name_is_refused(
    boudoir: Boudoir, tmp_path: Path
) -> None:
    common = tmp_path / "common"
    common.write_text("password\n", encoding="utf-8")
    result = boudoir(
        "account", "create", "alice", "--born", "1990-05-17", "--password-file", str(common)
    )
    assert failed_with(result, "one of the most common")
    boudoir.create("alice")
    named = tmp_path / "named"
    named.write_text("ecila-alice-2024\n", encoding="utf-8")
    result = boudoir("account", "set-password", "alice", "--password-file", str(named))
    assert failed_with(result, "built on your name")
    assert boudoir.can_log_in("alice", PASSWORD)


def test_empty_password_file(boudoir: Boudoir, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("", encoding="utf-8")
    result = boudoir(
        "account", "create", "alice", "--born", "1990-05-17", "--password-file", str(empty)
    )
    assert failed_with(result, "holds no password", exit_code=2)


def test_born_must_be_a_date(boudoir: Boudoir) -> None:
    result = boudoir.create("alice", born="17/05/1990")
    assert failed_with(result, "Invalid value for '--born'", exit_code=2)


# --- Invitations and approval ---------------------------------------------------------------


def _sign_up(boudoir: Boudoir, name: str, mode: str, code: str | None = None) -> None:
    """A sign-up through a gateway (it has an address) on a server in ``mode``."""
    from boudoir.domain.invitations import SignupMode

    async def sign_up() -> None:
        async with open_core(Settings(data_dir=boudoir.data_dir), migrate=False) as core:
            core.world.accounts.signup_mode = SignupMode(mode)
            await core.world.accounts.register(
                name, PASSWORD, dt.date(1990, 5, 17), address="192.0.2.9", invitation=code
            )

    asyncio.run(sign_up())


def test_invite_create_list_and_revoke(boudoir: Boudoir) -> None:
    from boudoir.domain.errors import InvitationInvalid

    assert "No invitations yet." in boudoir.ok("invite", "list").output
    created = boudoir.ok("invite", "create", "--uses", "2", "--expires-in", "7")
    code = created.stdout.strip()
    assert len(code) == 19, created.stdout
    assert code.count("-") == 3, created.stdout
    assert "usable 2 times, until" in created.stderr
    invitation_id = created.stderr.split()[1].rstrip(":")
    _sign_up(boudoir, "alice", "invitation", code)
    listing = boudoir.ok("invite", "list").output
    assert invitation_id in listing
    assert "1 of 2" in listing
    assert "usable" in listing
    assert code not in listing
    assert f"Revoked the invitation {invitation_id}." in boudoir.ok("invite", "revoke", code).output
    assert "revoked" in boudoir.ok("invite", "list").output
    with pytest.raises(InvitationInvalid, match="revoked"):
        _sign_up(boudoir, "bob", "invitation", code)
    assert failed_with(boudoir("invite", "revoke", "nothing"), "No invitation has the id")
    assert failed_with(boudoir("invite", "create", "--uses", "0"), "--uses", exit_code=2)


def test_account_list_pending_and_approve(boudoir: Boudoir) -> None:
    from boudoir.domain.errors import AwaitingApproval

    boudoir.create("olga")
    _sign_up(boudoir, "alice", "approval")
    assert "No account is waiting" not in boudoir.ok("account", "list", "--pending").output
    pending = boudoir.ok("account", "list", "--pending").output
    assert "alice" in pending
    assert "olga" not in pending
    with pytest.raises(AwaitingApproval):
        boudoir.can_log_in("alice", PASSWORD)
    result = boudoir.ok("account", "approve", "alice")
    assert "Approved the account alice: it can log in now." in result.output
    assert boudoir.can_log_in("alice", PASSWORD)
    assert "No account is waiting" in boudoir.ok("account", "list", "--pending").output
    again = boudoir.ok("account", "approve", "alice").output
    assert "was not waiting for approval" in again
    assert failed_with(boudoir("account", "approve", "nobody"), "No account is named")


def test_serve_refuses_an_unknown_signup_mode_at_start(
    boudoir: Boudoir, monkeypatch: pytest.MonkeyPatch
) -> None:
    flagged = boudoir("serve", "--signup-mode", "closed")
    assert failed_with(flagged, "Invalid value for '--signup-mode'", exit_code=2)
    assert "expected one of open, invitation, approval" in flagged.stderr
    monkeypatch.setenv("BOUDOIR_SIGNUP_MODE", "invite-only")
    result = boudoir("serve")
    assert failed_with(
        result, "BOUDOIR_SIGNUP_MODE: expected one of open, invitation, approval, got 'invite-only'"
    )


def test_bad_flag_value_is_a_usage_error(boudoir: Boudoir) -> None:
    result = boudoir("serve", "--web-port", "http")
    assert failed_with(result, "Invalid value for '--web-port'", exit_code=2)


def test_bad_environment_value_is_one_line(
    boudoir: Boudoir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOUDOIR_ACCOUNT_SYNC_SECONDS", "often")
    result = boudoir("account", "list")
    assert failed_with(result, "BOUDOIR_ACCOUNT_SYNC_SECONDS: expected a number of seconds")


def test_unknown_key_in_the_config_file(boudoir: Boudoir, tmp_path: Path) -> None:
    config = tmp_path / "boudoir.toml"
    config.write_text("web_prot = 8080\n", encoding="utf-8")
    result = boudoir("account", "list", "--config", str(config))
    assert failed_with(result, "unknown setting 'web_prot'; did you mean 'web_port'?")


def test_unsupported_database_url(boudoir: Boudoir) -> None:
    result = boudoir("account", "list", "--database-url", "mysql://localhost/boudoir")
    assert failed_with(result, "not 'mysql'")


def test_config_file_gives_the_data_dir(boudoir: Boudoir, tmp_path: Path) -> None:
    boudoir.create("alice")
    config = tmp_path / "boudoir.toml"
    config.write_text(f'data_dir = "{boudoir.data_dir.name}"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["account", "list", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "alice" in result.output


def test_moderation_suspend_audit_and_lift(boudoir: Boudoir) -> None:
    assert boudoir.create("mallory").exit_code == 0
    assert "The queue is empty." in boudoir.ok("moderation", "queue").output
    done = boudoir.ok(
        "moderation", "act", "suspend", "mallory", "--reason", "abuse", "--hours", "24"
    )
    assert "Done" in done.output
    with pytest.raises(AccountSuspended):
        boudoir.can_log_in("mallory", PASSWORD)
    audit = boudoir.ok("moderation", "audit").output
    assert "operator" in audit
    assert "suspend" in audit
    assert "abuse" in audit
    boudoir.ok("moderation", "act", "unsuspend", "mallory")
    assert boudoir.can_log_in("mallory", PASSWORD)
    refused = boudoir("moderation", "act", "mute", "mallory")
    assert refused.exit_code != 0
    # A warning or a kick is said to someone online: only the running server can.
    warned = boudoir("moderation", "act", "warn", "mallory")
    assert warned.exit_code != 0
    assert "give it through the running server" in warned.output
