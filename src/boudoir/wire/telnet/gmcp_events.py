"""GMCP packages for MU* clients (Mudlet, MUSHclient, TinTin++): what a client's scripts and
mapper read beside the text.

- ``Comm.Channel.Text`` for speech, as Mudlet's chat capture expects: the channel (``say``
  where the user stands, ``page`` for pages, ``whisper``, or the name of another joined
  room), the talker and the rendered line without colour.
- ``Room.Info``, ``Char.Name`` and ``Char.Status`` builders for the gateway to send when the
  user moves or logs in (IRE's shapes, which Mudlet's generic mapper reads).
- ``Boudoir.Event``: the same JSON object the browser gets for every event
  (``wire.webjson.render.event_object``), for clients scripted against it.

The packages a client enabled (``Core.Supports.Set``/``Add``) filter what it is sent.
Every text in a payload that another user wrote has passed ``clean`` (the rendered line) or
is the raw event for scripts (``Boudoir.Event``: JSON strings, escaped by the encoder).
Imports ``boudoir.domain`` and ``boudoir.wire`` only (the telnet renderer, the browser's JSON).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from typing import Final

from boudoir.domain.entities import Status
from boudoir.domain.events import DirectMessageSent, Event, MessageKind, RoomMessageSent
from boudoir.domain.ratings import Rating
from boudoir.wire.telnet.render import View, render
from boudoir.wire.telnet.text import clean
from boudoir.wire.webjson.render import event_object

GmcpMessage = tuple[str, object]
"""A package name and its payload (JSON-encodable), for ``TelnetConnection.send_gmcp``."""

SUPPORTED: Final[dict[str, int]] = {
    "Core": 1,
    "Char": 1,
    "Room": 1,
    "Comm.Channel": 1,
    "Boudoir": 1,
}
"""The GMCP packages this server sends, with their versions."""
MAX_SUPPORTS_ITEMS: Final = 64
"""Entries read from one ``Core.Supports`` message: real clients list a dozen; more is junk
that must not grow the connection's state."""
DEFAULT_AREA: Final = "Boudoir"


def core_supports() -> list[str]:
    """The packages this server speaks, in ``Core.Supports.Set`` form (``"Char 1"``)."""
    return [f"{name} {version}" for name, version in SUPPORTED.items()]


def parse_supports(items: object) -> frozenset[str]:
    """The package names in a client's ``Core.Supports.Set``/``Add`` payload (a list of
    ``"Name version"`` strings) that this server speaks; anything else is ignored."""
    if not isinstance(items, list):
        return frozenset()
    names = set()
    for item in items[:MAX_SUPPORTS_ITEMS]:
        if not isinstance(item, str):
            continue
        name, _, version = item.strip().partition(" ")
        known = next((k for k in SUPPORTED if k.casefold() == name.casefold()), None)
        if known is not None and (not version or version.strip().isdigit()):
            names.add(known)
    return frozenset(names)


def wanted(package: str, enabled: frozenset[str] | None) -> bool:
    """Is ``package`` (``Comm.Channel.Text``) covered by what the client enabled? Enabling a
    module enables its sub-packages (``Char`` covers ``Char.Status``). ``None``: the client
    never said, so everything is sent (MUSHclient plugins often do not)."""
    if enabled is None:
        return True
    parts = package.split(".")
    return any(".".join(parts[:n]) in enabled for n in range(1, len(parts) + 1))


def gmcp_messages(
    event: Event, view: View, enabled: frozenset[str] | None = None
) -> list[GmcpMessage]:
    """The GMCP messages for ``event`` as ``view``'s reader gets it."""
    messages: list[GmcpMessage] = []
    if isinstance(event, RoomMessageSent | DirectMessageSent) and wanted(
        "Comm.Channel.Text", enabled
    ):
        plain = dataclasses.replace(view, colours=0)
        line = render(event, plain)
        if line is not None:
            messages.append(
                (
                    "Comm.Channel.Text",
                    {"channel": _channel(event, view), "talker": event.sender.name, "text": line},
                )
            )
    if wanted("Boudoir.Event", enabled):
        shape = event_object(event)
        if shape is not None and _shown(event, view):
            messages.append(("Boudoir.Event", shape))
    return messages


def _channel(event: RoomMessageSent | DirectMessageSent, view: View) -> str:
    if isinstance(event, DirectMessageSent):
        return "page"
    if event.kind is MessageKind.WHISPER:
        return "whisper"
    return "say" if event.room.id == view.location else event.room.name


def _shown(event: Event, view: View) -> bool:
    # A whisper reaches its recipient and the sender's echo only; never anyone else's script.
    if isinstance(event, RoomMessageSent) and event.kind is MessageKind.WHISPER:
        recipient = event.recipient
        return event.sender.id == view.viewer or (
            recipient is not None and recipient.id == view.viewer
        )
    return True


def room_number(room_id: str) -> int:
    """A stable positive number for a room: Mudlet's mapper keys rooms by integer. Derived
    from the id, so the same room has the same number after a restart (31 bits: a clash
    needs tens of thousands of rooms, and costs only a mapper's drawing)."""
    digest = hashlib.blake2b(room_id.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") & 0x7FFFFFFF or 1


def room_info(
    name: str,
    room_id: str,
    exits: dict[str, str],
    rating: Rating,
    area: str = DEFAULT_AREA,
) -> GmcpMessage:
    """``Room.Info`` for the room the user now stands in: ``exits`` maps an exit's name to the
    id of the room it leads to."""
    return (
        "Room.Info",
        {
            "num": room_number(room_id),
            "id": room_id,
            "name": clean(name),
            "area": clean(area),
            "environment": rating.label,
            "rating": rating.label,
            "exits": {clean(way): room_number(to) for way, to in _sorted(exits.items())},
        },
    )


def _sorted(items: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(items, key=lambda item: item[0].casefold())


def char_name(name: str) -> GmcpMessage:
    """``Char.Name`` after login or a character switch."""
    return ("Char.Name", {"name": name, "fullname": name})


def char_status(name: str, status: Status, room: str | None) -> GmcpMessage:
    """``Char.Status``: who the user acts as, their status and the room they stand in."""
    return ("Char.Status", {"name": name, "status": status.value, "room": room or ""})


def supports(package: str, data: object, current: frozenset[str] | None) -> frozenset[str] | None:
    """The packages enabled after a client's ``Core.Supports.Set``/``Add``/``Remove`` (the
    package lower-cased) with ``data``; None when ``package`` is none of those."""
    if package not in ("core.supports.set", "core.supports.add", "core.supports.remove"):
        return None
    named = parse_supports(data)
    if package == "core.supports.set":
        return named
    if package == "core.supports.add":
        return (current or frozenset()) | named
    return (current or frozenset()) - named


def credentials(data: object) -> tuple[str, str] | None:
    """The account (or character) name and password of ``Char.Login.Credentials`` (Mudlet's
    GMCP login, mudlet.org "Standards:GMCP Authentication"); None when not both are given."""
    if not isinstance(data, dict):
        return None
    name = data.get("account") or data.get("name")
    password = data.get("password")
    if not isinstance(name, str) or not isinstance(password, str):
        return None
    return name, password
