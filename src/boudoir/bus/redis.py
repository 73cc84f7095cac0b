"""The bus over Redis: pub/sub between nodes, and each node's heartbeat.

Every topic is a Redis channel ``<cluster>:<topic>``; a message is the publishing node's name,
a NUL byte and the codec's bytes, so a node skips what it published itself. Publishing appends
to a bounded queue that one writer task sends in pipelines, in order; it never blocks the
caller. Subscriptions are counted per topic and applied by the same task.

Each node sets ``<cluster>:node:<name>`` every quarter of ``timeout`` seconds, each good for
three quarters of it, and lists itself in ``<cluster>:nodes``. A node whose key has expired is
taken for dead: every node finds that out by itself at its next beat (at most ``timeout`` after
the dead node's last one) and tells its own receiver ``NodeLeft`` once, so the dead node's
people are shown gone with the words of a dropped connection. A node that stops cleanly
publishes ``NodeLeft`` itself. Once Redis is back after being away, the others' beats may be
missing for a while (a restarted Redis keeps none): a node waits for them one timeout and the
longest retry before taking any for dead.

When Redis cannot be reached the bus keeps trying (backing off to a few seconds), drops what
it could not send (the others could not have had it in time anyway, and nothing is delivered
twice), tells ``on_reachable`` and, once back, subscribes again and calls ``on_reachable``
with True so the core can resynchronise.

Imports ``boudoir.bus.codec``, ``boudoir.core.cluster`` and redis-py.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Final

import redis.asyncio as redis
from redis.exceptions import RedisError

from boudoir.bus.codec import Undecodable, decode, encode
from boudoir.core.cluster import ClusterMessage, Receiver
from boudoir.core.cluster.messages import NodeLeft
from boudoir.core.cluster.topics import EVERY_NODE

logger = logging.getLogger(__name__)

MAX_QUEUED: Final = 100_000
"""Messages waiting to be sent; past this the oldest are dropped (and logged): a Redis that
cannot keep up must not grow the node's memory."""
RETRY_SECONDS: Final = (0.2, 0.5, 1.0, 2.0, 5.0)
"""Waits between attempts to reach Redis again, the last repeated."""
GONE_REASON: Final = "Connection closed"
"""What a dead node's people are shown leaving with: the words of any dropped connection."""


class NodeNameTaken(Exception):
    """Another live node already uses this node's name."""


def _still_wanted() -> None:
    """Raise ``CancelledError`` if this task was cancelled: redis-py can swallow a cancellation
    that lands inside one of its calls, and a loop that went on would keep its task group, and
    the node's shutdown, waiting forever."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


def new_node_name() -> str:
    return "node-" + secrets.token_hex(4)


class RedisBus:
    """One node's end of the bus. ``run()`` connects and keeps the node in the cluster until
    cancelled; everything else is synchronous and safe to call at any time."""

    def __init__(
        self,
        url: str,
        node: str,
        *,
        cluster: str = "boudoir",
        timeout: float = 15.0,
        on_reachable: Callable[[bool], None] | None = None,
    ) -> None:
        self.url = url
        self._node = node
        self.cluster = cluster
        self.timeout = timeout
        self.on_reachable = on_reachable
        self._receiver: Receiver | None = None
        self._reachable = False
        self._topics: dict[str, int] = {}
        self._outbox: deque[tuple[str, bytes]] = deque()
        self._changes: deque[tuple[bool, str]] = deque()
        """Subscriptions to apply: (True: subscribe, False: unsubscribe), the channel."""
        self._wake = asyncio.Event()
        self._known: set[str] = set()
        """Other nodes seen alive, so each death is told once."""
        self._patient_until = 0.0
        """Until then (monotonic), a known node without a beat is waited for, not taken for
        dead: Redis just came back, and the others reconnect each at their own pace."""
        self._prefix = f"{node}\0".encode()
        self._started = asyncio.Event()
        self._state = asyncio.Event()
        """Set (and replaced) whenever ``reachable`` or ``nodes`` changes."""
        self._running = False
        """False until ``run``: what is published is kept for ``send_pending`` (a command
        of the CLI tells the nodes what it changed, without joining the cluster)."""

    # --- The Bus protocol -------------------------------------------------------------------

    @property
    def node(self) -> str:
        return self._node

    @property
    def clustered(self) -> bool:
        return True

    @property
    def reachable(self) -> bool:
        return self._reachable

    def attach(self, receiver: Receiver) -> None:
        self._receiver = receiver

    def publish(self, topic: str, message: ClusterMessage) -> None:
        if not self._reachable and self._running:
            return  # Redis is away: the others could not have it in time, so nothing is kept
        if len(self._outbox) >= MAX_QUEUED:
            self._outbox.popleft()
            logger.warning("bus: %d messages waiting for Redis; dropping the oldest", MAX_QUEUED)
        self._outbox.append((self._channel(topic), self._prefix + encode(message)))
        self._wake.set()

    def subscribe(self, topic: str) -> None:
        count = self._topics.get(topic, 0)
        self._topics[topic] = count + 1
        if count == 0:
            self._changes.append((True, self._channel(topic)))
            self._wake.set()

    def unsubscribe(self, topic: str) -> None:
        count = self._topics.get(topic, 0)
        if count <= 1:
            self._topics.pop(topic, None)
            if count == 1:
                self._changes.append((False, self._channel(topic)))
                self._wake.set()
        else:
            self._topics[topic] = count - 1

    # --- Running ----------------------------------------------------------------------------

    def _channel(self, topic: str) -> str:
        return f"{self.cluster}:{topic}"

    def _key(self, *parts: str) -> str:
        return ":".join((self.cluster, *parts))

    async def claim_name(self) -> None:
        """Take this node's name in the cluster, or raise ``NodeNameTaken`` if a live node
        has it, or ``RedisError``/``OSError`` if Redis cannot be reached. Call before ``run``."""
        client: Any = self._client()
        try:
            taken = not await client.set(
                self._key("node", self._node), time.time(), px=self._ttl_ms(), nx=True
            )
        finally:
            await client.aclose()
        if taken:
            raise NodeNameTaken(
                f"another live node of this cluster is named {self._node!r}: give this one "
                "another --node-id, or leave it unset to generate one"
            )

    async def wait_started(self) -> None:
        """Return once ``run`` reached Redis the first time."""
        await self._started.wait()

    @property
    def nodes(self) -> frozenset[str]:
        """The other nodes seen alive at this node's last beat."""
        return frozenset(self._known)

    async def until(self, condition: Callable[[], bool]) -> None:
        """Return once ``condition()`` holds, checked whenever ``reachable`` or ``nodes``
        changes."""
        while not condition():
            await self._state.wait()

    def _changed(self) -> None:
        self._state.set()
        self._state = asyncio.Event()

    async def run(self) -> None:
        """Stay connected until cancelled, reconnecting after any failure."""
        self._running = True
        self._outbox.clear()
        attempt = 0
        try:
            while True:
                try:
                    await self._connected()
                except (RedisError, OSError) as error:
                    self._outbox.clear()  # too late for the others: nothing arrives twice
                    if self._reachable:
                        attempt = 0  # it was up until now: retry soon, backing off anew
                    self._set_reachable(False, error)
                    await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
                    attempt += 1
                else:  # pragma: no cover - _connected only returns by raising
                    attempt = 0
        finally:
            await self._leave()

    async def _connected(self) -> None:
        client: Any = self._client(health_check_interval=self.timeout / 4)
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        try:
            self._changes.clear()
            await pubsub.subscribe(
                self._channel(EVERY_NODE), *(self._channel(t) for t in self._topics)
            )
            await self._beat(client)
            if self._known:
                # Back after Redis was away: a restarted Redis holds none of the others' beats
                # yet, nor one that was away longer than the beats last.
                self._patient_until = time.monotonic() + self.timeout + RETRY_SECONDS[-1]
            self._set_reachable(True, None)
            self._started.set()
            async with asyncio.TaskGroup() as tasks:
                tasks.create_task(self._read(pubsub))
                tasks.create_task(self._write(client, pubsub))
                tasks.create_task(self._beat_forever(client))
        except* (RedisError, OSError) as group:
            raise group.exceptions[0] from None
        finally:
            await pubsub.aclose()
            await client.aclose()

    def _set_reachable(self, reachable: bool, error: BaseException | None) -> None:
        if reachable == self._reachable:
            return
        self._reachable = reachable
        self._changed()
        if reachable:
            logger.info("bus: connected to Redis as node %s", self._node)
        else:
            logger.warning("bus: Redis unreachable (%s); serving this node's people only", error)
        if self.on_reachable is not None:
            self.on_reachable(reachable)

    async def _read(self, pubsub: Any) -> None:
        while True:
            raw = await pubsub.get_message(timeout=None)
            _still_wanted()
            if raw is None or raw.get("type") != "message":
                continue
            data: bytes = raw["data"]
            origin, _, body = data.partition(b"\0")
            if origin == self._prefix[:-1]:
                continue  # our own
            try:
                message = decode(body)
            except Undecodable as error:
                logger.warning("bus: dropped a message from %r: %s", origin, error)
                continue
            if isinstance(message, NodeLeft):
                if message.node not in self._known:
                    continue  # told already, by our own beat
                self._known.discard(message.node)
                self._changed()
            channel: bytes = raw["channel"]
            topic = channel.decode().removeprefix(self.cluster + ":")
            self._receive(topic, message)

    def _receive(self, topic: str, message: ClusterMessage) -> None:
        if self._receiver is None:
            return
        try:
            self._receiver(topic, message)
        except Exception:
            logger.exception("bus: handling %s on %s failed", type(message).__name__, topic)

    async def _write(self, client: Any, pubsub: Any) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            _still_wanted()
            while self._changes:
                subscribe, channel = self._changes.popleft()
                if subscribe:
                    await pubsub.subscribe(channel)
                else:
                    await pubsub.unsubscribe(channel)
            if self._outbox:
                batch = list(self._outbox)
                self._outbox.clear()
                async with client.pipeline(transaction=False) as pipe:
                    for channel, data in batch:
                        pipe.publish(channel, data)
                    await pipe.execute()

    def _client(self, **options: Any) -> Any:
        # A connect timeout bounds closing too (redis-py waits for the socket to close that
        # long): without it a connection cut mid-read can hold a cancelled task forever.
        limit = min(5.0, self.timeout / 2)
        return redis.from_url(self.url, socket_connect_timeout=limit, **options)

    def _ttl_ms(self) -> int:
        # Beats every quarter of the timeout, each good for three quarters: two late beats
        # are forgiven, and a dead node is found at most ``timeout`` after its last beat.
        return max(1, round(self.timeout * 750))

    async def _beat(self, client: Any) -> None:
        async with client.pipeline(transaction=False) as pipe:
            pipe.set(self._key("node", self._node), time.time(), px=self._ttl_ms())
            pipe.sadd(self._key("nodes"), self._node)
            await pipe.execute()

    async def _beat_forever(self, client: Any) -> None:
        while True:
            await self._beat(client)
            await self._find_the_dead(client)
            _still_wanted()
            await asyncio.sleep(self.timeout / 4)

    async def _find_the_dead(self, client: Any) -> None:
        listed = {n.decode() for n in await client.smembers(self._key("nodes"))}
        members = sorted(listed - {self._node})
        alive: set[str] = set()
        if members:
            async with client.pipeline(transaction=False) as pipe:
                for name in members:
                    pipe.exists(self._key("node", name))
                flags = await pipe.execute()
            alive = {name for name, flag in zip(members, flags, strict=True) if flag}
        for dead in set(members) - alive:
            await client.srem(self._key("nodes"), dead)
        waited = self._known - alive if time.monotonic() < self._patient_until else set()
        gone = self._known - alive - waited
        changed = alive | waited != self._known
        self._known = alive | waited
        for name in sorted(gone):
            logger.warning("bus: node %s stopped beating; its people are gone", name)
            self._receive(EVERY_NODE, NodeLeft(name, GONE_REASON))
        if changed:
            self._changed()

    async def send_pending(self) -> None:
        """Send what was published without ``run`` (a CLI command's changes), in order."""
        if self._running or not self._outbox:
            return
        client: Any = self._client()
        try:
            async with client.pipeline(transaction=False) as pipe:
                for channel, data in self._outbox:
                    pipe.publish(channel, data)
                await pipe.execute()
            self._outbox.clear()
        finally:
            await client.aclose()

    async def _leave(self) -> None:
        """On a clean stop, take this node out at once rather than after its timeout."""
        if not self._reachable:
            return
        self._reachable = False
        client: Any = self._client()
        try:
            async with client.pipeline(transaction=False) as pipe:
                for channel, data in self._outbox:  # what was said before stopping goes first
                    pipe.publish(channel, data)
                self._outbox.clear()
                pipe.delete(self._key("node", self._node))
                pipe.srem(self._key("nodes"), self._node)
                pipe.publish(
                    self._channel(EVERY_NODE),
                    self._prefix + encode(NodeLeft(self._node, GONE_REASON)),
                )
                await pipe.execute()
        except (RedisError, OSError) as error:
            logger.warning("bus: could not say goodbye to the cluster: %s", error)
        finally:
            await client.aclose()
