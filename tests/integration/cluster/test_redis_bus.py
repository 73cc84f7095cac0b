"""Two nodes' buses over a real Redis: what one publishes reaches the other only on topics it
subscribed to, never itself; a node that stops beating is found dead within its timeout; a
Redis that goes away and comes back is reconnected to, subscriptions and all."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from boudoir.bus.redis import NodeNameTaken, RedisBus
from boudoir.core.cluster import ClusterMessage
from boudoir.core.cluster.messages import AccountChanged, NodeLeft
from boudoir.core.cluster.topics import EVERY_NODE
from boudoir.domain.ids import AccountId

from .conftest import OwnRedis

pytestmark = pytest.mark.timeout(30)


class Inbox:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[str, ClusterMessage]] = asyncio.Queue()

    def __call__(self, topic: str, message: ClusterMessage) -> None:
        self.queue.put_nowait((topic, message))

    async def next(self, seconds: float = 10.0) -> tuple[str, ClusterMessage]:
        return await asyncio.wait_for(self.queue.get(), seconds)


@asynccontextmanager
async def running(bus: RedisBus) -> AsyncIterator[Inbox]:
    inbox = Inbox()
    bus.attach(inbox)
    await bus.claim_name()
    task = asyncio.create_task(bus.run())
    try:
        await asyncio.wait_for(bus.wait_started(), 10)
        yield inbox
    finally:
        task.cancel()
        await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), 10)


async def test_a_message_reaches_the_subscribed_node_only(
    redis_url: str, cluster_name: str
) -> None:
    a = RedisBus(redis_url, "a", cluster=cluster_name)
    b = RedisBus(redis_url, "b", cluster=cluster_name)
    async with running(a) as a_inbox, running(b) as b_inbox:
        b.subscribe("account:x")
        # A subscription is applied by the bus's own task: wait for it through a round trip.
        for _ in range(100):
            a.publish("account:x", AccountChanged(AccountId("x")))
            try:
                topic, message = await b_inbox.next(0.1)
                break
            except TimeoutError:
                continue
        else:
            pytest.fail("b never heard account:x")
        assert (topic, message) == ("account:x", AccountChanged(AccountId("x")))
        a.publish("account:y", AccountChanged(AccountId("y")))  # nobody listens
        a.publish("account:x", AccountChanged(AccountId("z")))
        assert await b_inbox.next() == ("account:x", AccountChanged(AccountId("z")))
        assert a_inbox.queue.empty()  # a never hears itself


async def test_a_second_node_with_the_same_name_is_refused(
    redis_url: str, cluster_name: str
) -> None:
    a = RedisBus(redis_url, "same", cluster=cluster_name)
    async with running(a):
        with pytest.raises(NodeNameTaken, match="another live node"):
            await RedisBus(redis_url, "same", cluster=cluster_name).claim_name()


async def test_a_node_that_stops_cleanly_is_gone_at_once(redis_url: str, cluster_name: str) -> None:
    a = RedisBus(redis_url, "a", cluster=cluster_name, timeout=1.0)
    b = RedisBus(redis_url, "b", cluster=cluster_name, timeout=60)
    async with running(a) as a_inbox:
        async with running(b):
            await asyncio.wait_for(
                a.until(lambda: "b" in a.nodes), 10
            )  # a's beats run every quarter second
        assert await a_inbox.next() == (EVERY_NODE, NodeLeft("b", "Connection closed"))
        assert "b" not in a.nodes  # so a's later beats do not tell it again
        assert a_inbox.queue.empty()


async def test_a_node_that_dies_is_found_within_its_timeout(
    redis_url: str, cluster_name: str
) -> None:
    loop = asyncio.get_running_loop()
    a = RedisBus(redis_url, "a", cluster=cluster_name, timeout=1.0)
    b = RedisBus(redis_url, "b", cluster=cluster_name, timeout=1.0)
    async with running(a) as a_inbox:
        b.attach(Inbox())
        task = asyncio.create_task(b._connected())  # no goodbye on the way out: a kill -9
        await asyncio.wait_for(b.wait_started(), 10)
        # a sees b alive at one of its beats before b dies.
        await asyncio.wait_for(a.until(lambda: "b" in a.nodes), 10)
        task.cancel()
        await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), 10)
        died = loop.time()
        assert await a_inbox.next() == (EVERY_NODE, NodeLeft("b", "Connection closed"))
        assert loop.time() - died <= 1.0 + 0.5  # the timeout, and a beat's slack on a busy box


async def test_redis_restarted_reconnects_and_resubscribes(
    own_redis: OwnRedis, cluster_name: str
) -> None:
    own_redis.start()
    seen: list[bool] = []
    a = RedisBus(own_redis.url, "a", cluster=cluster_name, timeout=2.0)
    b = RedisBus(own_redis.url, "b", cluster=cluster_name, timeout=2.0, on_reachable=seen.append)
    async with running(a), running(b) as b_inbox:
        b.subscribe("room:r")
        own_redis.stop()
        await asyncio.wait_for(b.until(lambda: not b.reachable), 8)
        own_redis.start()
        await asyncio.wait_for(a.until(lambda: a.reachable), 8)
        await asyncio.wait_for(b.until(lambda: b.reachable), 8)
        for _ in range(100):
            a.publish("room:r", AccountChanged(AccountId("after")))
            try:
                _, message = await b_inbox.next(0.1)
                break
            except TimeoutError:
                continue
        else:
            pytest.fail("b never heard room:r after Redis came back")
        assert message == AccountChanged(AccountId("after"))  # b subscribed again by itself
        assert seen[:3] == [True, False, True]


async def test_after_redis_restarts_a_node_slow_to_come_back_is_waited_for(
    own_redis: OwnRedis, cluster_name: str
) -> None:
    """A restarted Redis holds none of the beats: the node that reconnects first must not take
    the other, still reconnecting, for dead (its people would be shown leaving)."""
    own_redis.start()
    a = RedisBus(own_redis.url, "a", cluster=cluster_name, timeout=1.0)
    b = RedisBus(own_redis.url, "b", cluster=cluster_name, timeout=1.0)
    async with running(a) as a_inbox, running(b):
        await asyncio.wait_for(a.until(lambda: "b" in a.nodes), 10)
        gate = asyncio.Event()
        reconnect = b._connected

        async def held_back() -> None:
            await gate.wait()
            await reconnect()

        b._connected = held_back  # type: ignore[method-assign]
        judged = asyncio.Event()
        find_the_dead = a._find_the_dead
        rounds = 0

        async def counted(client: object) -> None:
            nonlocal rounds
            await find_the_dead(client)
            rounds += 1
            if rounds >= 3:
                judged.set()

        own_redis.stop()
        await asyncio.wait_for(a.until(lambda: not a.reachable), 8)
        await asyncio.wait_for(b.until(lambda: not b.reachable), 8)
        a._find_the_dead = counted  # type: ignore[method-assign]
        own_redis.start()
        await asyncio.wait_for(a.until(lambda: a.reachable), 8)
        await asyncio.wait_for(judged.wait(), 8)  # a looked for the dead three times
        assert a_inbox.queue.empty(), "b was taken for dead while it reconnected"
        assert "b" in a.nodes
        gate.set()
        await asyncio.wait_for(b.until(lambda: b.reachable), 8)
        b.publish(EVERY_NODE, AccountChanged(AccountId("back")))
        assert await a_inbox.next() == (EVERY_NODE, AccountChanged(AccountId("back")))
