"""Names of the topics nodes publish on: one per room, per account and per character, so a
node hears only about what its own connections are part of."""

from __future__ import annotations

from boudoir.domain.ids import AccountId, CharacterId, RoomId


def room_topic(room: RoomId) -> str:
    return f"room:{room}"


def account_topic(account: AccountId) -> str:
    return f"account:{account}"


def character_topic(character: CharacterId) -> str:
    return f"character:{character}"


EVERY_NODE = "nodes"
"""Heard by every node: a node leaving, a change that concerns everyone."""


def node_topic(node: str) -> str:
    """Heard by ``node`` only: deliveries to its connections, answers to its ``Hello``."""
    return f"node:{node}"
