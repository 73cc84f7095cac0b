"""Reports and the moderator view in the browser: a report of a real message reaches the
queue with its seal verified and is resolved in one click; an action lands in the audit log;
an automod rule added from the browser holds a message that the room never sees until a
moderator releases it; a reported profile picture is removed by a moderator."""

from __future__ import annotations

import subprocess

import pytest
from playwright.async_api import expect

from integration.server import boudoir_command, boudoir_environment

from .people import BORN, PASSWORD, BrowserServer, Crowd, Person, unique
from .screenshots import screenshot
from .test_profiles import open_profile, png

pytestmark = pytest.mark.slow

CLI_TIMEOUT = 60.0
"""Seconds for one CLI command (it hashes a password with argon2id and opens the store)."""


@pytest.fixture(scope="module")
def operator_name(server: BrowserServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An operator account made with the CLI, as a server's operator would."""
    name = unique("Opal")
    password_file = tmp_path_factory.mktemp("operator") / "password"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    assert server.data_dir is not None
    subprocess.run(
        boudoir_command(
            *("account", "create", name, "--born", BORN, "--operator", "--attest"),
            *("--password-file", str(password_file), "--data-dir", str(server.data_dir)),
        ),
        check=True,
        capture_output=True,
        timeout=CLI_TIMEOUT,
        env=boudoir_environment(),
    )
    return name


async def operator(crowd: Crowd, name: str) -> Person:
    person = await crowd.person("Opal", name=name)
    await person.log_in()
    return person


async def test_a_report_reaches_the_moderators_with_its_seal_verified(
    crowd: Crowd, operator_name: str
) -> None:
    alice = await crowd.signed_up("Alice")
    mallory = await crowd.signed_up("Mallory")
    room = unique("garden")
    await alice.join(room)
    await mallory.join(room)
    await mallory.send("hello there")
    await mallory.send("send me your address or else")
    await mallory.send("just kidding")
    reported = alice.message("send me your address or else")
    await expect(reported).to_be_visible()

    await reported.hover()
    await reported.get_by_role("button", name=f"Report this message from {mallory.name}").click()
    dialog = alice.page.get_by_role("form", name=f"Report {mallory.name}")
    # The reported message is chosen; the ones around it are offered, not chosen.
    await expect(dialog.get_by_role("checkbox", name="send me your address")).to_be_checked()
    await expect(dialog.get_by_role("checkbox", name="hello there")).not_to_be_checked()
    await dialog.get_by_label("Reason").fill("Threatening me.")
    await screenshot(alice.page, "report-dialog")
    await dialog.get_by_role("button", name="Send the report").click()
    await expect(alice.page.get_by_text("Your report reached the moderators.")).to_be_visible()

    opal = await operator(crowd, operator_name)
    await opal.page.get_by_role("link", name="Moderation").click()
    item = opal.page.get_by_role("listitem", name=f"Report: {mallory.name}")
    await expect(item).to_contain_text("Threatening me.")
    await expect(item).to_contain_text("✓ seal verified")
    await expect(item).to_contain_text("send me your address or else")
    await screenshot(opal.page, "moderator-queue")

    # An action answers the item; it shows in the audit log (operators).
    await item.get_by_role("button", name="Take action…").click()
    form = item.get_by_role("form", name="Moderation action")
    await form.get_by_label("Action").select_option("warn")
    await form.get_by_label("Reason").fill("No threats here.")
    await form.get_by_role("button", name="Do it").click()
    await expect(item).to_be_hidden()
    await opal.page.get_by_role("link", name="Audit log").click()
    audit = opal.page.get_by_role("table")
    await expect(audit).to_contain_text(mallory.name)
    await expect(audit).to_contain_text("No threats here.")
    await screenshot(opal.page, "audit-log")


async def test_a_held_message_waits_for_a_moderator_and_the_room_never_sees_it(
    crowd: Crowd, operator_name: str
) -> None:
    opal = await operator(crowd, operator_name)
    word = unique("pineapple")
    await opal.page.goto("/#/moderation/automod")
    form = opal.page.get_by_role("form", name="Add an automod rule")
    await form.get_by_label("Name", exact=True).fill(f"no-{word}")
    await form.get_by_label("Pattern").fill(word)
    await form.get_by_label("Action").select_option("hold")
    await form.get_by_role("button", name="Add the rule").click()
    rule = opal.page.get_by_role("listitem", name=f"no-{word}")
    await expect(rule).to_contain_text("Hold for review")
    await opal.main.evaluate("main => main.scrollTo(0, 0)")
    await screenshot(opal.page, "automod-rules")

    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("kitchen")
    await alice.join(room)
    await bob.join(room)
    await bob.send(f"who wants {word} pizza", refused=True)
    # The sender sees the server's words inline; nothing is sent twice from the box.
    held = bob.log.locator("li.refusal", has_text="Held for review")
    await expect(held).to_contain_text("held for review by the moderators")
    await expect(held).to_contain_text(f"who wants {word} pizza")
    await bob.send("a normal line")
    await expect(alice.message("a normal line")).to_be_visible()
    await expect(alice.message(f"who wants {word} pizza")).to_have_count(0)

    await opal.page.goto("/#/moderation/queue")
    item = opal.page.get_by_role("listitem", name=f"Held by automod: {bob.name}")
    await expect(item).to_contain_text(word)
    await item.get_by_role("button", name="Release").click()
    await expect(item).to_be_hidden()
    await expect(alice.message(f"who wants {word} pizza")).to_be_visible()

    # Turning the rule off is one click.
    await opal.page.goto("/#/moderation/automod")
    await rule.get_by_role("button", name=f"Disable no-{word}").click()
    await expect(rule).to_contain_text("Off")


async def test_a_moderator_removes_a_reported_profile_picture(
    crowd: Crowd, operator_name: str
) -> None:
    alice = await crowd.signed_up("Alice")
    mallory = await crowd.signed_up("Mallory")
    page = mallory.page
    await page.goto("/#/characters")
    await page.get_by_label("Choose a picture").set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": png(32, 32, (250, 0, 0))}]
    )
    await page.get_by_role("button", name="Upload picture").click()
    await expect(page.get_by_text("Picture uploaded.", exact=True)).to_be_visible()
    await page.get_by_label("Who sees the picture").select_option(label="Everyone")
    await page.get_by_role("button", name="Save profile").click()
    await expect(page.get_by_text("Profile saved.", exact=True)).to_be_visible()

    panel = await open_profile(alice, mallory.name)
    await expect(panel.get_by_role("img", name=f"Picture of {mallory.name}")).to_be_visible()
    await panel.get_by_role("button", name="Report…").click()
    dialog = alice.page.get_by_role("form", name=f"Report {mallory.name}")
    await dialog.get_by_label("Reason").fill("An offensive profile picture.")
    await dialog.get_by_label("It is about their profile picture").check()
    await dialog.get_by_role("button", name="Send the report").click()
    await expect(alice.page.get_by_text("Your report reached the moderators.")).to_be_visible()

    opal = await operator(crowd, operator_name)
    await opal.page.get_by_role("link", name="Moderation").click()
    item = opal.page.get_by_role("listitem", name=f"Report: {mallory.name}")
    await expect(item).to_contain_text("An offensive profile picture.")
    await expect(item).to_contain_text("About their profile picture")
    await item.get_by_role("button", name="Remove their picture").click()
    await expect(item.get_by_role("status")).to_have_text(
        f"The profile picture of {mallory.name} is removed."
    )
    panel = await open_profile(alice, mallory.name)
    await expect(panel.get_by_role("img", name=f"{mallory.name} (no picture)")).to_be_visible()
