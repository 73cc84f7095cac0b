"""Calls and cams on a server without a TURN relay, and the browser's own rules for them:
what a person reads instead of Call buttons, the relay-only configuration that is the only one
a peer connection is ever opened with, and the words that say why a call or a cam ended."""

from __future__ import annotations

from playwright.async_api import expect

from .people import Crowd

CALLS_OFF = "Calls and cams are off on this server: it has no TURN relay."


async def test_without_a_relay_the_page_says_calls_are_off_instead_of_offering_them(
    crowd: Crowd,
) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    await alice.page.goto(f"/#/dm/{bob.name}")
    await expect(alice.main.get_by_text(CALLS_OFF)).to_be_visible()
    await expect(alice.page.get_by_role("button", name="Voice call")).to_have_count(0)
    await alice.page.get_by_role("heading", name=bob.name).get_by_role("button").click()
    await expect(alice.page.locator("#panel").get_by_text(CALLS_OFF)).to_be_visible()
    await expect(alice.page.get_by_role("button", name="Video call")).to_have_count(0)
    crowd.check_clean()


async def test_a_peer_connection_is_configured_relay_only_or_not_at_all(crowd: Crowd) -> None:
    person = await crowd.person("Rules")
    await person.page.goto("/#/login")
    results = await person.page.evaluate(
        """async () => {
            const { rtcConfiguration } = await import("/static/media.js");
            const attempt = (session) => {
                try {
                    return rtcConfiguration(session);
                } catch (error) {
                    return "refused: " + error.message;
                }
            };
            const urls = ["turn:127.0.0.1:3478?transport=udp"];
            const server = { urls, username: "1:x", credential: "c", extra: 1 };
            return [
                attempt({ ice_transport_policy: "relay", ice_servers: [server] }),
                attempt({ ice_transport_policy: "all", ice_servers: [server] }),
                attempt({ ice_servers: [server] }),
                attempt({ ice_transport_policy: "relay", ice_servers: [] }),
                attempt({ ice_transport_policy: "relay", ice_servers: [{ urls: ["stun:x"] }] }),
            ];
        }"""
    )
    assert results[0] == {
        "iceServers": [
            {"urls": ["turn:127.0.0.1:3478?transport=udp"], "username": "1:x", "credential": "c"}
        ],
        "iceTransportPolicy": "relay",
    }
    assert all(str(result).startswith("refused: ") for result in results[1:]), results


async def test_the_words_for_an_ended_call_or_cam(crowd: Crowd) -> None:
    person = await crowd.person("Words")
    await person.page.goto("/#/login")
    words = await person.page.evaluate(
        """async () => {
            const { endedText, theirMediaText } = await import("/static/calls.js");
            const { watchEndedText, camLabels } = await import("/static/cams.js");
            const caller = { peer: "Bob", caller: true };
            const callee = { peer: "Alice", caller: false };
            const choices = (send_audio, send_video, receive_video) =>
                ({ send_audio, send_video, receive_video });
            return {
                declined: endedText("declined", caller),
                timeout: endedText("timeout", caller),
                missed: endedText("timeout", callee),
                hungUp: endedText("hung_up", callee),
                blocked: endedText("blocked", caller),
                safeword: endedText("safeword", caller),
                unavailable: endedText("unavailable", callee),
                theirs: theirMediaText("Bob", choices(true, false, true), true),
                voice: theirMediaText("Bob", choices(false, false, false), false),
                booted: watchEndedText("camera_off"),
                cut: watchEndedText("cut"),
                labels: camLabels({ explicit: true, mutual_only: true, audience: "invited" }),
            };
        }"""
    )
    # A decline is not rubbed in: the caller reads the same as for no answer.
    assert words["declined"] == words["timeout"] == "Bob did not answer."
    assert words["missed"] == "You missed a call from Alice."
    assert words["hungUp"] == "Alice hung up."
    assert words["blocked"] == "The call ended: Bob is blocked."
    assert words["safeword"] == "The call ended: a safeword was called."
    assert words["unavailable"] == "The call ended: Alice is no longer available."
    assert words["theirs"] == "Bob: microphone on, camera off, watching your video."
    assert words["voice"] == "Bob: microphone off."
    # A booted viewer learns only that the camera is off.
    assert words["booted"] == "Camera off."
    assert words["cut"] == "A room manager cut this cam."
    assert words["labels"] == ["explicit", "mutual only", "invited only"]
