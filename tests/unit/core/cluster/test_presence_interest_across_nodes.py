"""Presence changes reach the watchers on other nodes as on one node: the deciding node visits
every connection of the other nodes (their own node shows what it is told), and consent holds
for each of them there as here."""

from __future__ import annotations

from boudoir.core.presence_interest import Shows
from boudoir.domain.entities import Status
from boudoir.domain.events import PresenceChanged
from boudoir.testing.harness import TestPerson

from .nodes import Nodes


def told(person: TestPerson) -> list[str]:
    return [
        f"{e.character.name} {e.status.value if e.online else 'offline'}"
        for e in person.session.events
        if isinstance(e, PresenceChanged)
    ]


async def test_a_watcher_on_another_node_is_told_and_a_blocked_one_is_not(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    watcher = await b.person("watcher")
    blocked = await b.person("blocked")
    quiet = await a.person("quiet")
    for person in (watcher, blocked):
        person.world.presence.shows(person.connection, Shows.watching(["carol"]))
    quiet.world.presence.shows(quiet.connection, Shows(everyone=False))
    await a.register("carol")
    await nodes.settle()
    for person in (watcher, blocked, quiet):
        person.forget()
    carol = await a.login("carol")
    await carol.block("blocked")
    await nodes.settle()
    assert told(blocked) == ["carol online", "carol offline"], "a block reads as leaving"
    blocked.forget()
    carol.set_status(Status.AWAY, "tea")
    await nodes.settle()
    carol.quit()
    await nodes.settle()
    assert told(watcher) == ["carol online", "carol away", "carol offline"]
    assert told(blocked) == [], "hidden from the block on, as on one node"
    assert told(quiet) == [], "a connection on carol's own node that shows nobody"


async def test_a_watcher_here_is_told_of_someone_on_another_node(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    watcher = await a.person("watcher")
    watcher.world.presence.shows(watcher.connection, Shows.watching(["dave"]))
    await b.register("dave")
    await nodes.settle()
    dave = await b.login("dave")
    await nodes.settle()
    dave.set_status(Status.BUSY)
    await nodes.settle()
    dave.quit()
    await nodes.settle()
    assert told(watcher) == ["dave online", "dave busy", "dave offline"]
