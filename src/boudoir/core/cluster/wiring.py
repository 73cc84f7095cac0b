"""Joining a world to its cluster: the node's part, hooked to the services whose state it
replicates. One function, run by ``World`` once its services are built, so the order of the
hooks is here, in code.

Imports ``boudoir.core`` (cluster, and the world only for its type) and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boudoir.core.cluster.activity import ActivityReplica
from boudoir.core.cluster.calls import CallReplica
from boudoir.core.cluster.limits import SharedLimits
from boudoir.core.cluster.logs import LogReplica
from boudoir.core.cluster.node import ClusterNode
from boudoir.core.cluster.replay import ReplayReplica
from boudoir.core.cluster.walkable import WalkableReplica

if TYPE_CHECKING:
    from boudoir.core.world import World


def join_cluster(world: World) -> ClusterNode:
    """The node's part in the cluster of ``world.bus``, watching every service it replicates."""
    node = ClusterNode(
        world.bus,
        world.registry,
        world.rooms,
        world.messages,
        world.relations.cache,
        world.disconnect,
        world.clock,
    )
    node.refresh_account = world.account_changed_elsewhere
    node.account_changed_anywhere.append(world.accounts.changed_elsewhere)
    node.note_offline = world.went_offline
    world.accounts.changed_here.append(node.account_changed)
    node.sweep_restrictions = world.moderation.sweep
    node.scenes = world.scenes
    node.presence = world.presence
    ActivityReplica(world.rooms.feed, world.registry, node)
    ReplayReplica(world.replay, node)
    node.arrived.append(world.replay.arrived)
    world.scenes.watch = node
    LogReplica(world.logs, node)
    WalkableReplica(world.meetings, world.things, world.places, node)
    CallReplica(world.calls, world.cams, node)
    world.moderation.changed_here.append(node.restrictions_changed)
    node.limits = SharedLimits(
        world.bus, world.accounts, world.moderation, world.automod, world.ads
    )
    return node
