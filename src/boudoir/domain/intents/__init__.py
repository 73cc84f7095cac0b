"""Intents: what a person asks the world to do, one frozen dataclass per command, named in
the imperative (``Block``, ``Join``, ``Safeword``).

Every gateway parses its wire into one of these (IRC lines, telnet lines, JSON messages and
HTTP requests alike) and hands it to the one core handler (``boudoir.core.commands.run``).
They live in the domain, beside the events they lead to, so that the sans-I/O wire parsers can
build them without importing the core.

An intent belongs to one family (a module here with a base class, e.g. ``RelationIntent``,
and the union of its intents); ``Intent`` is the union of every family, so the dispatcher's
``match`` is checked for exhaustiveness by mypy: an intent without a handler fails the type
check.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents.account import (
    AccountIntent,
    AccountIntents,
    Attest,
    ChangeCharacter,
    ChangePassword,
    ChangeSettings,
    CreateCharacter,
    DeleteCharacter,
    Describe,
    EndSession,
    EraseAccount,
    ExportAccount,
    ListCharacters,
    ListSessions,
    ReadAttestation,
    SetAge,
    SetHardLimits,
    SetInterests,
    SetLongDescription,
    SetProfileAudience,
    SetPronouns,
    ShowAccount,
    ShowProfile,
    SwitchCharacter,
)
from boudoir.domain.intents.relations import (
    AddFriend,
    Block,
    ListBlocks,
    ListFriends,
    RelationIntent,
    RelationIntents,
    RemoveFriend,
    Unblock,
)

Intent = RelationIntents | AccountIntents
"""Every intent, of every family."""

__all__ = [
    "AccountIntent",
    "AccountIntents",
    "AddFriend",
    "Attest",
    "Block",
    "ChangeCharacter",
    "ChangePassword",
    "ChangeSettings",
    "CreateCharacter",
    "DeleteCharacter",
    "Describe",
    "EndSession",
    "EraseAccount",
    "ExportAccount",
    "Intent",
    "ListBlocks",
    "ListCharacters",
    "ListFriends",
    "ListSessions",
    "ReadAttestation",
    "RelationIntent",
    "RelationIntents",
    "RemoveFriend",
    "SetAge",
    "SetHardLimits",
    "SetInterests",
    "SetLongDescription",
    "SetProfileAudience",
    "SetPronouns",
    "ShowAccount",
    "ShowProfile",
    "SwitchCharacter",
    "Unblock",
]
