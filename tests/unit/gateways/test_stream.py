"""The shared connection glue: commands run in order around one that needs the store, the
pacer makes a burst wait, reading stops past the type-ahead and resumes, a failing command
closes the connection, and output is flushed once per loop turn. No sockets: milliseconds."""

from __future__ import annotations

import asyncio

import pytest

from boudoir.domain.ids import ConnectionId
from boudoir.gateways.pacing import CommandPacer
from boudoir.gateways.stream import FlushEachTurn, StreamClient, Work


class Reading:
    """The part of a transport the glue uses: pausing and resuming reading."""

    def __init__(self) -> None:
        self.paused = 0
        self.resumed = 0

    def pause_reading(self) -> None:
        self.paused += 1

    def resume_reading(self) -> None:
        self.resumed += 1


class Client(StreamClient[str]):
    """``store ...`` lines need the store (a worker task); ``fail`` raises there; the rest run
    at once."""

    def __init__(self, tasks: asyncio.TaskGroup, burst: int = 100, rate: float = 1000.0) -> None:
        super().__init__(FlushEachTurn(), CommandPacer(burst, rate), typeahead=4)
        self.connection_id = ConnectionId("test-1")
        self.tasks = tasks
        self.reading = Reading()
        self.transport = self.reading  # type: ignore[assignment]
        self.ran: list[str] = []
        self.flushes = 0
        self.aborted: str | None = None

    def dispatch(self, item: str) -> Work | None:
        if item.startswith("store") or item == "fail":
            return self.store(item)
        self.ran.append(item)
        return None

    async def store(self, item: str) -> None:
        await asyncio.sleep(0)
        if item == "fail":
            raise RuntimeError(item)
        self.ran.append(item)

    def spawn(self, work: Work) -> asyncio.Task[None] | None:
        return self.tasks.create_task(work)

    def flush(self) -> None:
        self.dirty = False
        self.flushes += 1

    def abort(self, reason: str) -> None:
        self.closing = True
        self.aborted = reason

    def type(self, *lines: str) -> None:
        self.queue.extend(lines)
        self.input_arrived()


async def settle(client: Client) -> None:
    for _ in range(100):
        await asyncio.sleep(0.002)
        if not client.queue and client.worker is None and not client.waiting_for_tokens:
            return


async def test_commands_behind_one_that_needs_the_store_wait_for_it_in_order() -> None:
    async with asyncio.TaskGroup() as tasks:
        client = Client(tasks)
        client.type("say hi", "store join", "say there")
        assert client.ran == ["say hi"]
        assert client.worker is not None
        client.type("say more")
        assert client.ran == ["say hi"], "nothing overtakes the running command"
        await settle(client)
    assert client.ran == ["say hi", "store join", "say there", "say more"]


async def test_past_the_burst_commands_wait_for_tokens_and_none_is_dropped() -> None:
    async with asyncio.TaskGroup() as tasks:
        client = Client(tasks, burst=2, rate=1000.0)
        client.type("a", "b", "c", "d")
        assert client.ran == ["a", "b"]
        assert client.waiting_for_tokens
        await settle(client)
    assert client.ran == ["a", "b", "c", "d"]


async def test_reading_stops_past_the_typeahead_and_resumes_at_half() -> None:
    async with asyncio.TaskGroup() as tasks:
        client = Client(tasks, burst=1, rate=1000.0)
        client.type("a", "b", "c", "d", "e", "f")
        assert client.paused
        assert client.reading.paused == 1
        await settle(client)
    assert client.ran == ["a", "b", "c", "d", "e", "f"]
    assert not client.paused
    assert client.reading.resumed == 1


async def test_a_command_that_fails_closes_the_connection(caplog: pytest.LogCaptureFixture) -> None:
    async with asyncio.TaskGroup() as tasks:
        client = Client(tasks)
        client.type("fail", "say after")
        await settle(client)
    assert client.aborted == "Internal error"
    assert client.ran == [], "nothing runs after"
    assert "error handling str" in caplog.text


async def test_output_is_flushed_once_per_loop_turn() -> None:
    async with asyncio.TaskGroup() as tasks:
        client = Client(tasks)
        client.schedule_flush()
        client.schedule_flush()
        await asyncio.sleep(0)
        assert client.flushes == 1
        client.schedule_flush()
        await asyncio.sleep(0)
        assert client.flushes == 2
