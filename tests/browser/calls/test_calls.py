"""Calls in real Chromium, through a real coturn relay on 127.0.0.1: the callee's panel opens
no device before Accept, the call connects relay-only and the remote video plays, hanging up,
a decline, a block or the safeword stops every track on both sides and says why."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time

import pytest
from playwright.async_api import ViewportSize, expect

from ..accessibility import serious_violations
from ..people import Crowd, unique
from ..screenshots import screenshot
from ..test_attention import RECORD_NOTIFICATIONS, notifications, turn_on_notifications
from ..test_scenes import accept_scene, invite_to_scene
from .calling import (
    MEDIA_PROBE,
    PHONE,
    PLAYING,
    RELAYED,
    advancing,
    assert_relay_only,
    befriend,
    call_card,
    media,
    probed,
    received,
    relayed_candidates,
)
from .relay import Relay

TABLET = ViewportSize(width=900, height=700)
"""A tablet, or a narrow desktop window: between the phone's layout and the wide one."""

pytestmark = pytest.mark.slow


async def test_a_video_call_through_the_relay_then_hanging_up_stops_every_track(
    crowd: Crowd,
) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    await befriend(bob, alice.name)
    other_tab = await bob.context.new_page()
    await other_tab.goto("/#/lobby")
    await expect(other_tab.locator("#connection")).to_have_text("")
    await alice.page.goto(f"/#/dm/{bob.name}")
    await alice.page.get_by_role("button", name="Video call").click()

    # Bob's panel rings, takes the focus, and nothing of his is on yet.
    panel = bob.page.get_by_role("alertdialog", name=f"Video call with {alice.name}")
    await expect(panel).to_be_visible()
    await expect(panel.get_by_role("button", name="Accept with voice only")).to_be_focused()
    await expect(panel).to_contain_text("Your camera and microphone stay off until you accept")
    assert (await media(bob))["asked"] == 0
    assert (await media(alice))["asked"] == 1  # her own click on Video call
    # Until he accepts, neither side holds relay credentials and no offer has passed.
    for person in (alice, bob):
        assert await received(person, "media_session", "signal") == []
    await screenshot(bob.page, "call-incoming")
    await expect(other_tab.get_by_role("alertdialog")).to_be_visible()
    await panel.get_by_role("button", name="Accept with video").click()
    # His other tab stops ringing, having opened nothing.
    await expect(other_tab.get_by_role("alertdialog")).to_have_count(0)
    await expect(other_tab.locator(".call-note")).to_have_text(
        f"The call from {alice.name} stopped ringing."
    )
    assert await other_tab.evaluate("() => window.__media.asked.length") == 0
    await other_tab.close()

    for person in (alice, bob):
        await expect(person.page.locator(".call-state")).to_have_text("Connected", timeout=20_000)
        await person.page.wait_for_function(PLAYING, arg=".call-remote", timeout=20_000)
        state = await media(person)
        assert state["policies"] == ["relay"]
        assert state["live"] == 2  # a microphone and a camera
        assert set(await person.page.evaluate(RELAYED)) == {"relay"}
        # What the server relayed from the other side: relay candidates, never an address.
        assert_relay_only(await relayed_candidates(person))
        await advancing(person, ".call-remote")
    await expect(alice.page.locator(".call-theirs")).to_have_text(
        f"{bob.name}: microphone on, camera on, watching your video."
    )
    await screenshot(alice.page, "call-live")

    # Bob stops sending video: his camera goes off, Alice is told and sees no picture.
    await bob.page.get_by_role("button", name="Send my video").click()
    await expect(bob.page.get_by_role("button", name="Send my video")).to_have_attribute(
        "aria-pressed", "false"
    )
    await expect(alice.page.locator(".call-theirs")).to_contain_text("camera off")
    await expect(alice.page.locator(".call-remote")).to_be_hidden()
    assert (await media(bob))["live"] == 1

    # Alice hangs up: both sides' tracks stop, and Bob reads why.
    await alice.page.get_by_role("button", name="Hang up").click()
    await expect(call_card(alice)).to_have_count(0)
    assert (await media(alice))["live"] == 0
    await expect(bob.page.locator(".call-note")).to_have_text(f"{alice.name} hung up.")
    await bob.page.wait_for_function(
        "() => window.__media.tracks.every((t) => t.readyState === 'ended')"
    )
    crowd.check_clean()


async def test_a_declined_call_reads_as_not_answered_and_frees_the_devices(
    crowd: Crowd,
) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    await befriend(bob, alice.name)
    await alice.page.goto(f"/#/dm/{bob.name}")
    await alice.page.get_by_role("button", name="Voice call").click()
    panel = bob.page.get_by_role("alertdialog", name=f"Voice call with {alice.name}")
    await expect(panel.get_by_role("button", name="Accept with video")).to_have_count(0)
    await panel.get_by_role("button", name="Decline").click()
    await expect(panel).to_have_count(0)
    await expect(alice.page.locator(".call-note")).to_have_text(f"{bob.name} did not answer.")
    assert (await media(alice))["live"] == 0
    assert (await media(bob))["asked"] == 0
    crowd.check_clean()


async def test_a_call_to_a_page_in_the_background_notifies(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await crowd.person("Bob")
    await bob.context.grant_permissions(["notifications"], origin=crowd.server.url)
    await bob.context.add_init_script(MEDIA_PROBE)
    await bob.context.add_init_script(RECORD_NOTIFICATIONS)
    await bob.sign_up()
    await turn_on_notifications(bob, "")
    await befriend(bob, alice.name)
    cdp = await bob.context.new_cdp_session(bob.page)
    await cdp.send("Emulation.setFocusEmulationEnabled", {"enabled": False})
    elsewhere = await bob.context.new_page()
    await elsewhere.bring_to_front()
    await alice.page.goto(f"/#/dm/{bob.name}")
    await alice.page.get_by_role("button", name="Video call").click()
    await bob.page.evaluate("window.untilNotifications(1)")
    assert await notifications(bob.page) == [
        {"title": f"{alice.name} is calling you", "body": "A video call: answer in Boudoir."}
    ]
    assert (await media(bob))["asked"] == 0
    crowd.check_clean()


async def test_a_block_during_a_call_ends_it_on_both_sides_saying_so(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    await befriend(bob, alice.name)
    await alice.page.goto(f"/#/dm/{bob.name}")
    await alice.page.get_by_role("button", name="Voice call").click()
    panel = bob.page.get_by_role("alertdialog", name=f"Voice call with {alice.name}")
    await panel.get_by_role("button", name="Accept with voice only").click()
    for person in (alice, bob):
        await expect(person.page.locator(".call-state")).to_have_text("Connected", timeout=20_000)
    await bob.page.get_by_role("heading", name=alice.name).get_by_role("button").click()
    await bob.page.get_by_role("button", name="Block", exact=True).click()
    await expect(bob.page.locator(".call-note")).to_have_text(
        f"The call ended: {alice.name} is blocked."
    )
    await expect(alice.page.locator(".call-note")).to_have_text(
        f"The call ended: {bob.name} is no longer available."
    )
    for person in (alice, bob):
        assert (await media(person))["live"] == 0
    await screenshot(alice.page, "call-ended-unavailable")
    # Calling him again after the block rings nothing: no new ring, credentials or offer.
    sessions = len(await received(alice, "media_session"))
    await alice.page.get_by_role("button", name="Voice call").click()
    await expect(alice.page.locator("#toast")).to_be_visible()
    assert len(await received(bob, "call_incoming")) == 1
    assert len(await received(alice, "media_session")) == sessions
    assert len(await received(bob, "media_session")) == sessions
    # The call can be reported: its record goes with the report, never its media.
    await bob.page.get_by_role("button", name=f"Report {alice.name}…").click()
    form = bob.page.get_by_role("form", name=f"Report {alice.name}")
    await expect(form).to_contain_text("The call's record goes with it")
    await form.get_by_label("Reason").fill("Rude on a call.")
    await form.get_by_role("button", name="Send the report").click()
    await expect(bob.page.get_by_text("Your report reached the moderators.")).to_be_visible()
    crowd.check_clean()


async def test_the_safeword_ends_a_call_between_the_scenes_members(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    await befriend(bob, alice.name)
    room = unique("stage")
    await alice.join(room)
    await bob.join(room)
    await invite_to_scene(alice, bob.name, tags="", note="")
    await accept_scene(bob, alice.name)
    await expect(alice.page.get_by_role("heading", name="Scene", exact=True)).to_be_visible()
    scene = alice.page.url
    await alice.page.goto(f"/#/dm/{bob.name}")
    await alice.page.get_by_role("button", name="Voice call").click()
    panel = bob.page.get_by_role("alertdialog", name=f"Voice call with {alice.name}")
    await panel.get_by_role("button", name="Accept with voice only").click()
    for person in (alice, bob):
        await expect(person.page.locator(".call-state")).to_have_text("Connected", timeout=20_000)
    await alice.page.goto(scene)
    await alice.page.get_by_role("button", name=re.compile("Safeword")).click()
    for person in (alice, bob):
        await expect(person.page.locator(".call-note")).to_have_text(
            "The call ended: a safeword was called."
        )
        assert (await media(person))["live"] == 0
    crowd.check_clean()


async def test_a_stranger_cannot_ring_and_is_not_told_why(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    await alice.page.goto(f"/#/dm/{bob.name}")
    await alice.page.get_by_role("button", name="Voice call").click()
    await expect(alice.page.locator("#toast")).to_be_visible()
    await expect(bob.page.get_by_role("alertdialog")).to_have_count(0)
    # Her microphone opened on her click and closed with the refusal.
    assert (await media(alice))["live"] == 0
    # Nothing reached Bob's page: no ring, no relay credentials, no offer.
    assert await received(bob, "call_incoming", "media_session", "signal") == []
    assert await received(alice, "media_session", "signal") == []
    crowd.check_clean()


async def test_on_a_phone_the_incoming_call_is_reachable_and_passes_axe(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    phoebe = await probed(crowd, "Phoebe", viewport=PHONE)
    await befriend(phoebe, alice.name)
    await alice.page.goto(f"/#/dm/{phoebe.name}")
    await alice.page.get_by_role("button", name="Voice call").click()
    panel = phoebe.page.get_by_role("alertdialog", name=f"Voice call with {alice.name}")
    accept = panel.get_by_role("button", name="Accept with voice only")
    await expect(accept).to_be_focused()
    await expect(accept).to_be_in_viewport()
    await expect(panel.get_by_role("button", name="Decline")).to_be_in_viewport()
    assert await serious_violations(phoebe.page, "#calls") == []
    await screenshot(phoebe.page, "call-incoming-phone")
    await accept.click()
    await expect(phoebe.page.locator(".call-state")).to_have_text("Connected", timeout=20_000)
    hang_up = phoebe.page.get_by_role("button", name="Hang up")
    await expect(hang_up).to_be_in_viewport()
    assert await serious_violations(phoebe.page, "#calls") == []
    await hang_up.click()
    await expect(alice.page.locator(".call-note")).to_have_text(f"{phoebe.name} hung up.")
    assert (await media(phoebe))["live"] == 0
    crowd.check_clean()


LINKED = """
async iceServers => {
  const { PeerLink } = await import("/static/media.js");
  const links = {};
  // Each side's signals go straight to the other, as the server relays them.
  const side = (me, other) => ({
    connection: {
      request: (type, fields) => {
        setTimeout(() => links[other].receive({ ...fields, from: me }), 0);
        return Promise.resolve({});
      },
    },
  });
  const session = (role) =>
    ({ session: "s", role, ice_servers: iceServers, ice_transport_policy: "relay" });
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const video = document.createElement("video");
  video.muted = true;
  document.body.append(video);
  const connected = (name) => new Promise((resolve) => (links[name + "Done"] = resolve));
  const both = Promise.all([connected("viewer"), connected("broadcaster")]);
  const report = (name) => (state) => {
    if (state === "connected" || state === "failed") links[name + "Done"](state);
  };
  links.viewer = new PeerLink(side("viewer", "broadcaster"), session("answerer"), {
    receive: { audio: true, video: true },
    onTrack: (remote) => {
      if (video.srcObject !== remote) video.srcObject = remote;
      video.play().catch(() => {});
    },
    onState: report("viewer"),
  });
  links.broadcaster = new PeerLink(side("broadcaster", "viewer"), session("offerer"), {
    send: { audio: true, video: true },
    receive: { audio: false, video: false },
    stream,
    onState: report("broadcaster"),
  });
  // A deadline, so that a connection that never comes fails the test instead of hanging it.
  const deadline = new Promise((resolve) => setTimeout(() => resolve(["timed out"]), 20000));
  const states = await Promise.race([both, deadline]);
  if (states[0] === "timed out") return { states, kinds: [], width: 0 };
  while (!(video.videoWidth > 0 && video.currentTime > 0)) {
    await new Promise((resolve) => video.addEventListener("timeupdate", resolve, { once: true }));
  }
  const stats = await links.viewer.pc.getStats();
  const kinds = [];
  for (const transport of stats.values()) {
    if (transport.type !== "transport" || !transport.selectedCandidatePairId) continue;
    const pair = stats.get(transport.selectedCandidatePairId);
    for (const id of [pair.localCandidateId, pair.remoteCandidateId]) {
      kinds.push(stats.get(id).candidateType);
    }
  }
  links.viewer.close();
  links.broadcaster.close();
  for (const track of stream.getTracks()) track.stop();
  return { states, kinds, width: video.videoWidth };
}
"""
"""Two PeerLinks in one page, signalling to each other directly: media.js alone, through the
relay, without the server in between."""


def relay_credentials(relay: Relay) -> list[dict[str, object]]:
    """coturn's shared-secret scheme: an expiring username and its HMAC-SHA1."""
    username = f"{int(time.time()) + 600}:peerlink-test"
    digest = hmac.new(relay.secret.encode(), username.encode(), hashlib.sha1).digest()
    credential = base64.b64encode(digest).decode()
    return [{"urls": [relay.url], "username": username, "credential": credential}]


async def test_media_sessions_connect_through_the_relay_alone(crowd: Crowd, relay: Relay) -> None:
    person = await crowd.person("Linked")
    await person.page.goto("/#/login")
    result = await person.page.evaluate(LINKED, relay_credentials(relay))
    assert result["states"] == ["connected", "connected"]
    assert result["width"] > 0
    assert set(result["kinds"]) == {"relay"}


async def test_on_a_tablet_a_ringing_call_leaves_the_safeword_reachable(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob", viewport=TABLET)
    carol = await probed(crowd, "Carol")
    await befriend(bob, alice.name)
    room = unique("alcove")
    for person in (bob, carol):
        await person.join(room)
    await expect(carol.page.locator("li.member", has_text=bob.name)).to_be_visible()
    await invite_to_scene(carol, bob.name, tags="", note="")
    await accept_scene(bob, carol.name)
    await alice.page.goto(f"/#/dm/{bob.name}")
    await alice.page.get_by_role("button", name="Video call").click()
    panel = bob.page.get_by_role("alertdialog", name=f"Video call with {alice.name}")
    await expect(panel.get_by_role("button", name="Decline")).to_be_in_viewport()
    # The dock lies under the page, not over it: the scene's header stays within reach.
    safeword = bob.page.get_by_role("button", name="Safeword: end this scene now, for everyone")
    await expect(safeword).to_be_in_viewport()
    await safeword.click(trial=True, timeout=5000)
    button, dock = await safeword.bounding_box(), await bob.page.locator("#calls").bounding_box()
    assert button is not None
    assert dock is not None
    assert button["y"] + button["height"] <= dock["y"], "the dock covers part of the safeword"
    await screenshot(bob.page, "call-ringing-tablet-scene")
    await panel.get_by_role("button", name="Decline").click()
    await expect(panel).to_be_hidden()
    crowd.check_clean()
