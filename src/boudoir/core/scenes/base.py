"""What every part of ``SceneService`` shares: a scene, an invitation and a vote as held in
memory, the service's state, looking scenes and invitations up, and sending an invitation.

Imports ``boudoir.core`` (registry, rooms, relations, screens) and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Literal

from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.relations import RelationService
from boudoir.core.rooms import RoomService, refused
from boudoir.core.screens import Screens
from boudoir.domain import consent
from boudoir.domain.events import CharacterRef, RoomRef, SceneInvitationReceived, SceneMemberCard
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.names import name_key
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import (
    INVITATION_LIFETIME,
    MAX_INVITATIONS_PER_PERSON,
    NotInScene,
    SceneEndReason,
)

LEFT_SCENE = "left the scene"
"""The reason others see when a member leaves a scene."""
NOBODY = AccountId("")
"""A scene's owner: nobody, so that nobody manages it."""
ENDED_KEPT = 10_000
"""Scenes ended lately that a node remembers (a few dozen bytes each), so that after Redis was
away a scene ended on one side is ended on the other too and brought back by neither. A node
cut off while more than this many scenes ended elsewhere may miss the oldest of them."""

BlockChoice = Collection[str] | Literal["all"]
"""Whom the safeword's caller blocks in the same step: names of the others, or all of them."""


@dataclass(frozen=True, slots=True)
class Invitation:
    """An invitation to a scene, held in memory until answered or ``INVITATION_LIFETIME``."""

    id: str
    by: CharacterRef
    by_account: AccountId
    invitee: CharacterRef
    rating: Rating
    tags: tuple[str, ...]
    note: str
    at: dt.datetime
    scene: RoomId | None = None
    """The scene it adds to; ``None`` for a new scene."""


@dataclass(slots=True)
class Vote:
    """A member's proposal to add ``invitee``: every other member's yes is needed. Equal by
    value (not by identity): a scene's state crosses to other nodes and must arrive equal."""

    invitee: CharacterRef
    proposer: CharacterId
    waiting: set[CharacterId]
    yes: set[CharacterId]


@dataclass(eq=False, slots=True)
class Scene:
    live: LiveRoom
    tags: tuple[str, ...]
    note: str
    votes: dict[CharacterId, Vote] = field(default_factory=dict)
    """Open votes, by the invitee's character."""
    paused_by: AccountId | None = None

    @property
    def name(self) -> str:
        return self.live.room.name

    @property
    def ref(self) -> RoomRef:
        return self.live.ref

    def member_connections(self) -> list[Connection]:
        """One connection per member character."""
        return [next(iter(conns)) for conns in self.live.members.values() if conns]


class SceneWatch:
    """Told of every change to the scenes' state, by key, after it is made: a cluster node
    publishes the state under that key (``core.cluster.node``). This one does nothing."""

    def scene_changed(self, room: RoomId) -> None:
        pass

    def invitations_changed(self, character: CharacterId) -> None:
        pass

    def cooldowns_changed(self, account: AccountId) -> None:
        pass


class SceneBase:
    """The state and helpers the parts of ``SceneService`` share."""

    def __init__(
        self,
        registry: Registry,
        rooms: RoomService,
        screens: Screens,
        relations: RelationService,
        clock: Clock,
    ) -> None:
        self._registry = registry
        self._rooms = rooms
        self._relations = relations
        self._clock = clock
        self._scenes: dict[RoomId, Scene] = {}
        self._paused: set[RoomId] = set()
        self._invitations: dict[CharacterId, OrderedDict[str, Invitation]] = {}
        self._cooldowns: dict[AccountId, dict[AccountId, dt.datetime]] = {}
        """Safeword callers -> the accounts that may not invite them, until when."""
        self._ended: OrderedDict[RoomId, SceneEndReason] = OrderedDict()
        """Scenes ended lately, oldest first, and why (at most ``ENDED_KEPT``)."""
        self._screens = screens
        self.watch = SceneWatch()
        """Told of every change (a cluster node replicates them)."""
        self.safeword_observers: list[Callable[[set[AccountId]], None]] = []
        """Told of each safeword, with every account of the scenes it ended: calls and cams
        among them end too."""

    def is_scene(self, room_id: RoomId) -> bool:
        return room_id in self._scenes

    def ended(self, room_id: RoomId) -> SceneEndReason | None:
        """Why the scene in ``room_id`` ended, if it did lately (None: not that we know)."""
        return self._ended.get(room_id)

    def remember_ended(self, room_id: RoomId, reason: SceneEndReason) -> None:
        """Remember that the scene in ``room_id`` ended (a scene's room is never reused)."""
        if room_id not in self._ended:
            self._ended[room_id] = reason
            while len(self._ended) > ENDED_KEPT:
                self._ended.popitem(last=False)

    def scene(self, connection: Connection, name: str) -> Scene:
        """A scene ``connection`` is in, by name; ``NotInScene`` otherwise (and for anyone
        else, whether or not it exists)."""
        key = name_key(name.removeprefix("#"))
        for room_id in connection.rooms:
            scene = self._scenes.get(room_id)
            if scene is not None and name_key(scene.name) == key:
                return scene
        raise NotInScene(f"You are not in a scene named {name!r}.")

    def scenes_of(self, connection: Connection) -> list[Scene]:
        """The scenes ``connection`` is in, by name."""
        found = [self._scenes[r] for r in connection.rooms if r in self._scenes]
        return sorted(found, key=lambda s: s.name)

    def _only_scene(self, connection: Connection, name: str | None) -> Scene:
        if name:
            return self.scene(connection, name)
        scenes = self.scenes_of(connection)
        if len(scenes) != 1:
            raise NotInScene(
                "Name the scene." if scenes else "You are not in a scene.",
            )
        return scenes[0]

    def invitations(self, connection: Connection) -> list[Invitation]:
        """The open invitations for this character, oldest first."""
        held = self._invitations.get(connection.character.id)
        if held is None:
            return []
        self._expire(connection.character.id, held)
        return list(held.values())

    def card(self, viewer: Connection, scene: Scene) -> tuple[SceneMemberCard, ...]:
        """The members of ``scene`` with their hard limits as ``viewer`` may see them."""
        members = sorted(scene.member_connections(), key=lambda c: name_key(c.character.name))
        return tuple(self._card_entry(viewer, member) for member in members)

    def _card_entry(self, viewer: Connection, member: Connection) -> SceneMemberCard:
        ties = self._registry.ties(viewer.account.id, member.account.id)
        shown = consent.scene_limits_shown(viewer.person, member.person, ties)
        return SceneMemberCard(member.ref, member.character.hard_limits if shown else None)

    def _target(self, name: str) -> Connection:
        targets = self._registry.find_character(name)
        if targets is None:
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        return next(iter(targets))

    def _cooling(self, caller: AccountId, others: Iterable[AccountId]) -> bool:
        """Is ``caller`` in the cool-down of a safeword they called on any of ``others``?"""
        until = self._cooldowns.get(caller)
        if not until:
            return False
        now = self._clock()
        for account, ends in list(until.items()):
            if ends <= now:
                del until[account]
        if not until:
            del self._cooldowns[caller]
            return False
        return any(account in until for account in others)

    def _send_invitation(
        self, invitation: Invitation, inviter: Connection, target: Connection
    ) -> None:
        held = self._invitations.setdefault(target.character.id, OrderedDict())
        held[invitation.id] = invitation
        while len(held) > MAX_INVITATIONS_PER_PERSON:
            held.popitem(last=False)
        self.watch.invitations_changed(target.character.id)
        event = self._invitation_event(invitation, inviter, target)
        self._registry.send(self._registry.character_connections(target.character.id), event)

    def _invitation_event(
        self, invitation: Invitation, inviter: Connection | None, target: Connection
    ) -> SceneInvitationReceived:
        shown = False
        if inviter is not None:
            ties = self._registry.ties(target.account.id, inviter.account.id)
            shown = consent.scene_limits_shown(target.person, inviter.person, ties)
        scene = self._scenes.get(invitation.scene) if invitation.scene else None
        return SceneInvitationReceived(
            invitation.at,
            invitation.id,
            invitation.by,
            invitation.rating,
            invitation.tags,
            invitation.note,
            inviter.character.hard_limits if inviter is not None and shown else None,
            scene.ref if scene is not None else None,
            tuple(c.ref for c in scene.member_connections()) if scene is not None else (),
        )

    def _expire(self, character: CharacterId, held: OrderedDict[str, Invitation]) -> None:
        cutoff = self._clock() - INVITATION_LIFETIME
        expired = [key for key, invitation in held.items() if invitation.at <= cutoff]
        for key in expired:
            del held[key]
        if not held:
            self._invitations.pop(character, None)
        if expired:
            self.watch.invitations_changed(character)
