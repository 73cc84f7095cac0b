"""Serving: every gateway in one asyncio loop with one task group, the account sync, and a
graceful stop on SIGTERM or SIGINT.

Imports ``boudoir.app`` (core, assembly), ``boudoir.gateways`` and ``boudoir.core``.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

from boudoir.app.assembly import Listener, build_gateways, open_file_ceiling, print_readiness
from boudoir.app.core import AppError, Core, join_cluster, open_core, run_bus
from boudoir.app.memory import AllocatorTuning
from boudoir.core.world import World
from boudoir.gateways import Gateway
from boudoir.settings import Settings

logger = logging.getLogger("boudoir.app")
"""Every part of the composition root logs as ``boudoir.app``."""

SHUTDOWN_REASON: Final = "The server is shutting down."
STOP_SIGNALS: Final = (signal.SIGTERM, signal.SIGINT)

EXPIRED_LOGINS_INTERVAL_SECONDS = 3600.0
"""How often expired browser logins are deleted: they are refused at once anyway, so this only
bounds how long the store keeps them."""


async def sync_accounts_forever(world: World, interval_seconds: float) -> None:
    """Every ``interval_seconds``, pick up account changes made by the CLI or other nodes; every
    ``EXPIRED_LOGINS_INTERVAL_SECONDS``, delete browser logins unused for 30 days and mail past
    its keeping time. Each round also ends the calls that rang unanswered too long."""
    loop = asyncio.get_running_loop()
    next_purge = loop.time()
    while True:
        await asyncio.sleep(interval_seconds)
        try:
            world.calls.expire()  # needs no store: first, so a store away does not hold it up
            await world.sync_accounts()
            await world.automod.reload()
            # Expired mutes, room bans and suspensions lapse; suspensions made elsewhere (the
            # CLI, another node) end the sessions here.
            await world.moderation.sweep()
            if loop.time() >= next_purge:
                next_purge = loop.time() + EXPIRED_LOGINS_INTERVAL_SECONDS
                ended = await world.logins.end_expired()
                if ended:
                    logger.info("ended %d browser logins unused for 30 days", ended)
                purged = await world.mail.purge_expired()
                if purged:
                    logger.info("deleted %d letters past their keeping time", purged)
        except Exception:
            # A database that is briefly away (a PostgreSQL restart, a long SQLite write) must
            # not take the server down; the next round tries again.
            logger.exception("account sync failed; next try in %g s", interval_seconds)


class _StopSignals:
    """SIGTERM and SIGINT: the first asks for a graceful stop, a second one cuts it short by
    cancelling the serving task."""

    def __init__(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[Any]) -> None:
        self._loop = loop
        self._task = task
        self.received = asyncio.Event()
        self.name = ""
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _StopSignals:
        for number in STOP_SIGNALS:
            try:
                self._loop.add_signal_handler(number, self._on_signal, number)
            except NotImplementedError:  # Windows: no loop signal handlers
                self._previous[number] = signal.signal(number, self._on_signal_in_thread)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for number in STOP_SIGNALS:
            if number in self._previous:
                signal.signal(number, self._previous.pop(number))
            else:
                self._loop.remove_signal_handler(number)

    def _on_signal_in_thread(self, number: int, frame: object) -> None:
        self._loop.call_soon_threadsafe(self._on_signal, number)

    def _on_signal(self, number: int) -> None:
        name = signal.Signals(number).name
        if not self.received.is_set():
            self.name = name
            self.received.set()
            return
        logger.warning("%s received while shutting down: stopping at once", name)
        self._task.cancel()


async def start_all(gateways_to_start: Sequence[Gateway]) -> list[Listener]:
    """Start every gateway, or none: if one cannot bind, those already started are stopped."""
    listeners: list[Listener] = []
    started: list[Gateway] = []
    try:
        for gateway in gateways_to_start:
            try:
                url = await gateway.start()
            except OSError as error:
                reason = os.strerror(error.errno) if error.errno else str(error)
                raise AppError(
                    f"Cannot listen for {gateway.name} on {gateway.address}: {reason}"
                ) from error
            started.append(gateway)
            listeners.append(Listener(gateway.name, url))
    except BaseException:
        for gateway in started:
            gateway.close(SHUTDOWN_REASON)
            await gateway.run()
        raise
    return listeners


def _return_memory_after_logins(core: Core) -> None:
    """argon2's buffers are mapped and unmapped on their own, and the allocator trims its
    heaps each time the login queue empties (``app.memory``)."""
    allocator = AllocatorTuning()
    if allocator.map_large_blocks():
        core.world.accounts.queue.drained.append(allocator.trim)


async def serve(
    settings: Settings,
    *,
    on_ready: Callable[[Sequence[Listener]], None] = print_readiness,
) -> None:
    """Run the server until SIGTERM or SIGINT, then shut down gracefully: listeners close,
    sessions are told, open connections get ``shutdown_timeout_seconds`` to finish, the store
    closes. Returns normally after a graceful stop."""
    started = time.perf_counter()
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    with _StopSignals(loop, task) as stop:
        async with open_core(settings, migrate=True) as core:
            _return_memory_after_logins(core)
            await join_cluster(core.world, settings)
            await core.world.automod.start()
            # A first start (an empty database, no ``init``) gets the server's default rooms
            # too; later starts never bring back one an operator removed.
            await core.world.rooms.open_server_rooms(settings.default_rooms, only_when_empty=True)
            await core.world.places.open_default_room()
            to_run = build_gateways(core, open_file_ceiling(settings))
            listeners = await start_all(to_run)
            # What start-up made (modules, the store's metadata, the live rooms) lives as long
            # as the process: out of the collector's sight, a full collection no longer walks
            # it again and again while people talk.
            gc.freeze()
            # Where IRC and telnet users are sent to answer a call: the public origin, or
            # the web listener as bound.
            web = next((x.url for x in listeners if x.name == "web"), "")
            core.world.calls.browser_url = settings.web_origin or web
            async with asyncio.TaskGroup() as tasks:
                for gateway in to_run:
                    tasks.create_task(gateway.run(), name=f"gateway {gateway.name}")
                sync = tasks.create_task(
                    sync_accounts_forever(core.world, settings.account_sync_seconds),
                    name="account sync",
                )
                tasks.create_task(core.world.logs.run(), name="log writer")
                feed = tasks.create_task(core.world.rooms.feed.run(), name="directory feed")
                bus = tasks.create_task(run_bus(core.world), name="bus")
                logger.info(
                    "listening after %.0f ms, on %s",
                    (time.perf_counter() - started) * 1000,
                    type(loop).__module__.split(".")[0],
                )
                on_ready(listeners)
                await stop.received.wait()
                logger.info("%s received: shutting down", stop.name)
                for gateway in to_run:
                    gateway.close(SHUTDOWN_REASON)
                core.world.end_sessions(SHUTDOWN_REASON)
                core.world.logs.stop()  # the log writer writes what is left, then returns
                sync.cancel()
                feed.cancel()
                bus.cancel()  # says goodbye to the other nodes on its way out
    logger.info("stopped")
