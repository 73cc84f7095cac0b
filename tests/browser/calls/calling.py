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

PLAYING = """
selector => {
  const video = document.querySelector(selector);
  return video !== null && !video.hidden && video.videoWidth > 0
    && !video.paused && video.currentTime > 0;
}
"""


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
