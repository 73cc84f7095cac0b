"""Profiles, partner search and ads over real sockets on every gateway: IRC's WHOIS and
NickServ PROFILE/SEARCH, telnet's +finger, compare, search and ads, the browser's ad event; and
a block that makes a profile look absent everywhere, exactly as a name nobody has."""

from __future__ import annotations

from boudoir.domain.profiles import (
    InterestLevel,
    ProfilePatch,
    ProfileSection,
    SectionAudience,
)

from ..irc.clients import RawClient, raw_client
from .harness import All
from .test_consent import stand_in, telnet_client

EVERYONE = SectionAudience.EVERYONE
PUBLIC = tuple((section, EVERYONE) for section in ProfileSection)


async def profile_of(everything: All, name: str, *, findable: bool = True) -> None:
    """``name`` registered with a public profile: a fox who loves rope and praise."""
    world = everything.site.world
    if f"token-{name}" not in everything.site.logins:
        await everything.site.person(name)
    account = await world.accounts.find(name)
    details = (("species", "fox"), ("gender", "woman"), ("languages", ("en",)))
    await world.update_character(
        account.id,
        name,
        pronouns="she/her",
        short_description="A sly courier.",
        hard_limits=["gore"],
        profile=ProfilePatch(
            details=details,
            kinks=(("rope", InterestLevel.FAVOURITE), ("praise", InterestLevel.YES)),
            visibility=PUBLIC,
            findable=findable,
        ),
    )


async def notices(client: RawClient, line: str, last: str) -> list[str]:
    """NickServ's notices answering ``line``, up to the one containing ``last``."""
    mark = client.inbox.mark()
    client.send(f"PRIVMSG NickServ :{line}")
    while True:
        got = await client.expect("NOTICE", sender="NickServ")
        if last in got.params[-1]:
            break
    return [x.params[-1] for x in client.inbox.since(mark) if x.nick == "NickServ"]


async def test_the_profile_on_every_gateway_and_a_block_makes_it_absent(
    world_of_three: All,
) -> None:
    everything = world_of_three
    world = everything.site.world
    await profile_of(everything, "Pia")
    pia = await everything.site.browser("Pia")  # online, for WHOIS
    await everything.site.person("Vic")
    vic = await raw_client(everything.irc_port, "Vic")
    tom = await everything.telnet("Tom")
    try:
        # IRC: WHOIS carries the short profile; NickServ PROFILE the sections shared.
        vic.send("WHOIS Pia")
        lines = await vic.inbox.until("318")
        special = [x.params[-1] for x in lines if x.command == "320"]
        assert special == ["is species fox; gender woman; pronouns she/her", "A sly courier."]
        shown = await notices(vic, "PROFILE Pia", "Hard limits")
        assert "Species: fox" in shown
        assert "Favourites: Rope" in shown
        assert "Hard limits: gore" in shown
        # Telnet: +finger.
        tom.send("+finger Pia")
        await tom.expect("Species: fox")
        await tom.expect("Favourites: Rope.")
        await tom.expect("Hard limits: gore.")

        pia_account = (await world.accounts.find("Pia")).id
        await world.relations.block_account(pia_account, "Vic")
        await world.relations.block_account(pia_account, "Tom")

        vic.send("WHOIS Pia")
        blocked = [(x.command, x.params[1:]) for x in await vic.inbox.until("318")]
        vic.send("WHOIS Nobody")
        unknown = [(x.command, x.params[1:]) for x in await vic.inbox.until("318")]
        assert [c for c, _ in blocked] == [c for c, _ in unknown] == ["401", "318"]
        absent = await notices(vic, "PROFILE Pia", "Pia")
        missing = await notices(vic, "PROFILE Nobody", "Nobody")
        assert [x.replace("Pia", "X") for x in absent] == [
            x.replace("Nobody", "X") for x in missing
        ]
        tom.send("+finger Pia")
        by_block = (await tom.expect(r"[^\n]*Pia[^\n]*\n", regex=True)).strip().splitlines()[-1]
        tom.send("+finger Nobody")
        by_name = (await tom.expect(r"[^\n]*Nobody[^\n]*\n", regex=True)).strip().splitlines()[-1]
        assert by_block.replace("Pia", "X") == by_name.replace("Nobody", "X")
    finally:
        await vic.close()
        await tom.close()
        await pia.socket.close()


async def test_search_and_compare_over_irc_and_telnet(world_of_three: All) -> None:
    everything = world_of_three
    await profile_of(everything, "Pia")
    await profile_of(everything, "Quinn", findable=False)
    await profile_of(everything, "Vic")
    tom = await everything.telnet("Tom")
    vic = await raw_client(everything.irc_port, "Vic")
    try:
        account = await everything.site.world.accounts.find("Tom")
        await everything.site.world.update_character(
            account.id, "Tom", profile=ProfilePatch(kinks=(("rope", InterestLevel.FAVOURITE),))
        )
        tom.send("search")
        found = await tom.expect('Type "+finger <name>"')
        assert "Pia (offline), score 1" in found
        assert "Quinn" not in found  # did not ask to be found
        assert "you both love Rope" in found
        tom.send("compare Pia")
        await tom.expect("Rope: favourite / favourite  <- match")

        shown = await notices(vic, "SEARCH en", "Pia")
        assert any(line.startswith("Pia (offline) score") for line in shown)
        assert not any("Quinn" in line for line in shown)
        assert not any(line.startswith("Vic ") for line in shown)  # never oneself
    finally:
        await tom.close()
        await vic.close()


async def test_an_ad_reaches_every_gateway_but_not_across_a_block(world_of_three: All) -> None:
    everything = world_of_three
    world = everything.site.world
    tess = await everything.telnet("Tess")
    cora = await everything.telnet("Cora")
    await everything.site.person("Vic")
    vic = await raw_client(everything.irc_port, "Vic")
    wren = await everything.site.browser("Wren")
    try:
        for name in ("Tess", "Cora"):
            await stand_in(everything, name, "tavern")
        owner = telnet_client(everything, "Tess").conn
        assert owner is not None
        tess.send("ad Anyone up for a heist?")
        await tess.expect("This room does not take ads.")
        await world.rooms.set_ads(owner, "tavern", True)
        await tess.expect("opened the room to ads")
        vic.send("JOIN #tavern")
        await vic.expect("366")
        assert (await wren.call("join", room="tavern"))["room"]["ads"] is True
        await world.relations.block_account((await world.accounts.find("Cora")).id, "Tess")

        tess.send("ad Anyone up for a heist tonight?")
        await tess.expect("[Ad] Tess: Anyone up for a heist tonight?")
        notice = await vic.expect("NOTICE", "#tavern", sender="Tess")
        assert notice.params[-1] == "[AD] Anyone up for a heist tonight?"
        ad = await wren.expect("ad", room="tavern")
        assert (ad["from"], ad["text"], ad["tags"]) == (
            "Tess",
            "Anyone up for a heist tonight?",
            [],
        )

        tess.send("ad again!")
        await tess.expect("One ad per room every 10 minutes")
        wrens = await wren.call("ad", room="tavern", text="Wren seeks a partner in crime")
        assert wrens["type"] == "ok"
        await tess.expect("[Ad] Wren: Wren seeks a partner in crime")
        again = await wren.call("ad", room="tavern", text="and another")
        assert (again["type"], again["code"]) == ("error", "throttled")

        cora.send("ads")
        listed = await cora.expect("Wren seeks a partner in crime")
        assert "heist" not in listed  # Cora blocks Tess: her ad never reached Cora
        listing = await wren.call("ads", room="tavern")
        assert [a["from"] for a in listing["ads"]] == ["Tess", "Wren"]
    finally:
        for person in (tess, cora):
            await person.close()
        await vic.close()
        await wren.socket.close()
