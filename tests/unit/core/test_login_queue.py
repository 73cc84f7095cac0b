"""The login queue: a few verifications at once, the others in fair turns, each told how many
are ahead of it."""

from __future__ import annotations

import asyncio

from boudoir.core.login_queue import LoginQueue


class Logins:
    """Logins that enter the queue and hold their place until released, recording the order in
    which they got their turn and what they were told while waiting."""

    def __init__(self, queue: LoginQueue) -> None:
        self.queue = queue
        self.served: list[str] = []
        self.told: dict[str, list[int]] = {}
        self._release: dict[str, asyncio.Event] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}

    async def arrive(self, name: str, address: str) -> None:
        self._release[name] = asyncio.Event()
        self.told[name] = []
        self.tasks[name] = asyncio.create_task(self._login(name, address))
        await settle()

    async def _login(self, name: str, address: str) -> None:
        async with self.queue.turn(address, self.told[name].append):
            self.served.append(name)
            await self._release[name].wait()

    async def finish(self, name: str) -> None:
        self._release[name].set()
        await self.tasks[name]
        await settle()


async def settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)  # turns of the loop, not a wait for time


async def test_only_as_many_as_allowed_are_verified_at_once_and_the_rest_wait_in_order() -> None:
    logins = Logins(LoginQueue(at_once=1))
    for name in ("ann", "ben", "cat"):
        await logins.arrive(name, "10.0.0.1")
    assert logins.served == ["ann"]
    await logins.finish("ann")
    assert logins.served == ["ann", "ben"]
    await logins.finish("ben")
    await logins.finish("cat")
    assert logins.served == ["ann", "ben", "cat"]


async def test_a_waiting_login_is_told_how_many_are_ahead_and_one_served_at_once_is_not() -> None:
    logins = Logins(LoginQueue(at_once=2))
    for name in ("ann", "ben", "cat", "dan"):
        await logins.arrive(name, "10.0.0.1")
    assert logins.told == {"ann": [], "ben": [], "cat": [0], "dan": [1]}
    assert logins.queue.waiting == 2


async def test_one_address_with_many_logins_does_not_hold_back_a_later_address() -> None:
    logins = Logins(LoginQueue(at_once=1))
    await logins.arrive("busy-0", "10.0.0.1")  # served at once
    for number in range(1, 6):
        await logins.arrive(f"busy-{number}", "10.0.0.1")
    await logins.arrive("other", "10.0.0.2")
    # The later address gets the next turn: one each per round.
    assert logins.told["other"] == [1]
    await logins.finish("busy-0")
    await logins.finish("busy-1")
    assert logins.served == ["busy-0", "busy-1", "other"]
    assert logins.told["busy-5"] == [4]  # told on arriving: busy-1 to busy-4 ahead


async def test_a_login_that_gives_up_while_waiting_leaves_its_place_to_the_next() -> None:
    logins = Logins(LoginQueue(at_once=1))
    for name in ("ann", "ben", "cat"):
        await logins.arrive(name, "10.0.0.1")
    logins.tasks["ben"].cancel()  # the connection dropped
    await settle()
    assert logins.queue.waiting == 1
    await logins.finish("ann")
    assert logins.served == ["ann", "cat"]
    await logins.finish("cat")
    assert (logins.queue.running, logins.queue.waiting) == (0, 0)


async def test_the_queue_says_when_it_has_drained() -> None:
    queue = LoginQueue(at_once=1)
    drained: list[bool] = []
    queue.drained.append(lambda: drained.append(True))
    logins = Logins(queue)
    await logins.arrive("ann", "10.0.0.1")
    await logins.arrive("ben", "10.0.0.2")
    await logins.finish("ann")
    assert drained == []
    await logins.finish("ben")
    assert drained == [True]


async def test_positions_stay_right_with_thousands_waiting_from_one_address() -> None:
    logins = Logins(LoginQueue(at_once=1))
    for number in range(300):
        await logins.arrive(f"p{number}", "127.0.0.1")
    assert logins.told["p299"] == [298]
    for number in range(100):
        await logins.finish(f"p{number}")
    assert logins.served[-1] == "p100"
    await logins.arrive("late", "127.0.0.1")
    assert logins.told["late"] == [199]  # p101 to p299 still wait
    await logins.arrive("elsewhere", "10.0.0.9")
    assert logins.told["elsewhere"] == [0]  # its first login joins the round being served
    await logins.finish("p100")
    assert logins.served[-1] == "elsewhere"
