"""Telnet's meeting answers (``mjoin``, ``msummon``) and ``haven``: their words, and what
``haven`` does from the message policy it finds. Which room one goes to, and whom the
connection remembers, are the gateway's; every rule is the core's.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from boudoir.domain.entities import DirectMessagePolicy
from boudoir.wire.telnet.commands.spec import Doc

HAVEN_POLICY: Final = DirectMessagePolicy.NOBODY
"""What ``haven`` sets: nobody's pages, meeting requests or invitations reach the user."""
RESTORED_POLICY: Final = DirectMessagePolicy.SHARED_ROOM
"""The account default, restored when ``haven`` cannot remember what it replaced (it was
turned on in an earlier connection)."""
POLICY_WORDS: Final = {
    DirectMessagePolicy.ANYONE: "anyone may page you",
    DirectMessagePolicy.SHARED_ROOM: "people who share a room with you may page you",
    DirectMessagePolicy.FRIENDS: "only friends may page you",
    DirectMessagePolicy.NOBODY: "nobody may page you",
}
HAVEN_WORDS: Final = ("", "on", "off", "status")

MJOIN: Final = Doc(
    "mjoin",
    "mjoin <name>",
    "Say yes to someone's meeting request by going to where they are.",
    topic="consent",
)
MSUMMON: Final = Doc(
    "msummon",
    "msummon <name>",
    "Say yes to someone's meeting request by bringing them to where you are.",
    topic="consent",
)
HAVEN: Final = Doc(
    "haven",
    "haven   or   haven on|off|status",
    """Refuse all pages, meeting requests and invitations (your message policy becomes \
"nobody"), or turn that off again; alone it switches. Senders are refused as by any "not \
accepting", never told you are in haven. Lasts until you turn it off, across logins.""",
    topic="consent",
)


@dataclass(frozen=True, slots=True)
class Haven:
    """What ``haven`` does: the policy to set (None: none, only tell), and the words."""

    policy: DirectMessagePolicy | None
    text: str
    notice: bool = False


def haven(wanted: str, current: DirectMessagePolicy, restore: DirectMessagePolicy | None) -> Haven:
    """``haven <wanted>`` (one of ``HAVEN_WORDS``) with the policy ``current``; ``restore``
    is the policy haven replaced, when this connection turned it on."""
    on = current is HAVEN_POLICY
    if wanted == "status" or (wanted == "on" and on) or (wanted == "off" and not on):
        state = "ON: nobody may page you" if on else f"off: {POLICY_WORDS[current]}"
        return Haven(None, f"Haven is {state}.")
    if not on:
        return Haven(
            HAVEN_POLICY,
            "Haven is ON: nobody may page you, ask to meet you or invite you. Type haven "
            "again to turn it off.",
            notice=True,
        )
    policy = restore if restore is not None else RESTORED_POLICY
    note = "" if restore is not None else " (the default; your earlier setting was not kept)"
    return Haven(policy, f"Haven is off: {POLICY_WORDS[policy]}{note}.")
