"""Adding to a scene: a member proposes someone, every other member votes, and once all said
yes the person is invited; one no ends the vote, and nobody is told whose.

Imports ``boudoir.core`` (scenes.base, registry) and ``boudoir.domain``.
"""

from __future__ import annotations

import secrets

from boudoir.core.registry import Connection
from boudoir.core.rooms import refused
from boudoir.core.scenes.base import Invitation, Scene, SceneBase, Vote
from boudoir.domain import consent
from boudoir.domain.errors import AlreadyInRoom, InvalidInput, LimitExceeded, NotFound
from boudoir.domain.events import CharacterRef, SceneVoteChanged, SceneVoteState
from boudoir.domain.ids import AccountId
from boudoir.domain.names import name_key
from boudoir.domain.scenes import MAX_SCENE_MEMBERS


class SceneVotes(SceneBase):
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
        self.watch.scene_changed(scene.live.room.id)
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
        self.watch.scene_changed(scene.live.room.id)
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
        self.watch.scene_changed(scene.live.room.id)
        self._tell_vote(scene, vote, SceneVoteState.FAILED)

    def _pass(self, scene: Scene, vote: Vote) -> None:
        """Everyone said yes: the invitee is invited, if they still may be."""
        scene.votes.pop(vote.invitee.id, None)
        self.watch.scene_changed(scene.live.room.id)
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
