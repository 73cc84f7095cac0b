"""Modes as what they change, sans-I/O: a channel mode as a room setting intent, ``+i``/``+s``
as visibility, and a user MODE string."""

from __future__ import annotations

import pytest

from boudoir.domain.entities import RoomSetting, RoomVisibility
from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents import ChangeRoomSetting
from boudoir.wire.irc.mode_settings import setting_intent, user_modes, visibility
from boudoir.wire.irc.modes import ModeChange


def test_channel_modes_as_room_settings() -> None:
    assert setting_intent("#d", ModeChange("b", True, "bob!*@*")) == ChangeRoomSetting(
        "#d", RoomSetting.BAN, True, target="bob"
    )
    assert setting_intent("#d", ModeChange("l", True, "20")) == ChangeRoomSetting(
        "#d", RoomSetting.MEMBER_LIMIT, True, 20
    )
    assert setting_intent("#d", ModeChange("k", False)) == ChangeRoomSetting(
        "#d", RoomSetting.KEY, False
    )
    assert setting_intent("#d", ModeChange("R", False)) == ChangeRoomSetting(
        "#d", RoomSetting.RATING, True, "general"
    )
    assert setting_intent("#d", ModeChange("v", True, "bob")) == ChangeRoomSetting(
        "#d", RoomSetting.VOICE, True, target="bob"
    )
    assert setting_intent("#d", ModeChange("i", True)) is None


@pytest.mark.parametrize(
    "change",
    [ModeChange("b", True, "*!*@*"), ModeChange("k", True, " "), ModeChange("l", True, "x")],
)
def test_bad_parameters_are_refused(change: ModeChange) -> None:
    with pytest.raises(InvalidInput):
        setting_intent("#d", change)


def test_visibility() -> None:
    public, unlisted, private = (
        RoomVisibility.PUBLIC,
        RoomVisibility.UNLISTED,
        RoomVisibility.PRIVATE,
    )
    assert visibility("i", True, public) is private
    assert visibility("i", False, private) is unlisted
    assert visibility("s", True, public) is unlisted
    assert visibility("s", True, private) is private
    assert visibility("s", False, unlisted) is public
    assert visibility("s", False, private) is None


def test_user_modes() -> None:
    assert user_modes("-i+x", True, False) == (False, False, "-i", 1)
    assert user_modes("+o", False, False) == (False, False, "", 0)
    assert user_modes("-o", False, True) == (False, False, "-o", 0)
