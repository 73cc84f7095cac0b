"""Leaving and ending a scene: leaving, the room observer that ends a scene when its members
are gone (and settles their open votes), the safeword, and the pause with its speech screen.

Imports ``boudoir.core`` (scenes.base, scenes.votes, registry, rooms, relations, screens) and
``boudoir.domain``.
"""

from __future__ import annotations

from boudoir.core.registry import Connection, LiveRoom
from boudoir.core.rooms import refused
from boudoir.core.scenes.base import LEFT_SCENE, BlockChoice, Invitation, Scene
from boudoir.core.scenes.votes import SceneVotes
from boudoir.core.screens import Speaker, Writing
from boudoir.domain import consent
from boudoir.domain.errors import BoudoirError
from boudoir.domain.events import (
    MemberLeft,
    MessageKind,
    RoomRef,
    SceneEnded,
    SceneInvitationWithdrawn,
    ScenePauseChanged,
)
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.names import name_key
from boudoir.domain.scenes import SAFEWORD_COOLDOWN, NotInScene, SceneEndReason, ScenePaused


class SceneEnding(SceneVotes):
    """Leaving and ending; a member gone settles the open votes."""

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
                self.watch.scene_changed(live.room.id)
                if not vote.waiting:
                    self._pass(scene, vote)

    def _forget(
        self, scene: Scene, reason: SceneEndReason = SceneEndReason.LAST_MEMBER_LEFT
    ) -> None:
        room_id = scene.live.room.id
        self.remember_ended(room_id, reason)
        self._scenes.pop(room_id, None)
        self._paused.discard(room_id)
        self._registry.rooms.pop(room_id, None)
        self._registry.invited.pop(room_id, None)
        self.watch.scene_changed(room_id)
        withdrawn: list[Invitation] = []
        for character, held in list(self._invitations.items()):
            for key, invitation in list(held.items()):
                if invitation.scene == room_id:
                    del held[key]
                    withdrawn.append(invitation)
            if not held:
                del self._invitations[character]
        for character in {invitation.invitee.id for invitation in withdrawn}:
            self.watch.invitations_changed(character)
        # Whoever was invited in is told the invitation is gone (never why), so that no card
        # of it stays open to be answered in vain.
        now = self._clock()
        for invitation in withdrawn:
            event = SceneInvitationWithdrawn(now, invitation.id, invitation.by)
            self._registry.send(self._registry.character_connections(invitation.invitee.id), event)

    def end_here(self, room_id: RoomId, reason: SceneEndReason) -> None:
        """The scene in ``room_id`` ended on another node while this one could not be told
        (Redis was away): end it here, as it ended there (the caller mutes what would go to
        other nodes' people: their nodes tell them)."""
        scene = self._scenes.get(room_id)
        if scene is not None:
            self._end(scene, reason)

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
            conn.left_room(live.room.id)
        live.members.clear()
        live.membership_changed()
        self._forget(scene, reason)
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
        for observer in self.safeword_observers:
            observer({me, *others})
        until = self._clock() + SAFEWORD_COOLDOWN
        cooling = self._cooldowns.setdefault(me, {})
        for account in others:
            cooling[account] = until
        self.watch.cooldowns_changed(me)
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

    def pause(self, connection: Connection, scene_name: str | None = None) -> bool:
        """Pause a scene for a check-in (yellow): until it resumes, its members speak out of
        character only. Everyone is told, never by whom. False if it was paused already."""
        scene = self._only_scene(connection, scene_name)
        if scene.paused_by is not None:
            return False
        scene.paused_by = connection.account.id
        self._paused.add(scene.live.room.id)
        self.watch.scene_changed(scene.live.room.id)
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
        self.watch.scene_changed(scene.live.room.id)
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
        (a whisper, as before, is between two people and not the scene's), and an edit is
        refused as new speech would be (an out-of-character line's passes)."""
        paused = self._paused
        if not paused or room is None or recipient is not None:
            return
        speech = kind is Writing.EDIT or (
            isinstance(kind, MessageKind) and kind is not MessageKind.OOC
        )
        if speech and room.room.id in paused:
            raise ScenePaused()
