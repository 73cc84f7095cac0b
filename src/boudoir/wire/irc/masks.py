"""How characters and rooms are named on IRC: every mask is ``name!rp@cloaked`` (no address
and no account is ever shown), and a room is a channel named ``#`` and its name.

Standard library only.
"""

from __future__ import annotations

from typing import Final

USER: Final = "rp"
"""The user part of every character's mask: the same for everyone, so it tells nothing."""
HOST: Final = "cloaked"
"""The host part of every mask (cloaked hosts: no address is ever shown)."""


def channel(room_name: str) -> str:
    return "#" + room_name
