"""One contract suite for every ``Bus`` implementation.

Add an implementation by adding its name to ``BUS_KINDS`` and a branch to ``make_bus``. The
tests assume only what the port promises: ``subscribe`` returns once the subscription is active,
and delivery may happen after ``publish`` returns (as across Redis), so they wait for what they
expect instead of checking right after ``publish``. Each test uses its own topics, so a shared
server is safe.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator

import pytest

from boudoir.bus.memory import MemoryBus
from boudoir.core.ports import Bus

BUS_KINDS = ["memory"]

# Generous for a bus across a network; a passing test never waits this long.
DELIVERY_TIMEOUT_SECONDS = 5.0


async def make_bus(kind: str) -> Bus:
    if kind == "memory":
        return MemoryBus()
    raise AssertionError(f"unknown bus kind {kind!r}")


@pytest.fixture(params=BUS_KINDS)
async def bus(request: pytest.FixtureRequest) -> AsyncIterator[Bus]:
    bus = await make_bus(request.param)
    yield bus
    await bus.close()


@pytest.fixture
def topic() -> str:
    return f"test.{uuid.uuid4().hex}"


class Recorder:
    """A handler that keeps what it receives and lets a test wait for it."""

    def __init__(self) -> None:
        self.received: list[tuple[str, bytes]] = []
        self._changed = asyncio.Condition()

    async def __call__(self, topic: str, payload: bytes) -> None:
        async with self._changed:
            self.received.append((topic, payload))
            self._changed.notify_all()

    @property
    def payloads(self) -> list[bytes]:
        return [payload for _, payload in self.received]

    async def wait_for(self, count: int) -> list[bytes]:
        """Wait until at least ``count`` messages arrived; return all payloads so far."""
        async with asyncio.timeout(DELIVERY_TIMEOUT_SECONDS), self._changed:
            await self._changed.wait_for(lambda: len(self.received) >= count)
        return self.payloads


async def failing_handler(topic: str, payload: bytes) -> None:
    raise ValueError("this handler always fails")


async def test_subscriber_receives_what_is_published_on_its_topic(bus: Bus, topic: str) -> None:
    alice = Recorder()
    await bus.subscribe(topic, alice)

    await bus.publish(topic, b"hello")

    assert await alice.wait_for(1) == [b"hello"]
    assert alice.received == [(topic, b"hello")]


async def test_subscriber_does_not_receive_other_topics(bus: Bus, topic: str) -> None:
    alice = Recorder()
    await bus.subscribe(topic, alice)

    await bus.publish(f"{topic}.other", b"not for alice")
    await bus.publish(topic + "-suffix", b"not for alice either")
    # Delivery on one subscription is ordered, so once the marker arrives the others would have.
    await bus.publish(topic, b"marker")

    assert await alice.wait_for(1) == [b"marker"]


async def test_publish_without_subscribers_is_fine(bus: Bus, topic: str) -> None:
    await bus.publish(topic, b"nobody listens")


async def test_two_subscribers_both_receive(bus: Bus, topic: str) -> None:
    alice, bob = Recorder(), Recorder()
    await bus.subscribe(topic, alice)
    await bus.subscribe(topic, bob)

    await bus.publish(topic, b"hi both")

    assert await alice.wait_for(1) == [b"hi both"]
    assert await bob.wait_for(1) == [b"hi both"]


async def test_order_of_messages_is_preserved(bus: Bus, topic: str) -> None:
    alice = Recorder()
    await bus.subscribe(topic, alice)
    sent = [f"message {number}".encode() for number in range(50)]

    for payload in sent:
        await bus.publish(topic, payload)

    assert await alice.wait_for(len(sent)) == sent


async def test_payload_bytes_arrive_unchanged(bus: Bus, topic: str) -> None:
    alice = Recorder()
    await bus.subscribe(topic, alice)
    payloads = [b"", b"\x00\xff\r\n", "caf\u00e9 \u2615".encode(), bytes(range(256)) * 64]

    for payload in payloads:
        await bus.publish(topic, payload)

    assert await alice.wait_for(len(payloads)) == payloads


async def test_failing_handler_does_not_stop_the_others(
    bus: Bus, topic: str, caplog: pytest.LogCaptureFixture
) -> None:
    alice = Recorder()
    await bus.subscribe(topic, failing_handler)
    await bus.subscribe(topic, alice)

    with caplog.at_level(logging.ERROR, logger="boudoir.bus"):
        await bus.publish(topic, b"first")
        await bus.publish(topic, b"second")
        assert await alice.wait_for(2) == [b"first", b"second"]

    failures = [record for record in caplog.records if record.name.startswith("boudoir.bus")]
    assert len(failures) == 2
    assert all(record.exc_info is not None for record in failures)


async def test_publish_after_close_raises(bus: Bus, topic: str) -> None:
    await bus.close()

    with pytest.raises(RuntimeError, match="closed"):
        await bus.publish(topic, b"too late")


async def test_close_unsubscribes_and_can_be_repeated(bus: Bus, topic: str) -> None:
    alice = Recorder()
    await bus.subscribe(topic, alice)

    await bus.close()
    await bus.close()

    with pytest.raises(RuntimeError, match="closed"):
        await bus.subscribe(topic, alice)
    assert alice.received == []
