"""The server's log lines: whatever text a message carries, each stays one printable line."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from boudoir.app import configure_logging


@pytest.fixture
def server_log() -> Iterator[io.StringIO]:
    """What the server's logging writes (to standard error when it serves)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("info")
    written = io.StringIO()
    (handler,) = root.handlers
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(written)
    yield written
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_a_message_cannot_break_its_line_or_send_escapes(server_log: io.StringIO) -> None:
    logging.getLogger("boudoir.test").info("hello %s", "mallory\nFAKE LINE\x1b[2J")
    written = server_log.getvalue()
    assert written.count("\n") == 1
    assert "\x1b" not in written
    assert written.endswith("boudoir.test hello mallory\\nFAKE LINE\\x1b[2J\n")


def test_a_traceback_keeps_its_lines(server_log: io.StringIO) -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("boudoir.test").exception("it failed")
    assert "it failed\nTraceback (most recent call last):\n" in server_log.getvalue()


def test_a_start_logs_migrations_but_not_alembics_plugin_set_up(server_log: io.StringIO) -> None:
    logging.getLogger("alembic.runtime.plugins").info("setup plugin alembic.autogenerate.schemas")
    logging.getLogger("alembic.runtime.migration").info("Running upgrade 0001 -> 0002")
    written = server_log.getvalue()
    assert "setup plugin" not in written
    assert "Running upgrade 0001 -> 0002" in written
