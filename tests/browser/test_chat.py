"""The browser client against a real server: people in Chromium, and one on IRC."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Locator, expect

from integration.telnet.harness import TelnetPerson

from .people import PASSWORD, ColorScheme, Crowd, IrcPerson, tab_to, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow


async def test_two_browsers_and_an_irc_user_share_a_room(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("parlour")
    await alice.join(room)
    await bob.join(room)
    await expect(alice.page.get_by_role("complementary", name="Members")).to_contain_text(bob.name)

    await alice.send("hello there")
    await alice.send("/me waves from the doorway")
    await alice.send("((brb, tea))")

    speech = bob.message("hello there")
    await expect(speech).to_have_text(re.compile(rf"{alice.name}: hello there$"))
    await expect(speech).to_have_class(re.compile(r"\bkind-say\b"))
    pose = bob.message("waves from the doorway")
    await expect(pose).to_have_text(re.compile(rf"{alice.name} waves from the doorway$"))
    await expect(pose.locator(".body")).to_have_css("font-style", "italic")
    ooc = bob.message("brb, tea")
    await expect(ooc).to_have_class(re.compile(r"\bkind-ooc\b"))
    await expect(ooc.get_by_text("OOC", exact=True)).to_be_visible()
    # Alice's own messages come back to her the same way.
    await expect(alice.message("hello there")).to_have_count(1)

    # Typing indicators: bob types without sending; alice sees it.
    await bob.composer.press_sequentially("thinking")
    await expect(alice.page.locator(".typing")).to_have_text(f"{bob.name} is typing…")
    await bob.composer.fill("")

    carol = await IrcPerson.register(crowd.server.irc_port, unique("Carol"))
    try:
        carol.send(f"JOIN #{room}")
        await carol.expect(" 366 ")
        for person in (alice, bob):
            members = person.page.get_by_role("complementary", name="Members")
            await expect(members).to_contain_text(carol.name)
        carol.send(f"PRIVMSG #{room} :hello from IRC")
        for person in (alice, bob):
            await expect(person.message("hello from IRC")).to_have_text(
                re.compile(rf"{carol.name}: hello from IRC$")
            )
        await bob.send("and hello to IRC")
        line = await carol.expect("and hello to IRC")
        assert line.startswith(f":{bob.name}!")
    finally:
        await carol.close()
    await screenshot(alice.page, "room")

    # Alice reads the lobby while bob talks: the room is marked unread in her sidebar.
    await alice.page.goto("/#/lobby")
    await alice.wait_lobby()
    await expect(alice.page.locator(".room-card", has_text=f"#{room}")).to_contain_text("members")
    await screenshot(alice.page, "lobby")
    await bob.send("are you still there?")
    room_link = alice.sidebar.get_by_role("link", name=re.compile(f"#{room}"))
    await expect(room_link).to_contain_text("1 unread")
    await room_link.click()
    await expect(alice.page.get_by_role("separator")).to_have_text("New messages")
    await expect(alice.message("are you still there?")).to_be_visible()
    await expect(room_link).not_to_contain_text("unread")


async def test_refused_direct_message_shows_only_the_neutral_refusal(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    await bob.set_dm_policy("Nobody")
    await screenshot(bob.page, "settings")

    await alice.page.goto(f"/#/dm/{bob.name}")
    await alice.send("can we talk?", refused=True)
    refusal = alice.log.locator("li.refusal")
    await expect(refusal).to_have_count(1)
    await expect(refusal).to_contain_text("Not sent")
    # The server's own words, which never say why (policy, block or absence look the same).
    refusal_text = await refusal.inner_text()
    assert "nobody" not in refusal_text.lower()
    assert "polic" not in refusal_text.lower()
    assert "block" not in refusal_text.lower()
    # Nothing is lost: the text is back in the box.
    await expect(alice.composer).to_have_value("can we talk?")
    await expect(bob.sidebar).not_to_contain_text(alice.name)


async def test_a_strangers_request_is_accepted_and_the_conversation_goes_on(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    dave = await crowd.signed_up("Dave")
    await alice.set_dm_policy("Anyone (strangers' first messages wait as requests)")

    await dave.page.goto(f"/#/dm/{alice.name}")
    await dave.send("hi, fancy a scene?")
    await expect(dave.message("hi, fancy a scene?")).to_be_visible()
    await dave.send("/me tips his hat")

    requests_link = alice.sidebar.get_by_role("link", name=re.compile("Requests"))
    await expect(requests_link).to_contain_text("1 unread")
    await requests_link.click()
    request = alice.page.locator(".request", has_text=dave.name)
    await expect(request).to_contain_text("hi, fancy a scene?")
    await screenshot(alice.page, "requests")
    await request.get_by_role("button", name="Accept", exact=True).click()

    await expect(alice.page.get_by_role("heading", name=dave.name)).to_be_visible()
    await expect(alice.message("hi, fancy a scene?")).to_be_visible()
    await expect(alice.message("tips his hat")).to_have_text(
        re.compile(rf"{dave.name} tips his hat$")
    )
    await alice.send("gladly!")
    await expect(dave.message("gladly!")).to_have_text(re.compile(rf"{alice.name}: gladly!$"))
    await dave.send("wonderful")
    await expect(alice.message("wonderful")).to_be_visible()
    await screenshot(alice.page, "direct-messages")


async def test_writing_back_to_a_stranger_clears_their_request_and_shows_their_first_message(
    crowd: Crowd,
) -> None:
    alice = await crowd.signed_up("Alice")
    hana = await crowd.signed_up("Hana")
    await alice.set_dm_policy("Anyone (strangers' first messages wait as requests)")
    await hana.page.goto(f"/#/dm/{alice.name}")
    await hana.send("hello, are you free tonight?")
    await hana.send("/me waits by the fire")
    requests_link = alice.sidebar.get_by_role("link", name=re.compile("Requests"))
    await expect(requests_link).to_contain_text("1 unread")

    # Alice writes to Hana instead of pressing Accept: that answers the request.
    await alice.page.goto(f"/#/dm/{hana.name}")
    await alice.send("hello Hana!")
    first = alice.message("hello, are you free tonight?")
    await expect(first).to_have_text(re.compile(rf"{hana.name}: hello, are you free tonight\?$"))
    await expect(alice.message("waits by the fire")).to_be_visible()
    order = await alice.log.locator("li.message").all_inner_texts()
    assert [n for n, line in enumerate(order) if "free tonight" in line] < [
        n for n, line in enumerate(order) if "hello Hana!" in line
    ], order
    await expect(requests_link).not_to_contain_text("unread")
    await requests_link.click()
    await expect(alice.page.locator(".request")).to_have_count(0)
    await expect(alice.main).to_contain_text("No requests.")
    await expect(hana.message("hello Hana!")).to_be_visible()


async def test_a_strangers_letter_shows_as_a_request_with_its_subject_only(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    tess = await crowd.signed_up("Tess")
    await alice.set_dm_policy("Anyone (strangers' first messages wait as requests)")
    muck = await TelnetPerson.log_in(crowd.server.telnet_port, tess.name, PASSWORD)
    try:
        await muck.command(f"mail {alice.name}=Tonight/Meet me at the old mill.", "Mail sent")
        await muck.command(f"page {alice.name}=I wrote you a letter", "You paged")
    finally:
        await muck.close()
    requests_link = alice.sidebar.get_by_role("link", name=re.compile("Requests"))
    await expect(requests_link).to_contain_text("1 unread")
    await requests_link.click()
    request = alice.page.locator(".request", has_text=tess.name)
    await expect(request).to_contain_text("A letter: Tonight.")
    await expect(request).to_contain_text("1 more message waits for your answer.")
    await expect(alice.main).not_to_contain_text("old mill")
    await screenshot(alice.page, "letter-request")
    await request.get_by_role("button", name="Accept", exact=True).click()
    await expect(alice.page.get_by_role("heading", name=tess.name)).to_be_visible()
    await expect(alice.message("I wrote you a letter")).to_be_visible()
    await expect(requests_link).not_to_contain_text("unread")


XSS_IMAGE = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(2)</script>"


async def test_markup_in_profiles_and_messages_stays_text(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")

    await alice.page.goto("/#/characters")
    await alice.page.get_by_label("Pronouns").fill(XSS_SCRIPT)
    await alice.page.get_by_label("Short description").fill(XSS_IMAGE)
    await alice.page.get_by_label("Long description").fill(f"{XSS_SCRIPT}\n\n{XSS_IMAGE}")
    for section in ("kinks and interests", "hard limits"):
        await alice.page.get_by_label(f"Who sees {section}").select_option(label="Everyone")
    await alice.page.get_by_role("button", name="Add interest").click()
    await alice.page.get_by_label("Interest", exact=True).fill(XSS_IMAGE)
    await alice.page.get_by_label("Hard limits", exact=True).fill(XSS_SCRIPT)
    await alice.page.get_by_role("button", name="Save profile").click()
    await expect(alice.page.get_by_text("Profile saved.", exact=True)).to_be_visible()

    room = unique("den")
    await alice.join(room)
    await bob.join(room)
    await alice.send(XSS_IMAGE)
    await alice.send(f"/me {XSS_SCRIPT}")
    await expect(bob.message(XSS_IMAGE)).to_have_text(re.compile(re.escape(f": {XSS_IMAGE}")))
    await expect(bob.message(XSS_SCRIPT)).to_be_visible()

    await bob.log.get_by_role("button", name=alice.name).first.click()
    panel = bob.page.get_by_role("complementary", name=alice.name)
    await expect(panel.locator(".short-description")).to_have_text(XSS_IMAGE)
    await expect(panel).to_contain_text(XSS_SCRIPT)
    await expect(panel.locator(".interests")).to_contain_text(XSS_IMAGE)
    await screenshot(bob.page, "profile-panel")
    for person in (alice, bob):
        assert await person.page.locator("#main img, #panel img, #main script").count() == 0
    await bob.page.keyboard.press("Escape")
    await expect(panel).to_be_hidden()
    # crowd's teardown fails the test if any dialog opened.


async def test_phone_sized_screen_has_a_drawer(crowd: Crowd) -> None:
    phone = await crowd.signed_up("Phoebe", viewport={"width": 390, "height": 800})
    toggle = phone.page.get_by_role("button", name="Rooms and conversations")
    await expect(toggle).to_be_visible()
    await expect(phone.sidebar).to_be_hidden()
    await toggle.click()
    await expect(phone.sidebar).to_be_visible()
    await expect(toggle).to_have_attribute("aria-expanded", "true")
    await screenshot(phone.page, "phone-drawer")
    await phone.page.keyboard.press("Escape")
    await expect(phone.sidebar).to_be_hidden()
    await phone.join(unique("nook"))
    await phone.send("small screens welcome")
    await expect(phone.message("small screens welcome")).to_be_visible()
    await screenshot(phone.page, "phone-room")


async def test_sign_up_with_the_keyboard_only(crowd: Crowd) -> None:
    person = await crowd.person("Kay")
    page = person.page
    await page.goto("/#/signup")
    name = page.get_by_label("Name", exact=True)
    await expect(name).to_be_focused()
    await page.keyboard.type(person.name)
    await page.keyboard.press("Tab")
    await page.keyboard.type("correct-horse-battery-staple")
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Date of birth")).to_be_focused()
    await page.keyboard.type("01011990")  # month, day, year in the en-US date field
    statement = page.get_by_label(re.compile("I am at least 18 years old"))
    # Chromium's date field keeps one more Tab stop for its calendar button.
    await tab_to(page, statement, most=2)
    await page.keyboard.press("Space")
    await expect(statement).to_be_checked()
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("button", name="Create account")).to_be_focused()
    await screenshot(page, "sign-up")
    await page.keyboard.press("Enter")
    await person.wait_lobby()


async def test_sign_up_refusal_shows_the_servers_reason(crowd: Crowd) -> None:
    person = await crowd.person("Young")
    page = person.page
    await page.goto("/#/signup")
    await page.get_by_label("Name", exact=True).fill(person.name)
    await page.get_by_label("Password", exact=True).fill("correct-horse-battery-staple")
    await page.get_by_label("Date of birth").fill("2020-01-01")
    await page.get_by_label(re.compile("I am at least 18 years old")).check()
    await page.get_by_role("button", name="Create account").click()
    # The server's own words (it checks the age from the date, whatever the box says).
    await expect(page.get_by_role("alert")).to_contain_text("18 or over")
    await expect(page.get_by_role("heading", name="Join Boudoir")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_the_theme_follows_the_system_and_the_setting(
    crowd: Crowd, scheme: ColorScheme
) -> None:
    person = await crowd.signed_up("Theo", color_scheme=scheme)
    page = person.page
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    await screenshot(page, f"lobby-{scheme}")
    other = "dark" if scheme == "light" else "light"
    await page.goto("/#/settings")
    await page.get_by_label(other.capitalize(), exact=True).check()
    await expect(page.locator("body")).not_to_have_css("background-color", background)
    await screenshot(page, f"settings-{other}")


THEME_AT_FIRST_READ = """
document.addEventListener("readystatechange", () => {
  if (document.readyState === "interactive" && window.themeBeforeApp === undefined) {
    // The page is read, its module (the app) not yet run: what the first paint shows.
    window.themeBeforeApp = document.documentElement.dataset.theme || "system";
  }
});
"""


async def test_a_chosen_theme_is_in_place_before_the_app_runs_and_follows_other_tabs(
    crowd: Crowd,
) -> None:
    person = await crowd.signed_up("Thea", color_scheme="light")
    await person.context.add_init_script(THEME_AT_FIRST_READ)
    page = person.page
    await page.goto("/#/settings")
    await page.get_by_label("Dark", exact=True).check()
    dark = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    await page.reload()
    assert await page.evaluate("window.themeBeforeApp") == "dark"
    await expect(page.locator("body")).to_have_css("background-color", dark)
    other = await person.context.new_page()
    await other.goto(page.url)
    await page.get_by_label("Same as my device", exact=True).check()  # light, the device's
    await expect(other.locator("body")).not_to_have_css("background-color", dark)
    await other.close()
    crowd.check_clean()


COMPOSER_CASES = {
    "hello": {"action": "say", "kind": "say", "text": "hello"},
    "/me waves": {"action": "say", "kind": "pose", "text": "waves"},
    ":waves": {"action": "say", "kind": "pose", "text": "waves"},
    ":)": {"action": "say", "kind": "say", "text": ":)"},
    "((back soon))": {"action": "say", "kind": "ooc", "text": "back soon"},
    "/ooc back soon": {"action": "say", "kind": "ooc", "text": "back soon"},
    "//shrug": {"action": "say", "kind": "say", "text": "/shrug"},
    "/join #garden": {"action": "join", "room": "garden"},
    "/part": {"action": "part", "room": None, "reason": ""},
    "/msg Bob hi there": {"action": "direct", "to": "Bob", "text": "hi there", "kind": "say"},
    "/w Bob psst": {"action": "whisper", "to": "Bob", "text": "psst"},
    "/topic Tea at five": {"action": "topic", "topic": "Tea at five"},
    "/status looking a long scene": {
        "action": "status",
        "status": "looking",
        "message": "a long scene",
    },
    "/invite Bob": {"action": "invite", "name": "Bob"},
    "/kick Bob too loud": {"action": "kick", "name": "Bob", "reason": "too loud"},
    "/kick Bob": {"action": "kick", "name": "Bob", "reason": ""},
    "/ban Bob": {"action": "ban", "name": "Bob"},
    "/unban Bob": {"action": "unban", "name": "Bob"},
    "/key sesame": {"action": "key", "key": "sesame"},
    "/key": {"action": "key", "key": ""},
    "/invite": {"action": "error", "message": "Use: /invite name"},
    "/ban Bob and more": {"action": "error", "message": "Use: /ban name"},
    "/help": {"action": "help"},
    "/frobnicate": {
        "action": "error",
        "message": "There is no command /frobnicate. Type /help for the list.",
    },
    "/w Bob": {"action": "error", "message": "Use: /w name text"},
    "/roll 2d6+1": {"action": "roll", "dice": "2d6+1"},
    "/dice  d20 ": {"action": "roll", "dice": "d20"},
    "/roll": {"action": "error", "message": "Use: /roll 2d6+1"},
}


async def test_the_composer_understands_its_commands(crowd: Crowd) -> None:
    person = await crowd.person("Parser")
    await person.page.goto("/#/login")
    parsed = await person.page.evaluate(
        """async cases => {
            const { parseInput } = await import("/static/composer.js");
            return Object.fromEntries(cases.map(text => [text, parseInput(text)]));
        }""",
        list(COMPOSER_CASES),
    )
    assert parsed == COMPOSER_CASES


async def test_whispers_and_topics_from_the_composer(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    eve = await crowd.signed_up("Eve")
    room = unique("salon")
    for person in (alice, bob, eve):
        await person.join(room)
    await expect(alice.page.locator(".members")).to_contain_text(eve.name)

    await alice.send(f"/w {bob.name} meet me later")
    whisper = bob.message("meet me later")
    await expect(whisper).to_contain_text("Whisper")
    await expect(whisper).to_have_class(re.compile(r"\bkind-whisper\b"))
    await alice.send("/topic Tea at five")
    for person in (alice, bob, eve):
        await expect(person.page.locator("#room-topic")).to_have_text("Tea at five")
    # Eve saw the topic change, but never the whisper sent before it.
    await expect(eve.message("meet me later")).to_have_count(0)


async def test_keyboard_switches_rooms_and_characters(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    page = alice.page
    first, second = unique("aa"), unique("bb")
    await alice.join(first)
    await alice.join(second)

    await page.keyboard.press("Alt+ArrowUp")
    await expect(page.get_by_role("heading", name=f"#{first}")).to_be_visible()
    await page.keyboard.press("Control+k")
    await page.keyboard.type(second)
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", name=f"#{second}")).to_be_visible()
    await expect(alice.composer).to_be_focused()

    # A second character, made from the header's menu, then acted as.
    other = unique("Alicia")
    await page.get_by_role("button", name=re.compile(f"Acting as {alice.name}")).click()
    await page.get_by_role("menuitem", name="New character…").click()
    await page.get_by_label("Name of the new character").fill(other)
    await page.get_by_role("button", name="Create character").click()
    await expect(page.get_by_role("heading", name=f"Profile of {other}")).to_be_visible()
    # Panels belong to the character acting: the settings of alice's room go with her.
    await page.goto(f"/#/room/{second}")
    await page.get_by_role("button", name="Room settings").click()
    settings = page.get_by_role("complementary", name=f"Settings of #{second}")
    await expect(settings).to_be_visible()
    await page.get_by_role("button", name=re.compile(f"Acting as {alice.name}")).click()
    await page.get_by_role("menuitemradio", name=other).click()
    await expect(page.get_by_role("button", name=re.compile(f"Acting as {other}"))).to_be_visible()
    await expect(settings).to_be_hidden()
    await alice.join(unique("cc"))
    await alice.send("a new face")
    await expect(alice.message("a new face")).to_have_text(re.compile(rf"{other}: a new face$"))


async def test_no_new_messages_divider_above_your_own_message(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("nook")
    await alice.join(room)
    await bob.join(room)
    await expect(alice.page.get_by_role("complementary", name="Members")).to_contain_text(bob.name)

    # A direct message sent from the room: alice lands in the thread, and nothing in it is
    # new to her, her own message least of all.
    await alice.send(f"/msg {bob.name} see you in private")
    await expect(alice.page.get_by_role("heading", name=bob.name)).to_be_visible()
    await expect(alice.message("see you in private")).to_be_visible()
    await expect(alice.log.get_by_role("separator")).to_have_count(0)
    await expect(alice.sidebar.get_by_role("link", name=bob.name)).not_to_contain_text("unread")

    # Alice in a second tab, on the lobby, while she writes from the first: her own line is
    # not unread there; bob's answer after it is, and the divider sits between them.
    other_tab = await alice.context.new_page()
    await other_tab.goto("/#/lobby")
    await expect(other_tab.get_by_role("heading", name="Lobby", exact=True)).to_be_visible()
    await expect(other_tab.locator("#connection")).to_have_text("")
    await bob.sidebar.get_by_role("link", name=re.compile("Requests")).click()
    await (
        bob.page.locator(".request", has_text=alice.name)
        .get_by_role("button", name="Accept", exact=True)
        .click()
    )
    await expect(bob.message("see you in private")).to_be_visible()
    await alice.send("are you there?")
    await expect(bob.message("are you there?")).to_be_visible()
    thread = other_tab.get_by_role("navigation").get_by_role("link", name=bob.name)
    await expect(thread).to_be_visible()
    await expect(thread).not_to_contain_text("unread")
    await bob.send("right here")
    await expect(thread).to_contain_text("1 unread")
    await thread.click()
    log = other_tab.get_by_role("log")
    await expect(log.locator("li.divider + li")).to_contain_text("right here")
    await expect(log.get_by_role("separator")).to_have_count(1)
    await other_tab.close()


async def test_a_profile_closes_alike_for_one_who_left_and_one_who_blocked_you(
    crowd: Crowd,
) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    carol = await crowd.signed_up("Carol")
    await alice.page.goto("/#/lobby")
    await alice.wait_lobby()
    online = alice.main.get_by_role("list", name="People online")

    async def open_profile(name: str) -> Locator:
        await online.get_by_role("button", name=name).click()
        panel = alice.page.get_by_role("complementary", name=name)
        await expect(panel.locator("dd").first).to_have_text("Online")
        return panel

    async def seen_as_offline(panel: Locator, name: str) -> str:
        # The profile of someone gone offline closes, saying so.
        await expect(panel).to_be_hidden()
        toast = alice.page.locator("#toast")
        await expect(toast).to_have_text(f"{name} went offline: the profile closed.")
        return (await toast.inner_text()).replace(name, "NAME")

    # Carol goes offline while alice reads her profile.
    panel = await open_profile(carol.name)
    await carol.page.close()
    went_offline = await seen_as_offline(panel, carol.name)

    # An invitation to a scene, being written to dave as he goes offline, goes with him.
    dave = await crowd.signed_up("Dave")
    await open_profile(dave.name)
    await alice.page.get_by_role("button", name="Invite to a scene…").click()
    invitation = alice.page.get_by_role("complementary", name=f"Invite {dave.name} to a scene")
    await invitation.get_by_label("Note (optional)").fill("A quiet library.")
    await dave.page.close()
    await expect(invitation).to_be_hidden()
    await expect(alice.page.locator("#toast")).to_have_text(
        f"{dave.name} went offline: the scene invitation was not sent."
    )

    # Bob blocks alice while she reads his: the panel closes exactly as carol's did.
    panel = await open_profile(bob.name)
    await (
        bob.main.get_by_role("list", name="People online")
        .get_by_role("button", name=alice.name)
        .click()
    )
    await (
        bob.page.get_by_role("complementary", name=alice.name)
        .get_by_role("button", name="Block")
        .click()
    )
    assert await seen_as_offline(panel, bob.name) == went_offline
