"""The consent suites run twice: with everyone on one node, and with people spread over two
nodes (each login on the next node, ``cluster.spread``), asserting the same in both.

A test whose feature does not cross nodes yet (docs/cluster.md, "Not across nodes yet"), or
that builds a second node of its own, is marked ``single_node("why")``: it runs on one node
only, and the reason says why.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cluster.spread import SpreadWorld

from boudoir.testing.harness import TestWorld

HERE = Path(__file__).parent

SPREAD_SUITES = frozenset(
    {
        "commands/test_mail_commands.py",
        "commands/test_meeting_commands.py",
        "commands/test_presence_commands.py",
        "commands/test_relation_commands.py",
        "commands/test_room_commands.py",
        "commands/test_scene_commands.py",
        "commands/test_speech_commands.py",
        "test_accounts.py",
        "test_ads.py",
        "test_authored_text.py",
        "test_export_erase.py",
        "test_moderation.py",
        "test_guest_nicks.py",
        "test_sign_in.py",
        "test_blocks.py",
        "test_calls.py",
        "test_cams.py",
        "test_client_tags.py",
        "test_dice.py",
        "test_invitations_and_descriptions.py",
        "test_mail.py",
        "test_meetings.py",
        "test_message_edits.py",
        "test_messaging.py",
        "test_places.py",
        "test_presence.py",
        "test_profiles.py",
        "test_recase.py",
        "test_requests.py",
        "test_room_modes.py",
        "test_rooms.py",
        "test_scenes.py",
        "test_sessions.py",
    }
)
"""The suites (paths under this directory) that also run with people on two nodes."""

ONE_NODE = "one-node"
TWO_NODES = "two-nodes"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "single_node(reason): not run with people spread over two nodes, for the reason given",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.path.relative_to(HERE).as_posix() not in SPREAD_SUITES:
        return
    # A test marked single_node gets no two-node variant at all (rather than a skipped one:
    # nothing skips in CI); its reason names what does not cross nodes yet.
    single = metafunc.definition.get_closest_marker("single_node")
    places = [ONE_NODE] if single is not None else [ONE_NODE, TWO_NODES]
    metafunc.parametrize("placement", places, indirect=True)


@pytest.fixture(autouse=True)
def placement(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Where the people of a test are: on one node, or spread over two."""
    place = str(getattr(request, "param", ONE_NODE))
    if place == TWO_NODES:
        monkeypatch.setattr(TestWorld, "start", SpreadWorld.start)
    return place
