"""Joining a scene: inviting someone to a new scene, accepting (the first acceptance starts
the scene; later ones add to it) and declining.

Imports ``boudoir.core`` (scenes.base, registry, rooms) and ``boudoir.domain``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from boudoir.core.registry import Connection, LiveRoom
from boudoir.core.rooms import refused
from boudoir.core.scenes.base import NOBODY, Invitation, Scene, SceneBase
from boudoir.core.screens import Writing
from boudoir.domain import consent
from boudoir.domain.entities import Room, RoomVisibility
from boudoir.domain.errors import AlreadyInRoom, LimitExceeded, NotFound
from boudoir.domain.events import (
    SceneInvitationDeclined,
    SceneInvitationReceived,
    SceneMemberAdded,
    SceneStarted,
)
from boudoir.domain.ids import CharacterId, new_room_id
from boudoir.domain.names import SCENE_ROOM_PREFIX, name_key
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import (
    MAX_SCENE_MEMBERS,
    MAX_SCENES_PER_CHARACTER,
    scene_note,
    scene_tags,
)


class SceneInvitations(SceneBase):
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

    def invitation_details(self, connection: Connection) -> list[SceneInvitationReceived]:
        """``invitations`` as the invitee sees them now: each with the inviter's hard limits
        (when shared with the invitee and the inviter is online) and the scene's members."""
        details = []
        for invitation in self.invitations(connection):
            inviters = self._registry.character_connections(invitation.by.id)
            inviter = next(iter(inviters)) if inviters else None
            details.append(self._invitation_event(invitation, inviter, connection))
        return details

    def _take(self, connection: Connection, invitation_id: str) -> Invitation:
        held = self._invitations.get(connection.character.id)
        if held is not None:
            self._expire(connection.character.id, held)
            invitation = held.pop(invitation_id.strip(), None)
            if not held:
                self._invitations.pop(connection.character.id, None)
            if invitation is not None:
                self.watch.invitations_changed(connection.character.id)
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
        self.watch.scene_changed(room.id)
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
        for conn in list(conns):
            self._registry.enter(conn, live)
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
