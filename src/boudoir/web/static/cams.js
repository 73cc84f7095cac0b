// Room cams (docs/websocket.md, "Calls and cams"): the room's Cams section (Broadcast, the
// live cams, Watch, and Cut for its managers), and in the media dock your own broadcast (its
// preview, who is watching you with a Boot button each, Stop) and the cams you watch. An
// explicit cam stays blurred, with a warning, until you choose to see it.
//
// The camera opens only on your own Broadcast click; every track stops the moment a broadcast
// or a watch ends, and the card says why in words.

import { h, nameKey, replace } from "./dom.js";
import { PeerLink, attach, openDevices, stopStream, updateDock } from "./media.js";
import { CALLS_OFF, RECORDING } from "./calls.js";
import { manages } from "./members.js";

const AUDIENCES = [["everyone", "Everyone in the room"], ["friends", "My friends"], ["invited", "Only people I invite"]];

/** Why a watched cam ended, in words. "camera_off" is all a booted viewer learns. */
export function watchEndedText(reason) {
  switch (reason) {
    case "cut":
      return "A room manager cut this cam.";
    case "safeword":
      return "Ended: a safeword was called.";
    default:
      return "Camera off.";
  }
}

/** A cam's flags, in words. */
export function camLabels(cam) {
  const labels = [];
  if (cam.explicit) labels.push("explicit");
  if (cam.mutual_only) labels.push("mutual only");
  if (cam.audience === "friends") labels.push("friends");
  if (cam.audience === "invited") labels.push("invited only");
  return labels;
}

function state(app) {
  if (!app.cams) app.cams = { broadcasts: new Map(), watching: new Map() };
  return app.cams;
}

const watchKey = (room, name) => `${nameKey(room)}|${nameKey(name)}`;

function roomOf(app, room) {
  return app.conversation("room", room, false);
}

function changed(app, room) {
  app.emit("cams:" + nameKey(room));
}

// --- the room's Cams section ----------------------------------------------------------------

/** The Cams section of a room's header: {element, cleanup}. */
export function camsSection(app, conversation) {
  const element = h("section", { class: "cams", "aria-label": "Cams" });
  const controls = h("div", { class: "cams-controls" });
  const formSlot = h("div", { class: "cams-form-slot" });
  const list = h("ul", { class: "cams-list", "aria-label": "Live cams" });
  let form = null;
  const draw = () => {
    const room = conversation.room || {};
    element.hidden = !room.cams;
    if (!room.cams) return;
    if (app.callsEnabled === false) return replace(controls, h("p", { class: "muted small" }, CALLS_OFF));
    const mine = state(app).broadcasts.get(conversation.key);
    const focused = controls.contains(document.activeElement);
    replace(
      controls,
      h("h2", { class: "cams-heading" }, "Cams"),
      mine
        ? h("button", { type: "button", class: "small danger", id: "cam-stop", on: { click: () => stopBroadcast(app, conversation.name) } }, "Stop my cam")
        : h("button", { type: "button", class: "small", id: "cam-broadcast", "aria-expanded": String(Boolean(form)), on: { click: () => (form ? closeForm() : openForm()) } }, "Broadcast…"),
    );
    if (focused) (controls.querySelector("button") || controls).focus();
    const cams = (room.broadcasting || []).filter((cam) => !app.isMe(cam.name));
    replace(list, cams.length ? cams.map((cam) => camRow(app, conversation, cam)) : h("li", { class: "muted small" }, "No cams are live."));
  };
  const openForm = () => {
    form = broadcastForm(app, conversation, closeForm);
    replace(formSlot, form);
    draw();
    form.querySelector("input, select").focus();
  };
  const closeForm = () => {
    form = null;
    replace(formSlot);
    draw();
    const again = document.getElementById("cam-broadcast") || document.getElementById("cam-stop");
    if (again) again.focus();
  };
  element.append(controls, formSlot, list);
  draw();
  const offCams = app.on("cams:" + conversation.key, draw);
  const offRoom = app.on("room:" + conversation.key, draw);
  return { element, cleanup: () => (offCams(), offRoom()) };
}

function camRow(app, conversation, cam) {
  const watching = state(app).watching.get(watchKey(conversation.name, cam.name));
  const labels = camLabels(cam);
  return h(
    "li",
    { class: "cam-row" },
    h("span", { class: "cam-live", "aria-hidden": "true" }, "●"),
    h("strong", {}, cam.name),
    labels.length ? h("span", { class: "muted small" }, ` (${labels.join(", ")})`) : null,
    h("span", { class: "spacer" }),
    watching && !watching.over
      ? h("span", { class: "muted small" }, "Watching")
      : h("button", { type: "button", class: "small", "aria-label": `Watch ${cam.name}'s cam`, on: { click: () => watch(app, conversation.name, cam) } }, "Watch"),
    manages(conversation)
      ? h("button", { type: "button", class: "small danger", "aria-label": `Cut ${cam.name}'s cam`, on: { click: () => app.connection.request("cam_cut", { room: conversation.name, name: cam.name }).catch((error) => app.announce(error.message, { visible: true })) } }, "Cut")
      : null,
  );
}

function broadcastForm(app, conversation, close) {
  const adult = conversation.room && conversation.room.rating === "adult";
  const check = (id, label, hint) => {
    const box = h("input", { type: "checkbox", id });
    return { box, wrap: h("div", { class: "check" }, box, h("label", { for: id }, label, hint ? h("span", { class: "hint" }, ` ${hint}`) : null)) };
  };
  const sound = check("cam-sound", "Send my microphone too");
  const explicit = adult ? check("cam-explicit", "Explicit", "(viewers see a warning and a blur first)") : null;
  const mutual = check("cam-mutual", "Mutual only", "(only people who broadcast here too)");
  const audience = h("select", { id: "cam-audience" }, AUDIENCES.map(([value, label]) => h("option", { value }, label)));
  const error = h("p", { class: "form-message error", role: "alert", hidden: true });
  const start = h("button", { type: "submit", class: "primary small" }, "Start broadcasting");
  const form = h(
    "form",
    { class: "cams-form", "aria-label": `Broadcast in #${conversation.name}` },
    h("div", { class: "field" }, h("label", { for: "cam-audience" }, "Who may watch"), audience),
    mutual.wrap,
    explicit && explicit.wrap,
    sound.wrap,
    h("p", { class: "hint" }, RECORDING),
    h("div", { class: "button-row" }, start, h("button", { type: "button", class: "small", on: { click: close } }, "Cancel")),
    error,
  );
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    start.disabled = true;
    const options = { explicit: Boolean(explicit && explicit.box.checked), mutual_only: mutual.box.checked, audience: audience.value };
    const failure = await startBroadcast(app, conversation.name, options, sound.box.checked);
    if (!failure) return close();
    start.disabled = false;
    error.textContent = failure;
    error.hidden = false;
  });
  return form;
}

// --- broadcasting ---------------------------------------------------------------------------

/** Start your cam in `room`; resolves with an error text, or "" when live. */
async function startBroadcast(app, room, options, sound) {
  let stream;
  try {
    stream = await openDevices({ audio: sound, video: true });
  } catch (error) {
    return error.message;
  }
  try {
    await app.connection.request("cam_start", { room, ...options });
  } catch (error) {
    stopStream(stream);
    return error.message;
  }
  const broadcast = { room, options, stream, viewers: [], sessions: new Map(), card: null };
  state(app).broadcasts.set(nameKey(room), broadcast);
  renderBroadcast(app, broadcast);
  changed(app, room);
  app.announce(`Your cam is live in #${room}.`);
  return "";
}

/** Stop your cam at once: the tracks stop before the server hears of it. */
export function stopBroadcast(app, room) {
  const broadcast = state(app).broadcasts.get(nameKey(room));
  if (!broadcast) return;
  app.connection.request("cam_stop", { room }).catch(() => {});
  endBroadcast(app, broadcast, "");
  app.announce(`Your cam in #${room} is off.`);
}

function endBroadcast(app, broadcast, text) {
  state(app).broadcasts.delete(nameKey(broadcast.room));
  for (const id of broadcast.sessions.keys()) app.media.end(id);
  broadcast.sessions.clear();
  stopStream(broadcast.stream);
  if (broadcast.card) broadcast.card.remove();
  hideDockIfEmpty(app);
  changed(app, broadcast.room);
  if (text) app.announce(text, { visible: true });
}

function renderBroadcast(app, broadcast) {
  if (!broadcast.card) {
    const preview = h("video", { class: "cam-video", autoplay: true, playsinline: true, "aria-label": "Your cam, as it is sent" });
    preview.muted = true;
    broadcast.preview = preview;
    broadcast.body = h("div", { class: "call-body" });
    broadcast.card = h("section", { class: "call-card cam-card", "aria-label": `Your cam in #${broadcast.room}` }, h("h2", { class: "call-title" }, `Your cam in #${broadcast.room}`), h("div", { class: "call-media" }, preview), broadcast.body);
    app.el.calls.append(broadcast.card);
    updateDock(app);
    attach(preview, broadcast.stream);
  }
  const room = broadcast.room;
  const viewers = broadcast.viewers;
  const invite = broadcast.options.audience === "invited" ? inviteForm(app, room) : null;
  replace(
    broadcast.body,
    h("h3", { class: "cam-viewers-title" }, viewers.length ? `Watching you (${viewers.length})` : "Nobody is watching you."),
    viewers.length
      ? h("ul", { class: "cam-viewers", "aria-label": "Who is watching you" }, viewers.map((name) => h("li", {}, h("span", {}, name), h("button", { type: "button", class: "small danger", "aria-label": `Boot ${name}`, on: { click: () => boot(app, room, name) } }, "Boot"))))
      : null,
    invite,
    h("div", { class: "button-row" }, h("button", { type: "button", class: "danger", on: { click: () => stopBroadcast(app, room) } }, "Stop my cam")),
  );
}

function boot(app, room, name) {
  app.connection.request("cam_boot", { room, name }).then(
    () => app.announce(`${name} no longer sees your cam.`),
    (error) => app.announce(error.message, { visible: true }),
  );
}

function inviteForm(app, room) {
  const input = h("input", { "aria-label": "Name to let watch", autocapitalize: "off", spellcheck: "false", placeholder: "Name" });
  const form = h("form", { class: "topic-form", "aria-label": "Let someone watch your cam" }, input, h("button", { type: "submit", class: "small" }, "Let watch"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    app.connection.request("cam_invite", { room, name }).then(
      () => {
        input.value = "";
        app.announce(`${name} may watch your cam.`, { visible: true });
      },
      (error) => app.announce(error.message, { visible: true }),
    );
  });
  return form;
}

// --- watching -------------------------------------------------------------------------------

async function watch(app, room, cam) {
  const key = watchKey(room, cam.name);
  const before = state(app).watching.get(key);
  if (before && !before.over) return;
  if (before) closeWatch(app, before, false); // its "Camera off." card gives way
  const watching = { room, name: cam.name, explicit: cam.explicit, revealed: !cam.explicit, session: null, link: null, remote: null, note: "Opening…", card: null };
  state(app).watching.set(key, watching);
  renderWatch(app, watching);
  changed(app, room);
  try {
    await app.connection.request("cam_open", { room, name: cam.name });
  } catch (error) {
    closeWatch(app, watching, false);
    app.announce(error.message, { visible: true });
  }
}

function closeWatch(app, watching, tell = true) {
  const key = watchKey(watching.room, watching.name);
  if (state(app).watching.get(key) === watching) state(app).watching.delete(key);
  if (tell && !watching.over) app.connection.request("cam_close", { room: watching.room, name: watching.name }).catch(() => {});
  stopWatch(app, watching);
  if (watching.card) watching.card.remove();
  hideDockIfEmpty(app);
  changed(app, watching.room);
}

function stopWatch(app, watching) {
  if (watching.session) app.media.end(watching.session);
  watching.link = null;
  stopStream(watching.remote);
  watching.remote = null;
  if (watching.video) watching.video.srcObject = null;
}

function renderWatch(app, watching) {
  if (!watching.card) {
    watching.video = h("video", { class: "cam-video", autoplay: true, playsinline: true, "aria-label": `${watching.name}'s cam` });
    watching.video.muted = !watching.revealed;
    watching.body = h("div", { class: "call-body" });
    watching.veil = h("div", { class: "cam-veil" });
    watching.card = h(
      "section",
      { class: "call-card cam-card", "aria-label": `${watching.name}'s cam in #${watching.room}` },
      h("h2", { class: "call-title" }, `${watching.name}'s cam in #${watching.room}`),
      h("div", { class: "call-media cam-frame" }, watching.video, watching.veil),
      watching.body,
    );
    app.el.calls.append(watching.card);
    updateDock(app);
  }
  const veiled = !watching.revealed && !watching.over;
  watching.card.classList.toggle("cam-explicit", veiled);
  watching.video.muted = veiled;
  replace(
    watching.veil,
    veiled
      ? [h("p", {}, h("strong", {}, "Explicit cam. "), `${watching.name} marked this cam explicit: it may show nudity or sex.`), h("button", { type: "button", class: "small", on: { click: () => reveal(watching) } }, "Show the explicit cam")]
      : null,
  );
  watching.veil.hidden = !veiled;
  replace(
    watching.body,
    watching.note ? h("p", { class: "call-state", role: "status" }, watching.note) : null,
    h("div", { class: "button-row" }, h("button", { type: "button", class: "small", on: { click: () => closeWatch(app, watching) } }, watching.over ? "Close" : "Stop watching")),
  );
}

function reveal(watching) {
  watching.revealed = true;
  watching.card.classList.remove("cam-explicit");
  watching.veil.hidden = true;
  replace(watching.veil);
  watching.video.muted = false;
  watching.card.querySelector(".button-row button").focus();
}

function hideDockIfEmpty(app) {
  updateDock(app);
}

// --- events ---------------------------------------------------------------------------------

/** Apply a cam event (or a cam's media session); false for any other event. */
export function handleCamEvent(app, event) {
  switch (event.type) {
    case "cam": {
      const conversation = roomOf(app, event.room);
      if (conversation && conversation.room) {
        const others = (conversation.room.broadcasting || []).filter((cam) => nameKey(cam.name) !== nameKey(event.name));
        const cam = { name: event.name, explicit: event.explicit, mutual_only: event.mutual_only, audience: event.audience };
        conversation.room = { ...conversation.room, broadcasting: event.live ? [...others, cam] : others };
      }
      if (!event.live) {
        const mine = app.isMe(event.name) && state(app).broadcasts.get(nameKey(event.room));
        if (mine) endBroadcast(app, mine, `Your cam in #${event.room} has stopped.`);
        const watching = state(app).watching.get(watchKey(event.room, event.name));
        if (watching) watchEnded(app, watching, "camera_off");
      }
      changed(app, event.room);
      return true;
    }
    case "cam_viewers": {
      const broadcast = state(app).broadcasts.get(nameKey(event.room));
      if (broadcast) {
        broadcast.viewers = event.viewers;
        renderBroadcast(app, broadcast);
      }
      return true;
    }
    case "media_session":
      if (!event.cam) return false;
      openCamSession(app, event);
      return true;
    default:
      return false;
  }
}

function openCamSession(app, event) {
  const { room, name } = event.cam;
  try {
    if (event.role === "offerer") {
      const broadcast = state(app).broadcasts.get(nameKey(room));
      if (!broadcast) return;
      const audio = broadcast.stream.getAudioTracks().length > 0;
      const link = new PeerLink(app, event, { send: { audio, video: true }, receive: { audio: false, video: false }, stream: broadcast.stream });
      broadcast.sessions.set(event.session, link);
      app.media.add(link);
      return;
    }
    const watching = state(app).watching.get(watchKey(room, name));
    if (!watching) return;
    watching.session = event.session;
    watching.note = "Connecting through the relay…";
    watching.link = new PeerLink(app, event, {
      receive: { audio: true, video: true },
      onTrack: (remote) => {
        watching.remote = remote;
        attach(watching.video, remote);
      },
      onState: (connection) => {
        if (watching.over) return;
        watching.note = connection === "connected" ? "" : connection === "failed" ? "The connection failed: the relay could not be reached." : watching.note;
        renderWatch(app, watching);
      },
    });
    app.media.add(watching.link);
    renderWatch(app, watching);
  } catch (error) {
    app.announce(error.message, { visible: true });
  }
}

function watchEnded(app, watching, reason) {
  if (watching.over) return;
  watching.over = true;
  stopWatch(app, watching);
  watching.note = watchEndedText(reason);
  renderWatch(app, watching);
  changed(app, watching.room);
}

/** A cam's media session ended: stop at once and say why; false if it is not a cam's. */
export function camSessionEnded(app, event) {
  for (const broadcast of state(app).broadcasts.values()) {
    if (!broadcast.sessions.has(event.session)) continue;
    broadcast.sessions.delete(event.session);
    app.media.end(event.session);
    if (event.reason === "cut" || event.reason === "safeword") endBroadcast(app, broadcast, event.reason === "cut" ? `A room manager cut your cam in #${broadcast.room}.` : `Your cam in #${broadcast.room} stopped: a safeword was called.`);
    return true;
  }
  for (const watching of state(app).watching.values()) {
    if (watching.session !== event.session) continue;
    if (event.reason === "closed") closeWatch(app, watching, false);
    else watchEnded(app, watching, event.reason);
    return true;
  }
  return false;
}

/** Every cam of yours in `room` (or everywhere) ends here: you left, the connection went. */
export function endRoomCams(app, room, text) {
  for (const broadcast of [...state(app).broadcasts.values()]) {
    if (room === null || nameKey(broadcast.room) === nameKey(room)) endBroadcast(app, broadcast, text);
  }
  for (const watching of [...state(app).watching.values()]) {
    if (room === null || nameKey(watching.room) === nameKey(room)) {
      watching.over = true;
      closeWatch(app, watching, false);
    }
  }
}
