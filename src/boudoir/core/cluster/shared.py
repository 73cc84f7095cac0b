"""What a node holds of the state every node shares, for a node that joins late or comes back
after Redis was away: the scenes, the scene invitations, the safeword cool-downs, the message
requests, the logs' consent, ``meetme`` requests and hand offers, calls and room cams. Each
node answers a ``Hello`` with what it holds (``SharedState`` in its ``Snapshot``); the node
that (re)joined
takes what it does not hold yet, so it can answer a safeword, an invitation or a request
accepted from there. What it holds already it keeps: it learnt it from a change, newer than
any snapshot. After Redis was away, both sides changed what they hold: ``core.cluster.reconcile``
merges it first, and leaves the rest to ``learn``.

Imports ``boudoir.core`` (cluster, messaging) and ``boudoir.domain``.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from boudoir.core.cluster.messages import (
    Cooldowns,
    HeldRequest,
    InvitationsHeld,
    RequestsHeld,
    SceneGone,
    SharedState,
)
from boudoir.core.messaging import MessageRequest, MessagingService

if TYPE_CHECKING:
    from boudoir.core.cluster.node import ClusterNode
    from boudoir.core.cluster.publishing import Publishing


def shared_state(node: Publishing, messages: MessagingService) -> SharedState:
    """Everything shared this node holds."""
    scenes = node.scenes
    logs = node.logs.states() if node.logs is not None else ()
    meetings, offers = node.walkable.states() if node.walkable is not None else ((), ())
    calls, cams = node.calls.states() if node.calls is not None else ((), ())
    if scenes is None:
        return SharedState(
            requests=_requests(messages),
            logs=logs,
            meetings=meetings,
            offers=offers,
            calls=calls,
            cams=cams,
        )
    return SharedState(
        tuple(node._scene_state(scene) for _, scene in sorted(scenes._scenes.items())),
        tuple(
            InvitationsHeld(character, tuple(held.values()))
            for character, held in sorted(scenes._invitations.items())
            if held
        ),
        tuple(
            Cooldowns(account, tuple(sorted(until.items())))
            for account, until in sorted(scenes._cooldowns.items())
            if until
        ),
        _requests(messages),
        logs,
        meetings,
        offers,
        tuple(SceneGone(room, reason) for room, reason in scenes._ended.items()),
        calls,
        cams,
    )


def _requests(messages: MessagingService) -> tuple[RequestsHeld, ...]:
    recipients = sorted(set(messages._requests) | set(messages._declined))
    return tuple(
        RequestsHeld(
            recipient,
            tuple(
                HeldRequest(
                    sender,
                    request.sender,
                    request.first,
                    tuple(request.waiting),
                    tuple(request.letters),
                )
                for sender, request in messages._requests.get(recipient, {}).items()
            ),
            tuple(messages._declined.get(recipient, {})),
        )
        for recipient in recipients
    )


async def learn(
    node: ClusterNode, messages: MessagingService, held: SharedState, *, logs: bool = True
) -> None:
    """Take from another node's ``held`` what this node does not hold yet, but no scene this
    node saw end, nor an invitation to one (``logs`` False: the logs' consent was reconciled,
    ``core.cluster.reconcile``)."""
    scenes = node.scenes
    if scenes is not None:
        for gone in held.ended:
            scenes.remember_ended(gone.room, gone.reason)
        for scene in held.scenes:
            if scene.room.id not in scenes._scenes and scenes.ended(scene.room.id) is None:
                await node.apply(scene)
        for invitations in held.invitations:
            if invitations.character not in scenes._invitations:
                alive = tuple(
                    i
                    for i in invitations.invitations
                    if i.scene is None or scenes.ended(i.scene) is None
                )
                if alive:
                    await node.apply(InvitationsHeld(invitations.character, alive))
        for cooldowns in held.cooldowns:
            if cooldowns.account not in scenes._cooldowns:
                await node.apply(cooldowns)
    for requests in held.requests:
        _learn_requests(messages, requests)
    if node.logs is not None and logs:
        for log in held.logs:
            node.logs.apply(log, learning=True)
    if node.walkable is not None:
        for meetings in held.meetings:
            node.walkable.apply(meetings, learning=True)
        for offers in held.offers:
            node.walkable.apply(offers, learning=True)
    if node.calls is not None:
        node.calls.learn(held.calls, held.cams)


def _learn_requests(messages: MessagingService, held: RequestsHeld) -> None:
    recipient = held.recipient
    for sender in held.declined:
        if sender not in messages._declined.get(recipient, {}):
            messages._remember_declined(recipient, sender)
    known = messages._requests.get(recipient)
    for request in held.requests:
        if known is not None and request.sender in known:
            continue
        if request.sender in messages._declined.get(recipient, {}):
            continue
        known = messages._requests.setdefault(recipient, OrderedDict())
        known[request.sender] = MessageRequest(
            request.sender,
            request.sender_ref,
            request.first,
            list(request.waiting),
            list(request.letters),
        )
