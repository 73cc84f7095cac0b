"""Presence changes visit only the connections that would show them (``PresenceInterest``):
a browser's live list (everyone), IRC MONITOR and telnet friend alerts (names watched), IRC
away-notify (room mates), the subject's own other connections; and consent still decides
for each one visited, exactly as before."""

from __future__ import annotations

from boudoir.core.presence_interest import Shows
from boudoir.domain.entities import PresenceVisibility, Status
from boudoir.domain.events import PresenceChanged
from boudoir.testing.harness import TestPerson, TestWorld

NOTHING = Shows(everyone=False)
"""A connection that shows no one's presence (an IRC client monitoring nobody, in no room)."""


def told(person: TestPerson) -> list[str]:
    """The presence changes delivered to ``person``'s session (not only shown: delivered)."""
    return [
        f"{e.character.name} {e.status.value if e.online else 'offline'}"
        for e in person.session.events
        if isinstance(e, PresenceChanged)
    ]


def shows(person: TestPerson, what: Shows) -> None:
    person.world.presence.shows(person.connection, what)


async def test_a_connection_that_shows_nobody_is_not_told_of_arrivals_or_departures() -> None:
    world = await TestWorld.start()
    quiet = await world.person("quiet")
    shows(quiet, NOTHING)
    carol = await world.person("carol")
    carol.set_status(Status.AWAY, "lunch")
    carol.quit()
    assert told(quiet) == []


async def test_a_watcher_is_told_of_the_names_it_watches_and_only_those() -> None:
    world = await TestWorld.start()
    watcher = await world.person("watcher")
    shows(watcher, Shows.watching(["Carol"]))
    carol = await world.person("carol")
    await world.person("dave")
    carol.set_status(Status.AWAY, "lunch")
    carol.quit()
    assert told(watcher) == ["carol online", "carol away", "carol offline"]


async def test_a_watch_list_change_takes_effect_at_once() -> None:
    world = await TestWorld.start()
    watcher = await world.person("watcher")
    shows(watcher, Shows.watching(["carol"]))
    carol = await world.person("carol")
    dave = await world.person("dave")
    shows(watcher, Shows.watching(["dave"]))
    carol.set_status(Status.AWAY)
    dave.set_status(Status.BUSY)
    assert told(watcher) == ["carol online", "dave busy"]


async def test_a_room_mate_shower_is_told_of_those_sharing_a_room_at_the_change() -> None:
    world = await TestWorld.start()
    irc = await world.person("ircuser")
    shows(irc, Shows(everyone=False, room_mates=True))
    carol = await world.person("carol")
    dave = await world.person("dave")
    await irc.join("lobby")
    await carol.join("lobby")
    await dave.join("elsewhere")
    carol.set_status(Status.AWAY, "tea")
    dave.set_status(Status.AWAY, "coffee")
    carol.leave("lobby")
    carol.set_status(Status.BUSY)
    assert told(irc) == ["carol away"]


async def test_everyone_showers_and_own_connections_are_told_whatever_they_watch() -> None:
    world = await TestWorld.start()
    browser = await world.person("browser")  # the default: a live list of everyone
    carol = await world.person("carol")
    other_tab = await world.login("carol")
    shows(other_tab, NOTHING)
    carol.set_status(Status.LOOKING)
    assert told(browser) == ["carol online", "carol looking"]
    assert told(other_tab) == ["carol looking"], "the subject's own connections always hear"


async def test_a_logged_out_watcher_is_forgotten() -> None:
    world = await TestWorld.start()
    watcher = await world.person("watcher")
    shows(watcher, Shows.watching(["carol"]))
    watcher.quit()
    shows(watcher, Shows.watching(["carol"]))  # a late declaration changes nothing
    await world.person("carol")
    assert told(watcher) == []


async def test_blocks_hide_presence_from_watchers_and_browsers_both_ways() -> None:
    world = await TestWorld.start()
    blocker = await world.person("blocker")
    blocked = await world.person("blocked")
    watcher = await world.person("watcher")
    await blocker.block("blocked")
    shows(blocked, Shows.watching(["carol", "blocker"]))
    shows(watcher, Shows.watching(["blocker", "blocked"]))
    for person in (blocker, blocked, watcher):
        person.forget()
    blocker.set_status(Status.AWAY)
    blocked.set_status(Status.BUSY)
    assert told(blocked) == [], "a block hides the blocker from the one blocked"
    assert told(blocker) == [], "a block hides the blocked from the blocker (a browser)"
    assert told(watcher) == ["blocker away", "blocked busy"]


async def test_friends_only_and_hidden_presence_stay_hidden_from_watchers() -> None:
    world = await TestWorld.start()
    friend = await world.person("friend")
    stranger = await world.person("stranger")
    await world.register("dana")
    await world.register("hidden")
    dana_account = await world.world.accounts.find("dana")
    await world.world.accounts.update_settings(
        dana_account.id, presence_visibility=PresenceVisibility.FRIENDS
    )
    hidden_account = await world.world.accounts.find("hidden")
    await world.world.accounts.update_settings(
        hidden_account.id, presence_visibility=PresenceVisibility.NOBODY
    )
    for person in (friend, stranger):
        shows(person, Shows.watching(["dana", "hidden"]))
    dana = await world.login("dana")
    await dana.befriend("friend")
    friend.forget()
    stranger.forget()
    dana.set_status(Status.AWAY)
    hidden = await world.login("hidden")
    hidden.set_status(Status.AWAY)
    assert told(friend) == ["dana away"]
    assert told(stranger) == []
