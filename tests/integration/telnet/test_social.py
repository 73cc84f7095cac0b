"""People over telnet: WHO, ws, +finger, laston, wf, away/back, @doing, @set, @password,
@char and message requests, against the browser's and the core's view of the same world."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from boudoir.core.account_sync import PASSWORD_CHANGED
from boudoir.domain.entities import Audience, InterestLevel, PresenceVisibility

from ..irc.clients import raw_client
from ..web_socket.harness import PASSWORD
from .harness import All, TelnetPerson


@asynccontextmanager
async def stranger_paged(everything: All) -> AsyncIterator[tuple[TelnetPerson, TelnetPerson]]:
    """Tess and Ned logged in, strangers, Tess's first page waiting for Ned's yes."""
    tess = await everything.telnet("Tess")
    ned = await everything.telnet("Ned")
    try:
        tess.send("page Ned=hello there")
        await ned.expect("Tess would like to page you:")
        yield tess, ned
    finally:
        await tess.close()
        await ned.close()


async def who(person: TelnetPerson) -> str:
    """The WHO table ``person`` reads (without what they read before it)."""
    text = await person.command("WHO", r"(people are|person is) online\.", regex=True)
    return text[text.rfind("Name  ") :]


async def _account(everything: All, name: str):  # type: ignore[no-untyped-def]
    return await everything.site.world.accounts.find(name)


async def test_pronouns_and_descriptions_set_over_telnet_show_in_the_browser_profile(
    world_of_three: All,
) -> None:
    everything = world_of_three
    await everything.site.person("Willow")
    tess = await everything.telnet("Tess")
    try:
        await tess.command("@set me=pronouns:she/her", "Pronouns set: she/her")
        await tess.command("@desc me=A red fox in a green coat.", "Description set.")
        await tess.command("@set me=long:First line.%rSecond line.", "Long description set.")
        willow = await _account(everything, "Willow")
        profile = await everything.site.world.profile(willow, "Tess")
        assert profile.character.pronouns == "she/her"
        assert profile.character.short_description == "A red fox in a green coat."
        assert profile.character.long_description == "First line.\nSecond line."
    finally:
        await tess.close()


async def test_consent_tags_show_in_finger_only_to_the_audience_their_owner_chose(
    world_of_three: All,
) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    ned = await everything.telnet("Ned")
    try:
        await tess.command("@set me=favourites:slow burn, rope", "Interests (favourite) set")
        await tess.command("@set me=limits:gore", "Hard limits set: gore.")
        ned.send("+finger Tess")
        await ned.expect("Tess")
        await ned.expect("Kinks and interests: not shared with you.")
        await tess.command("@set me=audience:everyone", "shown to everyone")
        ned.send("+finger Tess")
        await ned.expect("Favourites: slow burn, rope.")
        await ned.expect("Hard limits: gore.")
        character = await everything.site.world.characters.find("Tess")
        assert [i.level for i in character.interests] == [InterestLevel.FAVOURITE] * 2
        assert character.profile_audience is Audience.EVERYONE
    finally:
        await tess.close()
        await ned.close()


async def test_finger_of_a_blocker_reads_like_an_unknown_name(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Bea")
    tess = await everything.telnet("Tess")
    try:
        world = everything.site.world
        await world.relations.block_account((await _account(everything, "Bea")).id, "Tess")
        answer = r"[^\n]*(Bea|Bex)[^\n]*\n"
        tess.send("+finger Bea")
        blocked = (await tess.expect(answer, regex=True)).rsplit("\n", 2)[-2]
        tess.send("+finger Bex")
        unknown = (await tess.expect(answer, regex=True)).rsplit("\n", 2)[-2]
        assert blocked.replace("Bea", "X") == unknown.replace("Bex", "X")
        assert "No character" in unknown
    finally:
        await tess.close()


async def test_who_lists_people_online_but_not_someone_who_blocked_you(
    world_of_three: All,
) -> None:
    everything = world_of_three
    willow = await everything.site.browser("Willow")
    bea = await everything.site.browser("Bea")
    tess = await everything.telnet("Tess")
    try:
        world = everything.site.world
        await world.relations.block_account((await _account(everything, "Bea")).id, "Tess")
        tess.send("WHO")
        table = await tess.expect("online.")
        assert "Willow" in table
        assert "Tess" in table
        assert "Bea" not in table
        assert "2 people are online." in table
    finally:
        await tess.close()
        await willow.socket.close()
        await bea.socket.close()


async def test_who_hides_someone_who_hides_their_presence(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Hana", presence_visibility=PresenceVisibility.NOBODY)
    hana = await everything.site.browser("Hana")
    tess = await everything.telnet("Tess")
    try:
        table = await who(tess)
        assert "Hana" not in table
    finally:
        await tess.close()
        await hana.socket.close()


async def test_who_shows_doing_and_away_and_screen_reader_who_is_sentences(
    world_of_three: All,
) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    ned = await everything.telnet("Ned")
    try:
        await tess.command("@doing Writing a letter", "@doing set: Writing a letter")
        await ned.command("away brb, tea", "You are marked away: brb, tea")
        table = await who(tess)
        assert "Name" in table
        assert "Idle" in table
        assert "Writing a letter" in table
        assert "(away: brb, tea)" in table
        await tess.command("@set me=screenreader:yes", "Screen reader mode is on.")
        sentences = await tess.command("WHO", "online.")
        assert "Idle" not in sentences
        assert "Ned, idle " in sentences
        assert "away: brb, tea." in sentences
        assert "doing: Writing a letter." in sentences
        await ned.command("back", "You are marked back.")
        again = await tess.command("WHO", "online.")
        assert "away" not in again
    finally:
        await tess.close()
        await ned.close()


async def test_ws_shows_pronouns_and_short_description(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    ned = await everything.telnet("Ned")
    try:
        await ned.command("@set me=pronouns:he/him", "Pronouns set")
        await ned.command("@desc me=An otter, sleek and curious.", "Description set.")
        await ned.command("@set me=species:otter", "short description")
        await tess.expect("Ned is now described as: An otter, sleek and curious.")
        row = await tess.command("ws", "An otter, sleek and curious.")
        row = row[row.rfind("\n") :]
        assert row.split() == [
            "Ned",
            "he/him",
            "online",
            "An",
            "otter,",
            "sleek",
            "and",
            "curious.",
        ]
    finally:
        await tess.close()
        await ned.close()


async def test_friends_are_watched_for_and_listed(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Ann")
    tess = await everything.telnet("Tess")
    try:
        await tess.command("wf/add Ann", "Ann is on your friend list.")
        await tess.command("wf", "Friends online: none.")
        ann = await everything.site.browser("Ann")
        await tess.expect("[wf] Ann has connected.")
        await tess.command("wf", "Friends online: Ann.")
        await tess.command("wf/off", "Friend alerts are off")
        await ann.socket.close()
        ann = await everything.site.browser("Ann")
        await tess.command("wf", "Friends online: Ann.")
        assert "[wf]" not in tess.seen
        await ann.socket.close()
    finally:
        await tess.close()


async def test_laston_says_when_someone_left_and_keeps_hidden_people_hidden(
    world_of_three: All,
) -> None:
    everything = world_of_three
    await everything.site.person("Hana", presence_visibility=PresenceVisibility.NOBODY)
    tess = await everything.telnet("Tess")
    try:
        ned = await everything.telnet("Ned")
        await tess.command("laston Ned", "Ned is online now.")
        await ned.close()
        await tess.expect("Ned has disconnected.")
        await tess.command("laston Ned", "Ned was last online ")
        await tess.command("laston Hana", "Hana does not share when they were last online")
        await tess.command("laston Nobody", "No character is named")
    finally:
        await tess.close()


async def test_a_strangers_page_waits_until_accepted(world_of_three: All) -> None:
    async with stranger_paged(world_of_three) as (tess, ned):
        tess.send("page Ned=second page")
        await ned.command("requests", 'From Tess: "hello there" (and 1 more page)')
        # Accepted, the pages arrive in order, the first one (shown as the request) included.
        await ned.command("accept Tess", 'Tess pages, "hello there"')
        await ned.expect('Tess pages, "second page"')
        await ned.expect("You accepted Tess; they may page you now.")
        tess.send("page Ned=now directly")
        await ned.expect('Tess pages, "now directly"')


async def test_paging_a_stranger_back_shows_their_first_page_and_clears_the_request(
    world_of_three: All,
) -> None:
    async with stranger_paged(world_of_three) as (tess, ned):
        tess.send("page Ned=second page")
        await ned.command("page Tess=hi Tess!", 'Tess pages, "hello there"')
        await ned.expect('Tess pages, "second page"')
        await ned.expect("You paged Tess with")
        await tess.expect('Ned pages, "hi Tess!"')
        await ned.command("requests", "No pages are waiting for your yes.")


async def test_befriending_a_stranger_delivers_their_waiting_pages(world_of_three: All) -> None:
    async with stranger_paged(world_of_three) as (_tess, ned):
        await ned.command("wf/add Tess", 'Tess pages, "hello there"')
        await ned.expect("Tess is on your friend list.")
        await ned.command("requests", "No pages are waiting for your yes.")


async def test_decline_block_drops_the_page_and_blocks(world_of_three: All) -> None:
    async with stranger_paged(world_of_three) as (tess, ned):
        await ned.command("decline/block Tess", "You declined Tess's page and blocked Tess.")
        await ned.command("requests", "No pages are waiting for your yes.")
        assert "Ned" not in await who(tess)


async def test_password_change_takes_effect_at_the_next_login(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    try:
        await tess.command("@password wrong=another-good-password", "password is not right")
        refused = await tess.command(f"@password {PASSWORD}=password1", "the most common")
        assert "Password changed." not in refused
        await tess.command(f"@password {PASSWORD}=another-good-password", "Password changed.")
    finally:
        await tess.close()
    again = await TelnetPerson.log_in(everything.telnet_port, "Tess", "another-good-password")
    await again.close()


async def test_a_password_change_on_telnet_ends_the_browser_and_irc_sessions(
    world_of_three: All,
) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    irc = await raw_client(everything.irc_port, "Tess")
    try:
        browser = await everything.site.browser("Tess")
        await tess.command(f"@password {PASSWORD}=another-good-password", "Password changed.")
        closed = await browser.expect("closed")
        assert closed["reason"] == PASSWORD_CHANGED
        assert await browser.closed_with() == 4000
        await irc.wait_closed()
        assert any(PASSWORD_CHANGED in line.raw for line in irc.inbox.since(0))
        assert "Tess" in await who(tess), "the connection that made the change goes on"
    finally:
        await irc.close()
        await tess.close()


async def test_char_switches_to_another_character_of_the_account(world_of_three: All) -> None:
    everything = world_of_three
    willow = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await tess.command("@char/create Ivy", "Character Ivy created.")
        await tess.command("@char", "Ivy")
        await tess.command("@char Ivy", "You are now Ivy.")
        table = await who(tess)
        assert "Ivy" in table
        assert "Tess" not in table
        tess.send('"hello as Ivy')
        await tess.expect('You say, "hello as Ivy"')
    finally:
        await tess.close()
        await willow.socket.close()


async def test_a_gmcp_client_turned_on_after_login_gets_everyones_presence(
    world_of_three: All,
) -> None:
    # GMCP's Boudoir.Event carries every event a client is sent, presence too: a client that
    # turns GMCP on once logged in is told of arrivals from then on, friend or not.
    everything = world_of_three
    await everything.site.person("Ann")
    tess = await everything.telnet("Tess")
    try:
        tess.writer.write(bytes((255, 253, 201)))  # IAC DO GMCP
        await tess.command("wf", "Your friend list is empty.")
        ann = await everything.site.browser("Ann")
        await tess.command("wf", "Your friend list is empty.")
        assert b"Boudoir.Event" in tess.commands
        assert b'"type": "presence"' in tess.commands or b'"type":"presence"' in tess.commands
        assert b'"name": "Ann"' in tess.commands or b'"name":"Ann"' in tess.commands
        await ann.socket.close()
    finally:
        await tess.close()


async def test_paging_someone_away_says_so_once_the_page_is_delivered(
    world_of_three: All,
) -> None:
    async with stranger_paged(world_of_three) as (tess, ned):
        await ned.command("away out for tea", "You are marked away")
        # Still a request: nothing of Ned's status, as for a page to someone online.
        tess.send("page Ned=second page")
        assert "is away" not in await tess.command("think marker one", "marker one")
        await ned.command("accept Tess", "You accepted Tess")
        text = await tess.command("page Ned=now directly", "Ned is away: out for tea")
        assert "You paged Ned with" in text
        await ned.command("back", "You are marked back.")
        tess.send("page Ned=welcome back")
        assert "is away" not in await tess.command("think marker two", "marker two")
