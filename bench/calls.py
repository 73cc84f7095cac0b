"""Time from "Accept" to the first remote video frame of a call, on both sides, on loopback.

Starts what the calls browser tests start (tests/browser/calls): a real coturn relay on
127.0.0.1, one ``boudoir serve`` pointed at it, and Debian's Chromium with a fake camera and
microphone. Two people who are friends then place N video calls, one after the other: the
caller clicks "Video call", the callee "Accept with video", and each page notes when its
remote video showed its first frame (the first ``requestVideoFrameCallback`` after the
video's ``playing``). The callee's page notes the moment of the click (a capturing click
listener, before the app's own handler). Times are ``performance.timeOrigin +
performance.now()`` in each page, so both pages' figures are on one clock.

    .venv/bin/python -m bench.calls            # 5 calls
    .venv/bin/python -m bench.calls --calls 10

Prints, for each side, every call's figure, the median and the range, in milliseconds. Not a
test: nothing is asserted against a target. See docs/benchmarks.md, "Calls".
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.async_api import async_playwright, expect  # noqa: E402

from browser.calls.calling import befriend  # noqa: E402
from browser.calls.relay import running_relay  # noqa: E402
from browser.conftest import CHROMIUM, CHROMIUM_ARGS, LOOPBACK_LIMITS  # noqa: E402
from browser.people import BrowserServer, Crowd, Person  # noqa: E402
from integration.server import Servers, boudoir_environment  # noqa: E402

FIRST_FRAME = """
(() => {
  const at = () => performance.timeOrigin + performance.now();
  window.__timing = { accepted: null, frame: null };
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button && button.textContent.trim() === "Accept with video") {
      window.__timing.accepted = at();
    }
  }, true);
  // Media events do not bubble, but a capturing listener on the document sees them.
  document.addEventListener("playing", (event) => {
    const video = event.target;
    if (!video.matches(".call-remote") || window.__timing.frame !== null) return;
    video.requestVideoFrameCallback((now, frame) => {
      if (window.__timing.frame === null && frame.width > 0) window.__timing.frame = at();
    });
  }, true);
})();
"""
"""Added to both pages: the callee's click on Accept, and each side's first remote frame."""

RESET = "() => { window.__timing.accepted = null; window.__timing.frame = null; }"
FRAME_SEEN = "() => window.__timing.frame !== null"
TIMING = "() => window.__timing"
FRAME_TIMEOUT_MS = 30_000


async def one_call(caller: Person, callee: Person, number: int) -> tuple[float, float]:
    """The ``number``-th video call (from 1), accepted then hung up: (caller's, callee's)
    milliseconds from the click on Accept to that side's first remote frame."""
    for person in (caller, callee):
        await person.page.evaluate(RESET)
    await caller.page.goto(f"/#/dm/{callee.name}")
    await caller.page.get_by_role("button", name="Video call").click()
    panel = callee.page.get_by_role("alertdialog", name=f"Video call with {caller.name}")
    await panel.get_by_role("button", name="Accept with video").click()
    for person in (caller, callee):
        await person.page.wait_for_function(FRAME_SEEN, timeout=FRAME_TIMEOUT_MS)
    accepted = (await callee.page.evaluate(TIMING))["accepted"]
    assert accepted is not None, "the click on Accept was not seen"
    caller_frame = (await caller.page.evaluate(TIMING))["frame"]
    callee_frame = (await callee.page.evaluate(TIMING))["frame"]
    await caller.page.get_by_role("button", name="Hang up").click()
    await expect(caller.page.locator(".call-card")).to_have_count(0)
    # Each ended call leaves its note on the callee's page.
    notes = callee.page.locator(".call-note", has_text=f"{caller.name} hung up.")
    await expect(notes).to_have_count(number)
    return caller_frame - accepted, callee_frame - accepted


async def timed(crowd: Crowd, prefix: str) -> Person:
    """Someone signed up whose page notes the click on Accept and the first remote frame."""
    person = await crowd.person(prefix)
    await person.context.add_init_script(FIRST_FRAME)
    await person.sign_up()
    return person


def summary(label: str, figures: list[float]) -> str:
    listed = ", ".join(f"{f:.0f}" for f in figures)
    return (
        f"{label}: median {statistics.median(figures):.0f} ms, "
        f"range {min(figures):.0f}-{max(figures):.0f} ms ({listed})"
    )


async def run(calls: int, scratch: Path) -> None:
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's chromium package")
    servers = Servers(scratch)
    with running_relay(scratch / "relay") as relay:
        try:
            environment = boudoir_environment(**LOOPBACK_LIMITS, **relay.environment())
            process = servers.start(scratch / "data", environment=environment)
            server = BrowserServer(process, scratch / "data")
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                crowd = Crowd(server, browser)
                try:
                    caller = await timed(crowd, "Caller")
                    callee = await timed(crowd, "Callee")
                    await befriend(callee, caller.name)
                    results = [await one_call(caller, callee, n) for n in range(1, calls + 1)]
                finally:
                    await crowd.close_all()
                    await browser.close()
        finally:
            servers.close_all()
    print(f"{calls} video calls on loopback through coturn (relay-only), Chromium fake media")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(summary("caller (Accept -> first remote frame)", [r[0] for r in results]))
    print(summary("callee (Accept -> first remote frame)", [r[1] for r in results]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5, help="how many calls (default 5)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-calls-") as scratch:
        asyncio.run(run(arguments.calls, Path(scratch)))


if __name__ == "__main__":
    main()
