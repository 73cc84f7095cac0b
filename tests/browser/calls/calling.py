"""What the calls and cams browser tests share: people whose pages record their media, and
the page scripts that read it.

Chromium's fake camera and microphone stand in for real ones (conftest.CHROMIUM_ARGS). Each
page counts what it asked of the devices and keeps the tracks it got (MEDIA_PROBE), so that a
test can say "the camera was never started" and "every track has stopped".
"""

from __future__ import annotations

from playwright.async_api import Locator, ViewportSize, expect

from ..people import Crowd, Person

PHONE = ViewportSize(width=390, height=844)

MEDIA_PROBE = """
(() => {
  const probe = { asked: [], tracks: [], configs: [], connections: [], received: [] };
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
  // What the server sent this page about media: call_incoming, media_session, signal...
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") return;
        const message = JSON.parse(event.data);
        if (/^(call_|media_session|signal$|cam)/.test(message.type)) {
          probe.received.push({ ...message, seen: performance.now() });
        }
      });
    }
  };
})();
"""
"""Added to every page before its own scripts: records getUserMedia calls and their tracks,
each RTCPeerConnection with its configuration, and the media messages the server relayed to
the page (``received``, each stamped with performance.now() as ``seen``)."""

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
    if (connection.connectionState !== "connected") continue;
    const stats = await connection.getStats();
    for (const transport of stats.values()) {
      if (transport.type !== "transport" || !transport.selectedCandidatePairId) continue;
      const pair = stats.get(transport.selectedCandidatePairId);
      for (const id of [pair.localCandidateId, pair.remoteCandidateId]) {
        kinds.push(stats.get(id).candidateType);
      }
    }
  }
  return kinds;
}
"""
"""The candidate types of the pair each connected peer connection chose (its transport's
selected pair): all "relay" when media goes through the TURN relay only."""

RECEIVED = """
types => window.__media.received.filter((m) => types.includes(m.type))
"""


async def received(person: Person, *types: str) -> list[dict[str, object]]:
    """The messages of these types the server sent this page so far, oldest first."""
    messages: list[dict[str, object]] = await person.page.evaluate(RECEIVED, list(types))
    return messages


async def relayed_candidates(person: Person) -> list[str]:
    """The ICE candidate lines the server relayed to this page (end-of-candidates left out)."""
    lines = []
    for message in await received(person, "signal"):
        data = message["data"]
        if message["kind"] == "candidate" and isinstance(data, dict) and data.get("candidate"):
            lines.append(str(data["candidate"]))
    return lines


def assert_relay_only(lines: list[str]) -> None:
    """Some candidates were relayed, and every one is a TURN relay candidate ("typ relay"):
    no host or server-reflexive address of the other side ever reached this page."""
    assert lines, "no candidate was relayed"
    types = {line.split(" typ ", 1)[1].split()[0] for line in lines}
    assert types == {"relay"}, lines


PLAYING = """
selector => {
  const video = document.querySelector(selector);
  return video !== null && !video.hidden && video.videoWidth > 0
    && !video.paused && video.currentTime > 0;
}
"""


async def advancing(person: Person, selector: str) -> None:
    """The video at ``selector`` plays on: its currentTime moves past where it is now, with a
    picture (videoWidth non-zero)."""
    page = person.page
    now = await page.evaluate("s => document.querySelector(s).currentTime", selector)
    await page.wait_for_function(
        "([s, then]) => { const v = document.querySelector(s);"
        " return v.videoWidth > 0 && v.currentTime > then; }",
        arg=[selector, now],
        timeout=20_000,
    )


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
