"""Scenes: private rooms whose members all agreed to be there, with the safeword and the pause.

A scene is a live room that is never stored: private, named ``scene-<id>`` (a name no room may
take, so nobody joins or finds it by name), managed by nobody, and entered only by accepting an
invitation: the first one starts the scene, and later ones are sent once every member voted yes.
Speech, whispers, typing and member lists work in it through the rooms' own machinery.

The safeword ends a scene for everyone in one call, before anything else runs: every member's
connections are told and taken out in the same loop turn. Who called it is never shown. The
caller may block some or all of the others in the same step, and the others cannot invite them
to a scene for ``SAFEWORD_COOLDOWN``. Nothing of a scene is kept once it ends (the logging
service keeps what its consent says). Everything here lives in memory.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import OrderedDict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Literal

from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.relations import RelationService
from boudoir.core.rooms import RoomService, refused
from boudoir.core.screens import Screens, Speaker, Writing
from boudoir.domain import consent
from boudoir.domain.entities import Room, RoomVisibility
from boudoir.domain.errors import (
    AlreadyInRoom,
    BoudoirError,
    InvalidInput,
    LimitExceeded,
    NotFound,
)
from boudoir.domain.events import (
    CharacterRef,
    MemberLeft,
    MessageKind,
    RoomRef,
    SceneEnded,
    SceneInvitationDeclined,
    SceneInvitationReceived,
    SceneInvitationWithdrawn,
    SceneMemberAdded,
    SceneMemberCard,
    ScenePauseChanged,
    SceneStarted,
    SceneVoteChanged,
    SceneVoteState,
)
from boudoir.domain.ids import AccountId, CharacterId, RoomId, new_room_id
from boudoir.domain.names import SCENE_ROOM_PREFIX, name_key
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import (
    INVITATION_LIFETIME,
    MAX_INVITATIONS_PER_PERSON,
    MAX_SCENE_MEMBERS,
    MAX_SCENES_PER_CHARACTER,
    SAFEWORD_COOLDOWN,
    NotInScene,
    SceneEndReason,
    ScenePaused,
    is_scene_name,
    scene_note,
    scene_tags,
)

LEFT_SCENE = "left the scene"
"""The reason others see when a member leaves a scene."""
NOBODY = AccountId("")
"""A scene's owner: nobody, so that nobody manages it."""

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


@dataclass(eq=False, slots=True)
class Vote:
    """A member's proposal to add ``invitee``: every other member's yes is needed."""

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


class SceneService:
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
        self._screens = screens

    # --- looking up -------------------------------------------------------------------------

    def is_scene(self, room_id: RoomId) -> bool:
        return room_id in self._scenes

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
        shown = consent.scene_limits_shown(
            viewer.person, member.person, member.character.profile_audience, ties
        )
        return SceneMemberCard(member.ref, member.character.hard_limits if shown else None)

    # --- invitations ------------------------------------------------------------------------

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

    def invite(
        self,
        connection: Connection,
        name: str,
        rating: Rating,
        tags: Iterable[str] = (),
        note: str = "",
    ) -> Invitation:
        """Invite a character to a new scene of ``rating`` with ``tags`` and a ``note``. They
        are shown who invites, the rating, the tags, the note and the inviter's hard limits (as
        the inviter shares them). Refused like a direct message: never saying why."""
        tags = scene_tags(tuple(tags))
        note = scene_note(note)
        target = self._target(name)
        ties = self._registry.ties(connection.account.id, target.account.id)
        decision = consent.invite_to_scene(
            connection.person,
            target.person,
            ties,
            rating=rating,
            online=True,
            cooling_down=self._cooling(target.account.id, (connection.account.id,)),
        )
        if not decision:
            raise refused(decision)
        self._screens.check(connection, Writing.NOTE, note, *tags, recipient=target)
        self._room_for_another(connection)
        invitation = Invitation(
            id=secrets.token_hex(4),
            by=connection.ref,
            by_account=connection.account.id,
            invitee=target.ref,
            rating=rating,
            tags=tags,
            note=note,
            at=self._clock(),
        )
        self._send_invitation(invitation, connection, target)
        return invitation

    def _room_for_another(self, connection: Connection) -> None:
        if len(self.scenes_of(connection)) >= MAX_SCENES_PER_CHARACTER:
            raise LimitExceeded(f"You can be in at most {MAX_SCENES_PER_CHARACTER} scenes at once.")

    def _send_invitation(
        self, invitation: Invitation, inviter: Connection, target: Connection
    ) -> None:
        held = self._invitations.setdefault(target.character.id, OrderedDict())
        held[invitation.id] = invitation
        while len(held) > MAX_INVITATIONS_PER_PERSON:
            held.popitem(last=False)
        event = self._invitation_event(invitation, inviter, target)
        self._registry.send(self._registry.character_connections(target.character.id), event)

    def _invitation_event(
        self, invitation: Invitation, inviter: Connection | None, target: Connection
    ) -> SceneInvitationReceived:
        shown = False
        if inviter is not None:
            ties = self._registry.ties(target.account.id, inviter.account.id)
            shown = consent.scene_limits_shown(
                target.person, inviter.person, inviter.character.profile_audience, ties
            )
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

    def invitation_details(self, connection: Connection) -> list[SceneInvitationReceived]:
        """``invitations`` as the invitee sees them now: each with the inviter's hard limits
        (when shared with the invitee and the inviter is online) and the scene's members."""
        details = []
        for invitation in self.invitations(connection):
            inviters = self._registry.character_connections(invitation.by.id)
            inviter = next(iter(inviters)) if inviters else None
            details.append(self._invitation_event(invitation, inviter, connection))
        return details

    def _expire(self, character: CharacterId, held: OrderedDict[str, Invitation]) -> None:
        cutoff = self._clock() - INVITATION_LIFETIME
        for key, invitation in list(held.items()):
            if invitation.at <= cutoff:
                del held[key]
        if not held:
            self._invitations.pop(character, None)

    def _take(self, connection: Connection, invitation_id: str) -> Invitation:
        held = self._invitations.get(connection.character.id)
        if held is not None:
            self._expire(connection.character.id, held)
            invitation = held.pop(invitation_id.strip(), None)
            if not held:
                self._invitations.pop(connection.character.id, None)
            if invitation is not None:
                return invitation
        raise NotFound("There is no open scene invitation with that id.")

    def accept(self, connection: Connection, invitation_id: str) -> Scene:
        """Accept an invitation: a new scene starts with the inviter (who must still be
        online), or the invitee enters the scene that voted them in. Every member is shown
        the scene card."""
        invitation = self._take(connection, invitation_id)
        gone = NotFound("That invitation is no longer open.")
        if invitation.scene is None:
            inviters = self._registry.character_connections(invitation.by.id)
            if not inviters:
                raise gone
            inviter = next(iter(inviters))
            self._room_for_another(connection)
            self._room_for_another(inviter)
            members = [inviter]
        else:
            found = self._scenes.get(invitation.scene)
            if found is None:
                raise gone
            if len(found.live.members) >= MAX_SCENE_MEMBERS:
                raise LimitExceeded(f"A scene has at most {MAX_SCENE_MEMBERS} members.")
            if connection.character.id in found.live.members:
                raise AlreadyInRoom("You are already in that scene.")
            self._room_for_another(connection)
            members = found.member_connections()
        accounts = {c.account.id for c in members}
        decision = consent.enter_scene(
            connection.person,
            invitation.rating,
            cooling_down=self._cooling(connection.account.id, accounts),
            member_ties=tuple(self._registry.ties(a, connection.account.id) for a in accounts),
        )
        if not decision:
            raise refused(decision)
        if invitation.scene is None:
            return self._start(invitation, [members[0], connection])
        scene = self._scenes[invitation.scene]
        self._add(scene, connection)
        return scene

    async def decline(self, connection: Connection, invitation_id: str, *, block: bool) -> None:
        """Decline an invitation, and block the inviter with ``block``. The inviter is told
        the same either way."""
        invitation = self._take(connection, invitation_id)
        event = SceneInvitationDeclined(self._clock(), invitation.id, invitation.invitee)
        self._registry.send(self._registry.character_connections(invitation.by.id), event)
        if block:
            await self._relations.block_account(connection.account.id, invitation.by.name)

    # --- starting, adding -------------------------------------------------------------------

    def _new_name(self) -> str:
        taken = {name_key(live.room.name) for live in self._registry.rooms.values()}
        while True:
            name = SCENE_ROOM_PREFIX + secrets.token_hex(3)
            if name not in taken:
                return name

    def _start(self, invitation: Invitation, members: list[Connection]) -> Scene:
        room = Room(
            id=new_room_id(),
            name=self._new_name(),
            owner_id=NOBODY,
            created_at=self._clock(),
            rating=invitation.rating,
            visibility=RoomVisibility.PRIVATE,
            topic_locked=False,
        )
        live = self._registry.rooms[room.id] = LiveRoom(room)
        scene = self._scenes[room.id] = Scene(live, invitation.tags, invitation.note)
        for member in members:
            self._enter(live, member.character.id)
        for conn in live.connections():
            conn.session.deliver(self._started(conn, scene))
        return scene

    def _started(self, viewer: Connection, scene: Scene) -> SceneStarted:
        return SceneStarted(
            self._clock(),
            scene.ref,
            scene.tags,
            scene.note,
            self.card(viewer, scene),
            paused=scene.paused_by is not None,
        )

    def _enter(self, live: LiveRoom, character: CharacterId) -> None:
        """Put every connection of ``character`` in the scene's room (no one is told: the card
        and ``SceneMemberAdded`` say it), and tell the room's observers (logging by consent)."""
        conns = self._registry.character_connections(character)
        for conn in conns:
            conn.rooms.add(live.room.id)
            live.members.setdefault(character, set()).add(conn)
        live.membership_changed()
        if conns:
            some = next(iter(conns))
            for observer in self._rooms.observers:
                observer(live, some, True)

    def _add(self, scene: Scene, newcomer: Connection) -> None:
        before = scene.live.connections()
        self._enter(scene.live, newcomer.character.id)
        now = self._clock()
        for conn in before:
            entry = self._card_entry(conn, newcomer)
            conn.session.deliver(SceneMemberAdded(now, scene.ref, entry))
        for conn in self._registry.character_connections(newcomer.character.id):
            conn.session.deliver(self._started(conn, scene))

    # --- votes ------------------------------------------------------------------------------

    def propose(self, connection: Connection, scene_name: str, name: str) -> None:
        """Propose adding a character to a scene: every other member is asked, and once all
        said yes the character is invited. Refused as an invitation is (the invitee must pass
        ``consent.invite_to_scene`` with every member)."""
        scene = self.scene(connection, scene_name)
        target = self._target(name)
        if target.character.id in scene.live.members:
            raise AlreadyInRoom(f"{target.character.name} is already in the scene.")
        if target.character.id in scene.votes:
            raise InvalidInput(f"A vote on adding {target.character.name} is already open.")
        if len(scene.live.members) >= MAX_SCENE_MEMBERS:
            raise LimitExceeded(f"A scene has at most {MAX_SCENE_MEMBERS} members.")
        members = scene.member_connections()
        accounts = {c.account.id for c in members}
        decision = self._may_add(connection, target, scene, accounts)
        if not decision:
            raise refused(decision)
        waiting = {c.character.id for c in members} - {connection.character.id}
        vote = Vote(target.ref, connection.character.id, waiting, {connection.character.id})
        scene.votes[target.character.id] = vote
        self._tell_vote(scene, vote, SceneVoteState.OPENED, connection.ref)
        if not waiting:
            self._pass(scene, vote)

    def _may_add(
        self, proposer: Connection, target: Connection, scene: Scene, accounts: set[AccountId]
    ) -> consent.Decision:
        others = accounts - {proposer.account.id}
        return consent.invite_to_scene(
            proposer.person,
            target.person,
            self._registry.ties(proposer.account.id, target.account.id),
            rating=scene.live.room.rating,
            online=True,
            cooling_down=self._cooling(target.account.id, accounts),
            member_ties=tuple(self._registry.ties(a, target.account.id) for a in others),
        )

    def vote(self, connection: Connection, scene_name: str, name: str, yes: bool) -> None:
        """Say yes or no to adding ``name``. One no ends the vote; nobody is told whose."""
        scene = self.scene(connection, scene_name)
        key = name_key(name.strip())
        vote = next((v for v in scene.votes.values() if name_key(v.invitee.name) == key), None)
        if vote is None:
            raise NotFound(f"No vote on adding {name.strip()!r} is open in this scene.")
        me = connection.character.id
        if me not in vote.waiting:
            if me in vote.yes and yes:
                return
            raise InvalidInput("You have already said yes to this.")
        if not yes:
            self._fail(scene, vote)
            return
        vote.waiting.discard(me)
        vote.yes.add(me)
        self._tell_vote(scene, vote, SceneVoteState.YES, connection.ref)
        if not vote.waiting:
            self._pass(scene, vote)

    def _tell_vote(
        self, scene: Scene, vote: Vote, state: SceneVoteState, by: CharacterRef | None = None
    ) -> None:
        waiting = tuple(
            sorted(
                (next(iter(scene.live.members[c])).ref for c in vote.waiting),
                key=lambda ref: name_key(ref.name),
            )
        )
        event = SceneVoteChanged(self._clock(), scene.ref, vote.invitee, state, by, waiting)
        self._registry.send(scene.live.connections(), event)

    def _fail(self, scene: Scene, vote: Vote) -> None:
        scene.votes.pop(vote.invitee.id, None)
        self._tell_vote(scene, vote, SceneVoteState.FAILED)

    def _pass(self, scene: Scene, vote: Vote) -> None:
        """Everyone said yes: the invitee is invited, if they still may be."""
        scene.votes.pop(vote.invitee.id, None)
        proposers = scene.live.members.get(vote.proposer)
        targets = self._registry.character_connections(vote.invitee.id)
        if not proposers or not targets:
            self._tell_vote(scene, vote, SceneVoteState.FAILED)
            return
        proposer, target = next(iter(proposers)), next(iter(targets))
        accounts = {c.account.id for c in scene.member_connections()}
        if not self._may_add(proposer, target, scene, accounts):
            self._tell_vote(scene, vote, SceneVoteState.FAILED)
            return
        self._tell_vote(scene, vote, SceneVoteState.PASSED)
        invitation = Invitation(
            id=secrets.token_hex(4),
            by=proposer.ref,
            by_account=proposer.account.id,
            invitee=target.ref,
            rating=scene.live.room.rating,
            tags=scene.tags,
            note=scene.note,
            at=self._clock(),
            scene=scene.live.room.id,
        )
        self._send_invitation(invitation, proposer, target)

    # --- leaving and ending -----------------------------------------------------------------

    def leave(self, connection: Connection, scene_name: str) -> SceneEnded | None:
        """Leave a scene, with every connection of this character. The others see a plain
        departure; the scene ends when its last member leaves (the event returned then)."""
        scene = self.scene(connection, scene_name)
        live = scene.live
        ref = live.ref
        mine = list(live.members.get(connection.character.id, ()))
        event = MemberLeft(self._clock(), ref, connection.ref, LEFT_SCENE)
        for conn in mine:
            if conn is not connection:
                conn.session.deliver(event)
            self._rooms.leave(conn, live.room.name, LEFT_SCENE)
        if live.room.id in self._scenes:
            return None
        return SceneEnded(self._clock(), ref, SceneEndReason.LAST_MEMBER_LEFT)

    def membership_changed(
        self, live: LiveRoom, connection: Connection | None, arrived: bool
    ) -> None:
        """The rooms' observer: a member's last connection left the scene (a leave, a part, a
        disconnection, a rating withdrawn), or the room closed."""
        scene = self._scenes.get(live.room.id)
        if scene is None or arrived:
            return
        if connection is None or not live.members:
            self._forget(scene)
            return
        gone = connection.character.id
        for vote in list(scene.votes.values()):
            if vote.proposer == gone:
                self._fail(scene, vote)
            elif gone in vote.waiting:
                vote.waiting.discard(gone)
                if not vote.waiting:
                    self._pass(scene, vote)

    def _forget(self, scene: Scene) -> None:
        room_id = scene.live.room.id
        self._scenes.pop(room_id, None)
        self._paused.discard(room_id)
        self._registry.rooms.pop(room_id, None)
        self._registry.invited.pop(room_id, None)
        withdrawn: list[Invitation] = []
        for character, held in list(self._invitations.items()):
            for key, invitation in list(held.items()):
                if invitation.scene == room_id:
                    del held[key]
                    withdrawn.append(invitation)
            if not held:
                del self._invitations[character]
        # Whoever was invited in is told the invitation is gone (never why), so that no card
        # of it stays open to be answered in vain.
        now = self._clock()
        for invitation in withdrawn:
            event = SceneInvitationWithdrawn(now, invitation.id, invitation.by)
            self._registry.send(self._registry.character_connections(invitation.invitee.id), event)

    def _end(self, scene: Scene, reason: SceneEndReason) -> None:
        """End ``scene`` for everyone at once: each connection is told, then all are out.
        Nothing here awaits, so no one can speak in it between the first notice and the
        last."""
        live = scene.live
        event = SceneEnded(self._clock(), live.ref, reason)
        connections = live.connections()
        for conn in connections:
            conn.session.deliver(event)
        for conn in connections:
            conn.rooms.discard(live.room.id)
        live.members.clear()
        live.membership_changed()
        self._forget(scene)
        for observer in self._rooms.observers:
            observer(live, None, False)

    async def safeword(
        self, connection: Connection, scene_name: str | None = None, block: BlockChoice = ()
    ) -> list[RoomRef]:
        """Call the safeword: the scene named (by default every scene this connection is in)
        ends at once for everyone, told neutrally. Then the caller blocks the others named in
        ``block`` (or ``"all"``); names of people not in the scene are ignored, because a
        safeword never fails once it is called. The others cannot invite the caller to a scene
        for ``SAFEWORD_COOLDOWN``. Returns the scenes ended."""
        scenes = [self.scene(connection, scene_name)] if scene_name else self.scenes_of(connection)
        if not scenes:
            raise NotInScene("You are not in a scene.")
        me = connection.account.id
        others: dict[AccountId, str] = {}
        for scene in scenes:
            for member in scene.member_connections():
                if member.account.id != me:
                    others.setdefault(member.account.id, member.character.name)
        ended = [scene.ref for scene in scenes]
        for scene in scenes:
            self._end(scene, SceneEndReason.SAFEWORD)
        until = self._clock() + SAFEWORD_COOLDOWN
        cooling = self._cooldowns.setdefault(me, {})
        for account in others:
            cooling[account] = until
        if block == "all":
            chosen = list(others.values())
        else:
            wanted = {name_key(name.strip()) for name in block}
            chosen = [name for name in others.values() if name_key(name) in wanted]
        for name in chosen:
            try:
                await self._relations.block_account(me, name)
            except BoudoirError:
                continue  # erased or renamed meanwhile: nothing left to block
        return ended

    # --- pause ------------------------------------------------------------------------------

    def pause(self, connection: Connection, scene_name: str | None = None) -> bool:
        """Pause a scene for a check-in (yellow): until it resumes, its members speak out of
        character only. Everyone is told, never by whom. False if it was paused already."""
        scene = self._only_scene(connection, scene_name)
        if scene.paused_by is not None:
            return False
        scene.paused_by = connection.account.id
        self._paused.add(scene.live.room.id)
        event = ScenePauseChanged(self._clock(), scene.ref, paused=True)
        self._registry.send(scene.live.connections(), event)
        return True

    def resume(self, connection: Connection, scene_name: str | None = None) -> bool:
        """Resume a paused scene: whoever paused it decides, or anyone once they have left.
        False if it was not paused."""
        scene = self._only_scene(connection, scene_name)
        if scene.paused_by is None:
            return False
        present = any(c.account.id == scene.paused_by for c in scene.member_connections())
        decision = consent.resume_scene(
            connection.account.id, scene.paused_by, pauser_present=present
        )
        if not decision:
            raise refused(decision)
        scene.paused_by = None
        self._paused.discard(scene.live.room.id)
        event = ScenePauseChanged(self._clock(), scene.ref, paused=False)
        self._registry.send(scene.live.connections(), event)
        return True

    def screen(
        self,
        speaker: Speaker,
        room: LiveRoom | None,
        recipient: Connection | None,
        kind: MessageKind | Writing,
        text: str,
    ) -> None:
        """Messaging's screen: in a paused scene only out-of-character speech goes through
        (a whisper, as before, is between two people and not the scene's)."""
        paused = self._paused
        if (
            paused
            and room is not None
            and recipient is None
            and kind is not MessageKind.OOC
            and isinstance(kind, MessageKind)
            and room.room.id in paused
        ):
            raise ScenePaused()


__all__ = ["Invitation", "Scene", "SceneService", "Vote", "is_scene_name"]
