"""Calls and room cams in real Chromium, through a real coturn relay on 127.0.0.1: the callee's
panel opens no device before Accept, the call connects relay-only and the remote video plays,
hanging up stops every track on both sides; a room cam is watched, its broadcaster sees who
watches and boots them, and an explicit cam stays blurred until the viewer clicks through.

Chromium's fake camera and microphone stand in for real ones (conftest.CHROMIUM_ARGS). Each
page counts what it asked of the devices and keeps the tracks it got (MEDIA_PROBE), so that a
test can say "the camera was never started" and "every track has stopped".
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections.abc import Iterator

import pytest
from playwright.async_api import Locator, ViewportSize, expect

from integration.server import Servers, boudoir_environment

from .accessibility import serious_violations
from .conftest import LOOPBACK_LIMITS, _require_chromium
from .people import BrowserServer, Crowd, Person, unique
from .relay import Relay, running_relay
from .screenshots import screenshot
from .test_attention import RECORD_NOTIFICATIONS, notifications, turn_on_notifications
from .test_scenes import accept_scene, invite_to_scene

pytestmark = pytest.mark.slow

PHONE = ViewportSize(width=390, height=844)

MEDIA_PROBE = """
(() => {
  const probe = { asked: [], tracks: [], configs: [], connections: [] };
  window.__media = probe;
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    probe.asked.push(constraints);
    const stream = await original(constraints);
    probe.tracks.push(...stream.getTracks());
    return stream;
  };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration) {
      super(configuration);
      probe.configs.push(configuration);
      probe.connections.push(this);
    }
  };
})();
"""
"""Added to every page before its own scripts: records getUserMedia calls and their tracks,
and each RTCPeerConnection with its configuration."""

MEDIA_STATE = """
() => ({
  asked: window.__media.asked.length,
  live: window.__media.tracks.filter((t) => t.readyState === "live").length,
  tracks: window.__media.tracks.length,
  policies: window.__media.configs.map((c) => c.iceTransportPolicy),
})
"""

RELAYED = """
async () => {
  const kinds = [];
  for (const connection of window.__media.connections) {
    const stats = await connection.getStats();
    for (const pair of stats.values()) {
      if (pair.type !== "candidate-pair" || pair.state !== "succeeded" || !pair.nominated) continue;
      for (const id of [pair.localCandidateId, pair.remoteCandidateId]) {
        kinds.push(stats.get(id).candidateType);
      }
    }
  }
  return kinds;
}
"""
"""The candidate types of every connection's chosen pair: all "relay" when media goes through
the TURN relay only."""

PLAYING = """
selector => {
  const video = document.querySelector(selector);
  return video !== null && !video.hidden && video.videoWidth > 0
    && !video.paused && video.currentTime > 0;
}
"""


@pytest.fixture(scope="module")
def relay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Relay]:
    with running_relay(tmp_path_factory.mktemp("relay")) as running:
        yield running


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, relay: Relay) -> Iterator[BrowserServer]:
    """This module's server, pointed at the relay: calls and cams are on."""
    _require_chromium()
    scratch = tmp_path_factory.mktemp("browser-calls")
    servers = Servers(scratch)
    try:
        environment = boudoir_environment(**LOOPBACK_LIMITS, **relay.environment())
        yield BrowserServer(
            servers.start(scratch / "data", environment=environment), scratch / "data"
        )
    finally:
        servers.close_all()


async def probed(crowd: Crowd, prefix: str, *, viewport: ViewportSize | None = None) -> Person:
    """Someone signed up (an attested adult) whose page records its media (MEDIA_PROBE)."""
    person = await crowd.person(prefix, viewport=viewport)
    await person.context.add_init_script(MEDIA_PROBE)
    await person.sign_up()
    return person


async def media(person: Person) -> dict[str, object]:
    state: dict[str, object] = await person.page.evaluate(MEDIA_STATE)
    return state


async def befriend(person: Person, name: str) -> None:
    """``person`` adds ``name`` as a friend from their profile: ``name`` may call them."""
    page = person.page
    await page.goto(f"/#/dm/{name}")
    await page.get_by_role("heading", name=name).get_by_role("button").click()
    await page.get_by_role("button", name="Add friend").click()
    await expect(page.get_by_text(f"{name} is now a friend.")).to_be_visible()
    await page.keyboard.press("Escape")


def call_card(person: Person) -> Locator:
    return person.page.locator(".call-card")


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
    crowd.check_clean()


async def turn_cams_on(owner: Person, room: str, *, adult: bool = False) -> None:
    page = owner.page
    await page.get_by_role("button", name="Room settings").click()
    panel = page.get_by_role("complementary", name=f"Settings of #{room}")
    await panel.get_by_label("Cams").check()
    if adult:
        await panel.get_by_label("Rating").select_option("adult")
    await panel.get_by_role("button", name="Save room settings").click()
    await expect(panel.get_by_role("status")).to_have_text("Saved.")
    await page.keyboard.press("Escape")


async def broadcast(person: Person, *, explicit: bool = False, audience: str = "") -> None:
    page = person.page
    await page.get_by_role("button", name="Broadcast…").click()
    if audience:
        await page.get_by_label("Who may watch").select_option(label=audience)
    if explicit:
        await page.get_by_label("Explicit").check()
    await page.get_by_role("button", name="Start broadcasting").click()
    await expect(page.get_by_role("region", name=re.compile("Your cam in"))).to_be_visible()


async def test_a_room_cam_watched_then_the_viewer_booted(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    room = unique("camroom")
    await alice.join(room)
    await turn_cams_on(alice, room)
    await bob.join(room)
    await broadcast(alice)

    cams = bob.page.get_by_role("list", name="Live cams")
    await cams.get_by_role("button", name=f"Watch {alice.name}'s cam").click()
    viewer = bob.page.get_by_role("region", name=f"{alice.name}'s cam in #{room}")
    await bob.page.wait_for_function(PLAYING, arg=".cam-card .cam-video", timeout=20_000)
    assert (await media(bob))["asked"] == 0  # watching opens nothing of the viewer's
    assert set(await bob.page.evaluate(RELAYED)) == {"relay"}

    # Alice sees who watches her, and boots Bob: he sees only that the camera is off.
    watchers = alice.page.get_by_role("list", name="Who is watching you")
    await expect(watchers).to_contain_text(bob.name)
    await screenshot(alice.page, "cam-broadcasting")
    await watchers.get_by_role("button", name=f"Boot {bob.name}").click()
    await expect(viewer.get_by_role("status")).to_have_text("Camera off.")
    await expect(alice.page.get_by_text("Nobody is watching you.")).to_be_visible()
    await bob.page.wait_for_function("() => !document.querySelector('.cam-video').srcObject")
    await screenshot(bob.page, "cam-booted")

    # Stopping is at once: her camera's light goes out.
    await alice.page.get_by_role("button", name="Stop my cam").first.click()
    await expect(alice.page.get_by_role("region", name=re.compile("Your cam in"))).to_have_count(0)
    assert (await media(alice))["live"] == 0
    crowd.check_clean()


async def test_an_invited_only_cam_shows_to_those_let_in(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    room = unique("salon")
    await alice.join(room)
    await turn_cams_on(alice, room)
    await bob.join(room)
    await broadcast(alice, audience="Only people I invite")
    cams = bob.page.get_by_role("list", name="Live cams")
    await expect(cams).to_have_text("No cams are live.")
    card = alice.page.get_by_role("region", name=f"Your cam in #{room}")
    await card.get_by_label("Name to let watch").fill(bob.name)
    await card.get_by_role("button", name="Let watch").click()
    await cams.get_by_role("button", name=f"Watch {alice.name}'s cam").click()
    await bob.page.wait_for_function(PLAYING, arg=".cam-card .cam-video", timeout=20_000)
    await expect(card.get_by_role("list", name="Who is watching you")).to_contain_text(bob.name)
    crowd.check_clean()


async def test_a_room_manager_cuts_a_cam(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    room = unique("hall")
    await alice.join(room)
    await turn_cams_on(alice, room)
    await bob.join(room)
    await broadcast(bob)
    # Plain members see no Cut; the owner does.
    await expect(bob.page.get_by_role("button", name=re.compile("^Cut "))).to_have_count(0)
    cams = alice.page.get_by_role("list", name="Live cams")
    await cams.get_by_role("button", name=f"Watch {bob.name}'s cam").click()
    await alice.page.wait_for_function(PLAYING, arg=".cam-card .cam-video", timeout=20_000)
    await cams.get_by_role("button", name=f"Cut {bob.name}'s cam").click()
    await expect(bob.page.locator("#toast")).to_have_text(
        f"A room manager cut your cam in #{room}."
    )
    await expect(bob.page.get_by_role("region", name=re.compile("Your cam in"))).to_have_count(0)
    assert (await media(bob))["live"] == 0
    viewer = alice.page.get_by_role("region", name=f"{bob.name}'s cam in #{room}")
    await expect(viewer.get_by_role("status")).to_have_text("Camera off.")
    await expect(cams).to_contain_text("No cams are live.")
    crowd.check_clean()


async def test_an_explicit_cam_stays_blurred_until_the_viewer_clicks_through(
    crowd: Crowd,
) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    for person in (alice, bob):
        # Adult rooms are for characters declared adults, whose accounts opted in to them.
        await person.page.goto(f"/#/characters/{person.name}")
        await person.page.get_by_label("Declared age").fill("30")
        await person.page.get_by_role("button", name="Save profile").click()
        await expect(person.page.get_by_text("Profile saved.", exact=True)).to_be_visible()
        await person.page.goto("/#/settings")
        await person.page.get_by_label("Adult", exact=True).check()
        await person.page.get_by_role("button", name="Save privacy settings").click()
        await expect(person.page.get_by_text("Saved.", exact=True)).to_be_visible()
    room = unique("velvet")
    await alice.join(room)
    await turn_cams_on(alice, room, adult=True)
    await bob.join(room)
    await broadcast(alice, explicit=True)

    cams = bob.page.get_by_role("list", name="Live cams")
    await expect(cams).to_contain_text("explicit")
    await cams.get_by_role("button", name=f"Watch {alice.name}'s cam").click()
    viewer = bob.page.get_by_role("region", name=f"{alice.name}'s cam in #{room}")
    video = viewer.locator("video")
    await expect(viewer).to_contain_text("Explicit cam.")
    await expect(video).to_have_css("filter", re.compile("blur"))
    await expect(video).to_have_js_property("muted", True)
    await screenshot(bob.page, "cam-explicit-veiled")
    await viewer.get_by_role("button", name="Show the explicit cam").click()
    await expect(video).to_have_css("filter", "none")
    await expect(video).to_have_js_property("muted", False)
    await bob.page.wait_for_function(PLAYING, arg=".cam-card .cam-video", timeout=20_000)
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
  for (const pair of stats.values()) {
    if (pair.type !== "candidate-pair" || pair.state !== "succeeded" || !pair.nominated) continue;
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


async def test_on_a_phone_broadcasting_and_watching_stay_reachable_and_pass_axe(
    crowd: Crowd,
) -> None:
    alice = await probed(crowd, "Alice", viewport=PHONE)
    bob = await probed(crowd, "Bob", viewport=PHONE)
    room = unique("pocket")
    await alice.join(room)
    await turn_cams_on(alice, room)
    await bob.join(room)
    await broadcast(alice)
    await bob.page.get_by_role("button", name=f"Watch {alice.name}'s cam").click()
    await bob.page.wait_for_function(PLAYING, arg=".cam-card .cam-video", timeout=20_000)
    stop = bob.page.get_by_role("button", name="Stop watching")
    await expect(stop).to_be_in_viewport()
    assert await serious_violations(bob.page) == []
    await screenshot(bob.page, "cam-watching-phone")
    card = alice.page.get_by_role("region", name=f"Your cam in #{room}")
    await expect(card.get_by_role("list", name="Who is watching you")).to_contain_text(bob.name)
    await card.get_by_role("button", name="Stop my cam").scroll_into_view_if_needed()
    await expect(card.get_by_role("button", name="Stop my cam")).to_be_in_viewport()
    assert await serious_violations(alice.page) == []
    await screenshot(alice.page, "cam-broadcasting-phone")
    await stop.click()
    await expect(alice.page.get_by_text("Nobody is watching you.")).to_be_visible()
    await card.get_by_role("button", name="Stop my cam").click()
    assert (await media(alice))["live"] == 0
    crowd.check_clean()
