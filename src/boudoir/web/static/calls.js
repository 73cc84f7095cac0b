// One-to-one voice and video calls (docs/websocket.md, "Calls and cams"): the Call buttons, the
// incoming-call panel, and the call card with its toggles and hang-up, in the media dock.
//
// Consent comes first: an incoming call never opens the camera or microphone; they open only on
// the person's own Accept (or, for the caller, their own Call), and every track stops the
// moment the call ends, whoever or whatever ended it, with the reason said in words.

import { h, nameKey, replace } from "./dom.js";
import { PeerLink, attach, openDevices, stopStream, updateDock } from "./media.js";
import { openReport } from "./reports.js";
import { noteCall } from "./attention.js";

export const CALLS_OFF = "Calls and cams are off on this server: it has no TURN relay.";
export const RECORDING = "Boudoir never records calls or cams, but whoever sees you can record their own screen.";

/** What ended a call, in words, for this side (`caller`: you made the call). Declined and
 * timed out read alike for the caller: a refusal is not rubbed in. */
export function endedText(reason, { peer, caller }) {
  switch (reason) {
    case "declined":
    case "timeout":
      return caller ? `${peer} did not answer.` : `You missed a call from ${peer}.`;
    case "hung_up":
      return `${peer} hung up.`;
    case "safeword":
      return "The call ended: a safeword was called.";
    case "blocked":
      return `The call ended: ${peer} is blocked.`;
    case "unavailable":
      return `The call ended: ${peer} is no longer available.`;
    default:
      return "The call ended.";
  }
}

/** The other side's choices, in words. */
export function theirMediaText(peer, theirs, video) {
  if (!theirs) return `${peer} has not said yet what they send.`;
  const parts = [theirs.send_audio ? "microphone on" : "microphone off"];
  if (video) parts.push(theirs.send_video ? "camera on" : "camera off", theirs.receive_video ? "watching your video" : "not watching video");
  return `${peer}: ${parts.join(", ")}.`;
}

const STATES = { calling: "Calling…", ringing: "Ringing…", connecting: "Connecting through the relay…", live: "Connected", failed: "The connection failed: the relay could not be reached." };

// --- starting, answering, ending ------------------------------------------------------------

/** Ring `name` (a voice call, or voice and video): the person's own click opens their devices. */
export async function startCall(app, name, video) {
  if (!app.callsEnabled) return app.announce(CALLS_OFF, { visible: true });
  const existing = [...app.calls.values()].find((call) => nameKey(call.peer) === nameKey(name) && call.state !== "ended");
  if (existing) return focusCall(app, existing);
  let stream;
  try {
    stream = await openDevices({ audio: true, video });
  } catch (error) {
    return app.announce(error.message, { visible: true });
  }
  let reply;
  try {
    reply = await app.connection.request("call", { to: name, video });
  } catch (error) {
    stopStream(stream);
    return app.announce(error.message, { visible: true });
  }
  const call = newCall(reply.call, name, video, { incoming: false, state: "calling" });
  call.stream = stream;
  call.mine.send_video = video;
  app.calls.set(call.id, call);
  renderCalls(app);
  focusCall(app, call);
  app.announce(`Calling ${name}…`);
}

function newCall(id, peer, video, { incoming, state }) {
  return { id, peer, video, incoming, state, mine: { send_audio: true, send_video: false, receive_video: video }, theirs: null, stream: null, link: null, session: null, note: "", card: null };
}

async function accept(app, call, withVideo) {
  call.note = "";
  call.answering = true;
  renderCall(app, call);
  try {
    // Only now, after the person's own click, are the devices asked for.
    call.stream = await openDevices({ audio: true, video: withVideo });
  } catch (error) {
    call.answering = false;
    call.note = error.message;
    return renderCall(app, call);
  }
  if (call.state === "ended") return stopStream(call.stream); // it ended while the browser asked
  call.mine.send_video = withVideo;
  try {
    await app.connection.request("call_answer", { call: call.id, accept: true });
    // The media session may have come before this reply (events come before their reply).
    if (call.state === "ringing") call.state = "connecting";
    renderCall(app, call);
    focusCall(app, call);
    sendChoices(app, call);
  } catch (error) {
    finish(app, call, error.message);
  }
}

function decline(app, call) {
  app.connection.request("call_answer", { call: call.id, accept: false }).catch(() => {});
  finish(app, call, "");
}

/** Hang up at once: the tracks stop before the server even hears of it. */
export function hangUp(app, call) {
  if (call.state !== "ended") app.connection.request("hangup", { call: call.id }).catch(() => {});
  finish(app, call, "");
  app.announce(`The call with ${call.peer} ended.`);
}

/** End the call here: close its connection, stop every track, then show `text` (or nothing). */
function finish(app, call, text) {
  const wasRinging = call.incoming && call.state === "ringing";
  call.state = "ended";
  if (call.session) app.media.end(call.session);
  call.link = null;
  stopStream(call.stream);
  call.stream = null;
  if (call.card) for (const media of call.card.querySelectorAll("video, audio")) media.srcObject = null;
  if (text) {
    call.note = text;
    renderCall(app, call);
    app.announce(text, { visible: true });
  } else {
    forget(app, call);
  }
  if (wasRinging) restoreFocus(call);
}

function forget(app, call) {
  app.calls.delete(call.id);
  if (call.card) call.card.remove();
  call.card = null;
  updateDock(app);
}

/** Every call ends here (the connection went, another character acts, logged out). */
export function endAllCalls(app, text) {
  for (const call of [...app.calls.values()]) {
    if (call.state === "ended") forget(app, call);
    else finish(app, call, text);
  }
}

function sendChoices(app, call) {
  app.connection.request("call_media", { call: call.id, ...call.mine }).catch(() => {});
}

// --- the toggles ----------------------------------------------------------------------------

function track(call, kind) {
  return call.stream ? call.stream.getTracks().find((t) => t.kind === kind) || null : null;
}

/** Send the camera only while you want to and they watch; otherwise send nothing. */
function applyVideo(call) {
  if (!call.link) return;
  const watching = !call.theirs || call.theirs.receive_video;
  call.link.replaceTrack("video", call.mine.send_video && watching ? track(call, "video") : null);
}

function toggleAudio(app, call) {
  call.mine.send_audio = !call.mine.send_audio;
  const audio = track(call, "audio");
  if (audio) audio.enabled = call.mine.send_audio;
  sendChoices(app, call);
  renderCall(app, call);
}

async function toggleVideo(app, call) {
  if (call.mine.send_video) {
    // Off means off: the camera itself stops (its light goes out), not just the picture.
    call.mine.send_video = false;
    const video = track(call, "video");
    if (video) {
      video.stop();
      call.stream.removeTrack(video);
    }
  } else {
    try {
      const fresh = await openDevices({ audio: false, video: true });
      if (call.state === "ended") return stopStream(fresh);
      for (const video of fresh.getVideoTracks()) call.stream.addTrack(video);
      call.mine.send_video = true;
    } catch (error) {
      call.note = error.message;
    }
  }
  applyVideo(call);
  showLocal(call);
  sendChoices(app, call);
  renderCall(app, call);
}

function toggleReceive(app, call) {
  call.mine.receive_video = !call.mine.receive_video;
  showRemote(call);
  sendChoices(app, call);
  renderCall(app, call);
}

// --- events ---------------------------------------------------------------------------------

/** Apply a call event (or a media session of a call); false for any other event. */
export function handleCallEvent(app, event) {
  switch (event.type) {
    case "call_incoming": {
      if (app.calls.has(event.call)) return true;
      const call = newCall(event.call, event.from, event.video, { incoming: true, state: "ringing" });
      call.returnFocus = document.activeElement;
      app.calls.set(call.id, call);
      renderCalls(app);
      focusCall(app, call);
      app.announce(`${event.from} is calling you${event.video ? " (video)" : ""}.`);
      noteCall(app, event);
      return true;
    }
    case "call_ringing": {
      // Made in another tab: shown here too, so that this tab can hang up.
      if (app.calls.has(event.call)) return true;
      const call = newCall(event.call, event.to, event.video, { incoming: false, state: "calling" });
      call.elsewhere = true;
      app.calls.set(call.id, call);
      renderCalls(app);
      return true;
    }
    case "call_ended": {
      const call = app.calls.get(event.call);
      if (!call || call.state === "ended") return true;
      // Your own decline, from another tab: this one just stops ringing. A ringing call that
      // "hung up" was answered in another tab or given up by the caller: said neutrally.
      const ringing = call.incoming && call.state === "ringing" && !call.stream;
      const own = call.incoming && event.reason === "declined";
      const text = own ? "" : ringing && event.reason === "hung_up" ? `The call from ${call.peer} stopped ringing.` : endedText(event.reason, { peer: call.peer, caller: !call.incoming });
      finish(app, call, text);
      return true;
    }
    case "call_media": {
      const call = app.calls.get(event.call);
      if (!call) return true;
      call.theirs = { send_audio: event.send_audio, send_video: event.send_video, receive_video: event.receive_video };
      applyVideo(call);
      renderCall(app, call);
      return true;
    }
    case "media_session":
      if (!event.call) return false;
      openSession(app, event);
      return true;
    default:
      return false;
  }
}

function openSession(app, event) {
  const call = app.calls.get(event.call);
  if (!call || call.state === "ended") return;
  if (!call.stream) {
    // Answered in another tab (or called from one): this tab has no part in the media.
    if (call.incoming && call.state === "ringing") finish(app, call, "");
    else {
      call.note = "The call goes on in another tab.";
      renderCall(app, call);
    }
    return;
  }
  call.session = event.session;
  call.state = "connecting";
  try {
    call.link = new PeerLink(app, event, {
      send: { audio: true, video: call.video },
      receive: { audio: true, video: call.video },
      stream: call.stream,
      onTrack: (remote) => {
        call.remote = remote;
        showRemote(call);
      },
      onState: (state) => {
        if (call.state === "ended") return;
        if (state === "connected") call.state = "live";
        else if (state === "failed") call.state = "failed";
        else return;
        renderCall(app, call);
        if (state === "connected") app.announce(`Connected with ${call.peer}.`);
      },
    });
  } catch (error) {
    call.note = error.message;
    hangUp(app, call);
    app.announce(error.message, { visible: true });
    return;
  }
  app.media.add(call.link);
  applyVideo(call);
  if (!call.incoming) sendChoices(app, call);
  renderCall(app, call);
}

/** A media session of a call ended: the call's own `call_ended` says why; stop at once. */
export function callSessionEnded(app, event) {
  const call = [...app.calls.values()].find((c) => c.session === event.session);
  if (!call) return false;
  if (call.state !== "ended") finish(app, call, endedText(event.reason, { peer: call.peer, caller: !call.incoming }));
  return true;
}

// --- the dock -------------------------------------------------------------------------------

/** A Call control for `name` (a direct conversation, a profile); words instead when calls are off. */
export function callButtons(app, name) {
  if (app.callsEnabled === false) return h("p", { class: "muted small calls-off" }, CALLS_OFF);
  if (!app.callsEnabled) return null;
  return h(
    "div",
    { class: "call-buttons", role: "group", "aria-label": `Call ${name}` },
    h("button", { type: "button", class: "small", on: { click: () => startCall(app, name, false) } }, "Voice call"),
    h("button", { type: "button", class: "small", on: { click: () => startCall(app, name, true) } }, "Video call"),
  );
}

function renderCalls(app) {
  for (const call of app.calls.values()) renderCall(app, call);
}

function focusCall(app, call) {
  if (!call.card) return;
  const target = call.card.querySelector("[data-first]") || call.card.querySelector("button");
  if (target) target.focus();
}

function restoreFocus(call) {
  const back = call.returnFocus;
  call.returnFocus = null;
  if (back && document.contains(back)) back.focus();
}

function build(app, call) {
  const titleId = `call-title-${call.id}`;
  const remoteVideo = h("video", { class: "call-remote", autoplay: true, playsinline: true, muted: true, "aria-label": `${call.peer}'s video` });
  remoteVideo.muted = true; // its sound plays through the audio element, even with the video hidden
  const remoteAudio = h("audio", { class: "call-audio", autoplay: true });
  const localVideo = h("video", { class: "call-local", autoplay: true, playsinline: true, "aria-label": "Your camera" });
  localVideo.muted = true;
  const card = h(
    "section",
    { class: "call-card", dataset: { call: call.id }, "aria-labelledby": titleId },
    h("h2", { id: titleId, class: "call-title" }),
    h("div", { class: "call-media" }, remoteVideo, localVideo, remoteAudio),
    h("div", { class: "call-body" }),
  );
  call.card = card;
  call.ui = { remoteVideo, remoteAudio, localVideo, title: card.querySelector("h2"), body: card.querySelector(".call-body") };
  app.el.calls.append(card);
  updateDock(app);
}

function showRemote(call) {
  if (!call.ui) return;
  const remote = call.remote || null;
  attach(call.ui.remoteAudio, remote);
  const watching = call.video && call.mine.receive_video && (!call.theirs || call.theirs.send_video);
  call.ui.remoteVideo.hidden = !watching || !remote;
  for (const video of remote ? remote.getVideoTracks() : []) video.enabled = call.mine.receive_video;
  attach(call.ui.remoteVideo, watching ? remote : null);
}

function showLocal(call) {
  if (!call.ui) return;
  const sending = call.mine.send_video && track(call, "video");
  call.ui.localVideo.hidden = !sending;
  attach(call.ui.localVideo, sending ? call.stream : null);
}

function renderCall(app, call) {
  if (!call.card) build(app, call);
  const { title, body } = call.ui;
  const focused = body.contains(document.activeElement) && document.activeElement.dataset.key;
  const kind = call.video ? "Video call" : "Voice call";
  title.textContent = `${kind} with ${call.peer}`;
  call.card.classList.toggle("call-ringing", call.incoming && call.state === "ringing");
  const note = call.note ? h("p", { class: "call-note", role: "status" }, call.note) : null;
  if (call.state === "ended") {
    call.card.removeAttribute("role");
    call.card.removeAttribute("aria-describedby");
    replace(
      body,
      note,
      h(
        "div",
        { class: "button-row" },
        h("button", { type: "button", class: "small", dataset: { key: "close", first: "" }, on: { click: () => forget(app, call) } }, "Close"),
        reportButton(app, call),
      ),
    );
  } else if (call.incoming && call.state === "ringing") {
    ringing(app, call, body, note);
  } else {
    live(app, call, body, note);
  }
  showLocal(call);
  showRemote(call);
  if (focused) {
    const again = body.querySelector(`[data-key="${focused}"]`);
    if (again) again.focus();
  }
}

function ringing(app, call, body, note) {
  // An alert dialog: it takes the focus when it comes, and gives it back when it goes.
  call.card.setAttribute("role", "alertdialog");
  call.card.setAttribute("aria-describedby", `call-ask-${call.id}`);
  const busy = Boolean(call.answering);
  replace(
    body,
    h("p", { id: `call-ask-${call.id}` }, `${call.peer} is calling you${call.video ? " with video" : ""}. Your camera and microphone stay off until you accept.`),
    h("p", { class: "call-privacy" }, RECORDING),
    note,
    h(
      "div",
      { class: "button-row" },
      h("button", { type: "button", class: "primary", disabled: busy, dataset: { key: "voice", first: "" }, on: { click: () => accept(app, call, false) } }, "Accept with voice only"),
      call.video ? h("button", { type: "button", class: "primary", disabled: busy, dataset: { key: "video" }, on: { click: () => accept(app, call, true) } }, "Accept with video") : null,
      h("button", { type: "button", class: "danger", dataset: { key: "decline" }, on: { click: () => decline(app, call) } }, "Decline"),
    ),
  );
}

function live(app, call, body, note) {
  call.card.removeAttribute("role");
  call.card.removeAttribute("aria-describedby");
  const toggle = (key, label, pressed, action) =>
    h("button", { type: "button", class: "small call-toggle", "aria-pressed": String(pressed), dataset: { key }, on: { click: action } }, label);
  const own = call.stream !== null;
  replace(
    body,
    h("p", { class: "call-state", role: "status" }, call.elsewhere ? "Calling from another tab…" : STATES[call.state] || ""),
    own && call.link ? h("p", { class: "call-theirs" }, theirMediaText(call.peer, call.theirs, call.video)) : null,
    call.state === "calling" ? h("p", { class: "call-privacy" }, RECORDING) : null,
    note,
    h(
      "div",
      { class: "button-row call-controls" },
      own ? toggle("audio", "Send my sound", call.mine.send_audio, () => toggleAudio(app, call)) : null,
      own && call.video ? toggle("camera", "Send my video", call.mine.send_video, () => toggleVideo(app, call)) : null,
      own && call.video ? toggle("receive", `Show ${call.peer}'s video`, call.mine.receive_video, () => toggleReceive(app, call)) : null,
      h("button", { type: "button", class: "danger", dataset: { key: "hangup", first: "" }, on: { click: () => hangUp(app, call) } }, "Hang up"),
      reportButton(app, call),
    ),
  );
}

function reportButton(app, call) {
  return h("button", { type: "button", class: "small secondary", dataset: { key: "report" }, on: { click: () => openReport(app, call.peer, { call: call.id }) } }, `Report ${call.peer}…`);
}
