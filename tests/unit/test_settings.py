"""Settings: flags > BOUDOIR_* environment > TOML file > defaults, and one clear error each."""

from __future__ import annotations

from pathlib import Path

import pytest

from boudoir.settings import Settings, SettingsError, load_settings


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "boudoir.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_source() -> None:
    settings = load_settings(flags={}, environ={})
    assert settings == Settings()
    assert settings.data_dir == Path("boudoir-data")
    assert (settings.host, settings.web_port, settings.irc_port) == ("127.0.0.1", 8080, 6667)
    assert (settings.irc_tls_port, settings.telnet_port, settings.telnet_tls_port) == (
        6697,
        4201,
        4202,
    )
    assert settings.database_url is None
    assert settings.account_sync_seconds == 1.0
    assert settings.edit_window_seconds == 600.0


def test_each_source_wins_over_the_ones_below(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        'web_port = 1001\nirc_port = 1002\ntelnet_port = 1003\nlog_level = "debug"\n',
    )
    environ = {"BOUDOIR_WEB_PORT": "2001", "BOUDOIR_IRC_PORT": "2002"}
    flags = {"web_port": "3001"}
    settings = load_settings(flags=flags, environ=environ, config_file=config)
    assert settings.web_port == 3001, "a flag beats the environment and the file"
    assert settings.irc_port == 2002, "the environment beats the file"
    assert settings.telnet_port == 1003, "the file beats the default"
    assert settings.log_level == "debug"
    assert settings.telnet_tls_port == 4202, "the default fills the rest"


def test_flags_not_given_leave_lower_sources_alone() -> None:
    settings = load_settings(flags={"web_port": None}, environ={"BOUDOIR_WEB_PORT": "9000"})
    assert settings.web_port == 9000


def test_config_file_named_by_the_environment(tmp_path: Path) -> None:
    config = write_config(tmp_path, "web_port = 1234\n")
    settings = load_settings(environ={"BOUDOIR_CONFIG": str(config)})
    assert settings.web_port == 1234


def test_empty_environment_variable_counts_as_unset() -> None:
    settings = load_settings(environ={"BOUDOIR_WEB_PORT": "", "BOUDOIR_DATABASE_URL": " "})
    assert settings.web_port == 8080
    assert settings.database_url is None


def test_port_zero_is_off_and_auto_is_any_free_port() -> None:
    settings = load_settings(flags={"irc_port": "0", "web_port": "AUTO"})
    assert settings.irc_port == 0
    assert settings.web_port == "auto"


def test_values_are_typed_from_every_source(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        'database_url = "postgresql://boudoir@db/boudoir"\naccount_sync_seconds = 2\n',
    )
    settings = load_settings(
        flags={"data_dir": "~/chat", "host": "::1"},
        environ={"BOUDOIR_SHUTDOWN_TIMEOUT_SECONDS": "2.5"},
        config_file=config,
    )
    assert settings.data_dir == Path("~/chat").expanduser()
    assert settings.host == "::1"
    assert settings.database_url == "postgresql://boudoir@db/boudoir"
    assert settings.account_sync_seconds == 2.0
    assert settings.shutdown_timeout_seconds == 2.5


def test_relative_data_dir_in_a_config_file_is_relative_to_the_file(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'data_dir = "data"\n')
    assert load_settings(config_file=config).data_dir == tmp_path / "data"
    assert load_settings(flags={"data_dir": "data"}).data_dir == Path("data")


@pytest.mark.parametrize(
    ("flags", "environ", "origin", "message"),
    [
        ({"web_port": "http"}, {}, "--web-port", 'expected a port number 0-65535 or "auto"'),
        ({"web_port": "65536"}, {}, "--web-port", "got '65536'"),
        ({"web_port": "-1"}, {}, "--web-port", "got '-1'"),
        ({}, {"BOUDOIR_IRC_PORT": "six"}, "BOUDOIR_IRC_PORT", "got 'six'"),
        ({"log_level": "loud"}, {}, "--log-level", "expected one of debug, info, warning"),
        (
            {},
            {"BOUDOIR_SIGNUP_MODE": "closed"},
            "BOUDOIR_SIGNUP_MODE",
            "expected one of open, invitation, approval, got 'closed'",
        ),
        ({"signup_mode": "invite"}, {}, "--signup-mode", "expected one of open, invitation"),
        ({"account_sync_seconds": "0"}, {}, "--account-sync-seconds", "above 0"),
        ({"account_sync_seconds": "nan"}, {}, "--account-sync-seconds", "above 0"),
        ({"account_sync_seconds": "1e9"}, {}, "--account-sync-seconds", "at most 3600"),
        ({"edit_window_seconds": "7200"}, {}, "--edit-window-seconds", "at most 3600"),
        ({"host": "local host"}, {}, "--host", "not a host name"),
        ({"data_dir": "  "}, {}, "--data-dir", "must not be empty"),
    ],
)
def test_bad_values_name_their_source(
    flags: dict[str, object], environ: dict[str, str], origin: str, message: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(flags=flags, environ=environ)
    assert raised.value.origin == origin
    assert message in raised.value.message
    assert "\n" not in str(raised.value)
    assert str(raised.value).startswith(f"{origin}: ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("web_port = true\n", "got true"),
        ("web_port = 80.5\n", "got 80.5"),
        ('web_port = "eighty"\n', "got 'eighty'"),
        ("log_level = 3\n", "expected a string, got 3"),
        ("[web]\nport = 80\n", "unknown setting 'web'"),
        ("account_sync_seconds = false\n", "got false"),
    ],
)
def test_bad_values_in_the_file_name_the_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    config = write_config(tmp_path, text)
    with pytest.raises(SettingsError) as raised:
        load_settings(config_file=config)
    assert str(config) in str(raised.value)
    assert message in raised.value.message


def test_unknown_key_in_the_file_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    config = write_config(tmp_path, "web_prot = 8080\n")
    with pytest.raises(SettingsError, match=r"unknown setting 'web_prot'; did you mean 'web_port'"):
        load_settings(config_file=config)


def test_file_that_is_not_toml(tmp_path: Path) -> None:
    config = write_config(tmp_path, "web_port = \n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(config_file=config)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot read the config file: No such file"):
        load_settings(config_file=tmp_path / "absent.toml")


def test_unknown_boudoir_variables_are_left_alone() -> None:
    # Other tools share the prefix (BOUDOIR_TEST_POSTGRES_URL for the test suite).
    settings = load_settings(environ={"BOUDOIR_TEST_POSTGRES_URL": "postgresql://x/y"})
    assert settings == Settings()


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(AttributeError):
        settings.web_port = 1  # type: ignore[misc]


# --- IRC and TLS settings -------------------------------------------------------------------


def test_irc_and_tls_defaults() -> None:
    settings = load_settings()
    assert settings.server_name == "boudoir.local"
    assert (settings.motd_file, settings.tls_certificate, settings.tls_private_key) == (
        None,
        None,
        None,
    )
    assert settings.irc_registration_timeout_seconds == 30.0
    assert (settings.irc_command_burst, settings.irc_command_rate) == (20, 4.0)
    assert settings.irc_sendq_bytes == 262144
    assert settings.irc_max_connections_per_address == 10
    assert (settings.irc_connect_burst, settings.irc_connect_rate) == (10, 1.0)


def test_benchmarks_may_lift_the_irc_limits_far() -> None:
    settings = load_settings(
        environ={
            "BOUDOIR_IRC_COMMAND_RATE": "100000",
            "BOUDOIR_IRC_COMMAND_BURST": "1000000",
            "BOUDOIR_IRC_MAX_CONNECTIONS_PER_ADDRESS": "20000",
            "BOUDOIR_IRC_CONNECT_BURST": "20000",
            "BOUDOIR_IRC_CONNECT_RATE": "5000.5",
            "BOUDOIR_IRC_SENDQ_BYTES": "67108864",
        }
    )
    assert settings.irc_command_rate == 100000.0
    assert settings.irc_command_burst == 1000000
    assert settings.irc_max_connections_per_address == 20000
    assert settings.irc_connect_burst == 20000
    assert settings.irc_connect_rate == 5000.5
    assert settings.irc_sendq_bytes == 64 * 1024 * 1024


def test_irc_settings_from_a_file_are_typed(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        'server_name = "chat.example.org"\nirc_command_rate = 2\nirc_sendq_bytes = 4096\n'
        "irc_registration_timeout_seconds = 7.5\n",
    )
    settings = load_settings(config_file=config)
    assert settings.server_name == "chat.example.org"
    assert settings.irc_command_rate == 2.0
    assert isinstance(settings.irc_command_rate, float)
    assert settings.irc_sendq_bytes == 4096
    assert settings.irc_registration_timeout_seconds == 7.5


def test_file_paths_in_a_config_file_are_relative_to_the_file(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        'motd_file = "motd.txt"\ntls_certificate = "tls/fullchain.pem"\n'
        'tls_private_key = "/etc/boudoir/privkey.pem"\n',
    )
    settings = load_settings(config_file=config)
    assert settings.motd_file == tmp_path / "motd.txt"
    assert settings.tls_certificate == tmp_path / "tls" / "fullchain.pem"
    assert settings.tls_private_key == Path("/etc/boudoir/privkey.pem")


def test_tls_files_from_two_sources_make_a_pair(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'tls_certificate = "fullchain.pem"\n')
    settings = load_settings(
        config_file=config, environ={"BOUDOIR_TLS_PRIVATE_KEY": "/keys/privkey.pem"}
    )
    assert settings.tls_certificate == tmp_path / "fullchain.pem"
    assert settings.tls_private_key == Path("/keys/privkey.pem")


def test_a_tls_certificate_without_its_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(environ={"BOUDOIR_TLS_CERTIFICATE": "/etc/ssl/chat.pem"})
    assert raised.value.origin == "BOUDOIR_TLS_CERTIFICATE"
    assert "tls_private_key is not" in raised.value.message

    config = write_config(tmp_path, 'tls_private_key = "privkey.pem"\n')
    with pytest.raises(SettingsError) as raised:
        load_settings(config_file=config)
    assert raised.value.origin == f"{config}: tls_private_key"
    assert "tls_certificate is not" in raised.value.message


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SERVER_NAME", "boudoir", "expected a dotted host name"),
        ("SERVER_NAME", "chat example.org", "got 'chat example.org'"),
        ("SERVER_NAME", "chat_room.example.org", "expected a dotted host name"),
        ("SERVER_NAME", "-chat.example.org", "expected a dotted host name"),
        ("SERVER_NAME", "chat..example.org", "expected a dotted host name"),
        ("SERVER_NAME", "a." + "b" * 62, "at most 63 characters"),
        ("IRC_COMMAND_BURST", "0", "expected a whole number of at least 1, got '0'"),
        ("IRC_COMMAND_BURST", "-5", "at least 1"),
        ("IRC_COMMAND_BURST", "2.5", "whole number"),
        ("IRC_MAX_CONNECTIONS_PER_ADDRESS", "many", "got 'many'"),
        ("IRC_CONNECT_BURST", "0", "at least 1"),
        ("IRC_SENDQ_BYTES", "4095", "a number of bytes of at least 4096, got '4095'"),
        ("IRC_SENDQ_BYTES", "256k", "got '256k'"),
        ("IRC_COMMAND_RATE", "0", "expected a number per second above 0, got '0'"),
        ("IRC_COMMAND_RATE", "inf", "above 0"),
        ("IRC_CONNECT_RATE", "-1", "above 0"),
        ("IRC_REGISTRATION_TIMEOUT_SECONDS", "0", "above 0"),
    ],
)
def test_bad_irc_values_are_refused_with_a_reason(variable: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(environ={f"BOUDOIR_{variable}": value})
    assert raised.value.origin == f"BOUDOIR_{variable}"
    assert message in raised.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("irc_command_burst = true\n", "got true"),
        ("irc_command_burst = 2.0\n", "whole number of at least 1, got 2.0"),
        ("irc_sendq_bytes = 1024\n", "at least 4096, got 1024"),
        ('irc_command_rate = "fast"\n', "got 'fast'"),
        ("server_name = 42\n", "expected a string, got 42"),
        ('motd_file = ""\n', "must not be empty"),
    ],
)
def test_bad_irc_values_in_the_file(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(config_file=write_config(tmp_path, text))
    assert message in raised.value.message


def test_web_origin_is_normalised_and_checked() -> None:
    settings = load_settings(environ={"BOUDOIR_WEB_ORIGIN": "https://Chat.Example.org/"})
    assert settings.web_origin == "https://chat.example.org"
    assert load_settings(flags={"web_origin": "http://[::1]:8080"}).web_origin == (
        "http://[::1]:8080"
    )
    assert load_settings().web_origin is None


@pytest.mark.parametrize(
    "value",
    ["chat.example.org", "https://chat.example.org/app", "ftp://chat.example.org", "https://"],
)
def test_a_web_origin_with_a_path_or_another_scheme_is_refused(value: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(environ={"BOUDOIR_WEB_ORIGIN": value})
    assert raised.value.origin == "BOUDOIR_WEB_ORIGIN"
    assert "expected an origin such as https://chat.example.org" in raised.value.message


def test_web_limits_from_a_file_are_typed(tmp_path: Path) -> None:
    path = write_config(
        tmp_path, "web_command_burst = 5\nweb_command_rate = 0.5\nweb_outbox_bytes = 8192\n"
    )
    settings = load_settings(config_file=path)
    assert (settings.web_command_burst, settings.web_command_rate) == (5, 0.5)
    assert settings.web_outbox_bytes == 8192


def test_web_hosts_come_as_a_comma_list_or_a_toml_list(tmp_path: Path) -> None:
    assert load_settings().web_hosts == ()
    from_environment = load_settings(environ={"BOUDOIR_WEB_HOSTS": "Chat.Lan, boudoir.home."})
    assert from_environment.web_hosts == ("chat.lan", "boudoir.home")
    path = write_config(tmp_path, 'web_hosts = ["chat.lan"]\n')
    assert load_settings(config_file=path).web_hosts == ("chat.lan",)


@pytest.mark.parametrize("value", ["http://chat.lan", "chat.lan:8080", "chat lan", "-chat.lan"])
def test_a_web_host_with_a_scheme_port_or_stray_character_is_refused(value: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(environ={"BOUDOIR_WEB_HOSTS": value})
    assert raised.value.origin == "BOUDOIR_WEB_HOSTS"
    assert "expected host names such as chat.example.org" in raised.value.message


def test_the_signup_mode_is_open_unless_set_in_any_source(tmp_path: Path) -> None:
    from boudoir.domain.invitations import SignupMode

    assert load_settings().signup_mode is SignupMode.OPEN
    config = tmp_path / "boudoir.toml"
    config.write_text('signup_mode = "approval"\n', encoding="utf-8")
    assert load_settings(config_file=config).signup_mode is SignupMode.APPROVAL
    environ = {"BOUDOIR_SIGNUP_MODE": "Invitation"}
    assert load_settings(environ=environ).signup_mode is SignupMode.INVITATION
    flags = {"signup_mode": "open"}
    assert load_settings(flags=flags, environ=environ).signup_mode is SignupMode.OPEN


# --- Several nodes --------------------------------------------------------------------------


def test_a_node_joins_a_cluster_with_postgresql_and_redis() -> None:
    settings = load_settings(
        flags={"database_url": "postgresql://boudoir@db/boudoir", "node_id": "east-1"},
        environ={"BOUDOIR_REDIS_URL": "redis://127.0.0.1:6379/0"},
    )
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.node_id == "east-1"
    assert settings.node_timeout_seconds == 15.0


@pytest.mark.parametrize("database", [None, "sqlite+aiosqlite:///boudoir.db"])
def test_redis_with_sqlite_is_refused(database: str | None) -> None:
    with pytest.raises(SettingsError, match="postgresql") as caught:
        load_settings(flags={"redis_url": "redis://127.0.0.1:6379/0", "database_url": database})
    assert caught.value.origin == "--redis-url"


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("redis_url", "127.0.0.1:6379", "Redis URL"),
        ("node_id", "node one", "node name"),
        ("node_id", "x" * 33, "node name"),
        ("node_timeout_seconds", "0", "above 0"),
        ("cluster_name", "a:b", "cluster name"),
    ],
)
def test_bad_cluster_settings_say_what_is_expected(name: str, value: str, problem: str) -> None:
    with pytest.raises(SettingsError, match=problem):
        load_settings(flags={name: value})


def test_trusted_proxies_come_as_addresses_or_networks_in_a_list(tmp_path: Path) -> None:
    assert load_settings().trusted_proxies == ()
    from_environment = load_settings(
        environ={"BOUDOIR_TRUSTED_PROXIES": "10.0.0.2, 10.1.0.0/16,2001:db8::/64"}
    )
    assert from_environment.trusted_proxies == ("10.0.0.2/32", "10.1.0.0/16", "2001:db8::/64")
    path = write_config(tmp_path, 'trusted_proxies = ["192.0.2.7"]\n')
    assert load_settings(config_file=path).trusted_proxies == ("192.0.2.7/32",)
    flagged = load_settings(flags={"trusted_proxies": "127.0.0.9"}, config_file=path)
    assert flagged.trusted_proxies == ("127.0.0.9/32",)


@pytest.mark.parametrize("value", ["balancer.lan", "10.0.0.1/8", "10.0.0.0/33", "10.0.0"])
def test_a_trusted_proxy_that_is_not_an_address_or_network_is_refused(value: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(environ={"BOUDOIR_TRUSTED_PROXIES": value})
    assert raised.value.origin == "BOUDOIR_TRUSTED_PROXIES"
    assert "expected IP addresses or networks" in raised.value.message


def test_calls_are_off_without_a_turn_relay_and_on_with_urls_and_secret(tmp_path: Path) -> None:
    assert (Settings().turn_urls, Settings().turn_secret, Settings().turn_ttl_seconds) == (
        (),
        None,
        3600,
    )
    config = write_config(
        tmp_path,
        'turn_urls = ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"]\n'
        "turn_ttl_seconds = 600\n",
    )
    settings = load_settings(
        config_file=config, environ={"BOUDOIR_TURN_SECRET": "a-long-shared-secret"}
    )
    assert settings.turn_urls == (
        "turn:turn.example.org:3478?transport=udp",
        "turns:turn.example.org:5349",
    )
    assert (settings.turn_secret, settings.turn_ttl_seconds) == ("a-long-shared-secret", 600)


def test_turn_urls_without_a_secret_are_refused() -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(environ={"BOUDOIR_TURN_URLS": "turn:127.0.0.1:3478"})
    assert "turn_secret is not" in raised.value.message
    assert raised.value.origin == "BOUDOIR_TURN_URLS"


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("BOUDOIR_TURN_URLS", "https://turn.example.org", "expected TURN URLs"),
        ("BOUDOIR_TURN_URLS", "turn:user@host:3478", "expected TURN URLs"),
        ("BOUDOIR_TURN_SECRET", "short", "at least 16 characters"),
        ("BOUDOIR_TURN_TTL_SECONDS", "30", "from 60 to 86400"),
        ("BOUDOIR_TURN_TTL_SECONDS", "100000", "from 60 to 86400"),
    ],
)
def test_bad_turn_settings_say_what_is_expected(variable: str, value: str, problem: str) -> None:
    environ = {
        "BOUDOIR_TURN_URLS": "turn:127.0.0.1:3478",
        "BOUDOIR_TURN_SECRET": "a-long-shared-secret",
    }
    environ[variable] = value
    with pytest.raises(SettingsError) as raised:
        load_settings(environ=environ)
    assert problem in raised.value.message
    assert raised.value.origin == variable
