// The profile side panel, opened from any name.

import { h, nameKey, replace } from "./dom.js";
import { segment } from "./api.js";
import { statusLabel } from "./lobby.js";
import { openSceneInvite } from "./sceneinvite.js";
import { openReport } from "./reports.js";
import { callButtons } from "./calls.js";
import { detailFacts, profilePicture, profileSections } from "./profileview.js";

let returnFocus = null;
// What the open panel belongs to: its body, `gone()` (why its context is gone, or "") and
// `cleanup()` (listeners to drop when it closes).
let owner = null;

function release() {
  if (owner && owner.cleanup) owner.cleanup();
  owner = null;
}

export function closePanel(app) {
  const panel = app.el.panel;
  release();
  if (panel.hidden) return;
  panel.hidden = true;
  replace(panel);
  app.el.root.classList.remove("panel-open");
  // The element may have been redrawn meanwhile (a room header after an event): its
  // successor carries the same id.
  const target = returnFocus && (document.contains(returnFocus) ? returnFocus : returnFocus.id && document.getElementById(returnFocus.id));
  if (target) target.focus();
  returnFocus = null;
}

/**
 * Show the side panel with `title` and a close button named `closeLabel`; returns its body.
 * Escape or the button closes it, and the focus goes back where it was. `gone()` says why the
 * panel's context is gone ("" while it holds: the room still yours to manage, the character
 * still the one acting); `cleanup()` runs when it closes or another panel replaces it.
 */
export function openPanel(app, title, closeLabel, { gone = null, cleanup = null } = {}) {
  const panel = app.el.panel;
  if (panel.hidden) returnFocus = document.activeElement;
  release();
  const close = h("button", { type: "button", class: "icon-button panel-close", on: { click: () => closePanel(app) } }, h("span", { "aria-hidden": "true" }, "✕"), h("span", { class: "visually-hidden" }, closeLabel));
  const body = h("div", { class: "panel-body" }, h("p", { role: "status" }, "Loading…"));
  replace(panel, h("div", { class: "panel-head" }, h("h2", { id: "panel-title" }, title), close), body);
  panel.hidden = false;
  app.el.root.classList.add("panel-open");
  close.focus();
  owner = { body, gone, cleanup, character: app.character };
  return body;
}

/** After any change: close the panel whose context is gone, saying why. A panel belongs to
 * the character it was opened as: another one acting closes it too. */
export function checkPanel(app) {
  if (!owner) return;
  if (!app.el.panel.contains(owner.body)) return release(); // replaced (the quick switcher)
  const why = nameKey(owner.character || "") !== nameKey(app.character || "") ? "The panel closed: you act as another character now." : owner.gone ? owner.gone() : "";
  if (!why) return;
  closePanel(app);
  app.announce(why, { visible: true });
}

export async function openProfile(app, name) {
  // The presence shown follows the presence events: someone who goes offline (or, seen from
  // here, looks so for any reason) reads "Offline" as anyone offline does.
  const key = nameKey(name);
  const seen = () => {
    const person = app.people.get(key);
    return person ? person.status || "online" : null;
  };
  let last = seen();
  let presence = null;
  const off = app.on("people", () => {
    const now = seen();
    if (now === last) return;
    last = now;
    if (presence) presence.textContent = now ? statusLabel(now) : "Offline";
  });
  // The panel closes when its person is gone from here: offline (someone who blocks you looks
  // exactly so), or blocked by you from it.
  const wasOnline = last !== null;
  let blockedHere = false; // false, "asked" (waiting for the answer) or "done"
  const gone = () => {
    if (blockedHere === "asked") return ""; // the answer will say
    if (blockedHere) return `${name} is blocked. They will not see you or reach you.`;
    return wasOnline && seen() === null ? `${name} went offline: the profile closed.` : "";
  };
  const body = openPanel(app, name, "Close profile", { gone, cleanup: off });
  let profile;
  try {
    profile = await app.api.get(`/api/v1/profiles/${segment(name)}`);
  } catch (error) {
    replace(body, h("p", {}, error.status === 404 ? "There is no profile to show." : error.message));
    return;
  }
  const facts = [];
  if (profile.pronouns) facts.push(["Pronouns", profile.pronouns]);
  if (profile.declared_age !== null && profile.declared_age !== undefined) facts.push(["Age", String(profile.declared_age)]);
  facts.push(["Presence", profile.status ? statusLabel(profile.status) : profile.online ? "Online" : "Offline"]);
  facts.push(...detailFacts(profile));
  const messages = h("p", { class: "form-message", hidden: true, role: "status" });
  const isMe = app.isMe(profile.name);
  // Set before the answer: the presence event that hides them may come first.
  const onBlocking = (state) => {
    blockedHere = state;
    if (state === "done") app.emit("people");
  };
  const actions = isMe ? h("p", {}, h("a", { href: "#/characters" }, "Edit your profile")) : await relationButtons(app, profile.name, messages, onBlocking, Boolean(profile.has_image));
  replace(
    body,
    h("div", { class: "profile-top" }, profilePicture(profile), profile.short_description ? h("p", { class: "short-description" }, profile.short_description) : null),
    h("dl", { class: "facts" }, facts.map(([term, value]) => [h("dt", {}, term), term === "Presence" ? (presence = h("dd", {}, value)) : h("dd", {}, value)])),
    profile.long_description ? h("div", { class: "long-description" }, profile.long_description.split(/\n{2,}/u).map((paragraph) => h("p", {}, paragraph))) : null,
    profileSections(app, profile),
    actions,
    messages,
  );
}

async function relationButtons(app, name, messages, onBlocking, hasImage) {
  let friends = [];
  let blocks = [];
  try {
    [friends, blocks] = await Promise.all([app.api.get("/api/v1/friends").then((r) => r.friends), app.api.get("/api/v1/blocks").then((r) => r.blocks)]);
  } catch {
    // Without the lists the buttons still work; they just start from "not yet".
  }
  const key = nameKey(name);
  let isFriend = friends.some((f) => nameKey(f.name) === key);
  let isBlocked = blocks.some((b) => nameKey(b.name) === key);
  const friend = h("button", { type: "button" });
  const block = h("button", { type: "button", class: "danger" });
  const show = () => {
    friend.textContent = isFriend ? "Unfriend" : "Add friend";
    friend.setAttribute("aria-pressed", String(isFriend));
    block.textContent = isBlocked ? "Unblock" : "Block";
    block.setAttribute("aria-pressed", String(isBlocked));
  };
  const act = async (method, path, done) => {
    messages.hidden = false;
    try {
      await app.api.request(method, path);
      messages.textContent = done;
      return true;
    } catch (error) {
      messages.textContent = error.message;
      return false;
    }
  };
  friend.addEventListener("click", async () => {
    if (await act(isFriend ? "DELETE" : "PUT", `/api/v1/friends/${segment(name)}`, isFriend ? `${name} is no longer a friend.` : `${name} is now a friend.`)) isFriend = !isFriend;
    show();
  });
  block.addEventListener("click", async () => {
    if (!isBlocked) onBlocking("asked");
    if (await act(isBlocked ? "DELETE" : "PUT", `/api/v1/blocks/${segment(name)}`, isBlocked ? `${name} is unblocked.` : `${name} is blocked. They will not see you or reach you.`)) isBlocked = !isBlocked;
    show();
    onBlocking(isBlocked && "done");
  });
  show();
  const message = h("button", { type: "button", class: "primary", on: { click: () => { app.navigate(app.conversation("dm", name).route); } } }, "Message");
  const scene = h("button", { type: "button", on: { click: () => openSceneInvite(app, name) } }, "Invite to a scene…");
  const report = h("button", { type: "button", class: "danger", on: { click: () => openReport(app, name, { picture: hasImage }) } }, "Report…");
  const compare = h("button", { type: "button", on: { click: () => { closePanel(app); app.navigate(`#/compare/${encodeURIComponent(name)}`); } } }, "Compare with me");
  return [h("div", { class: "button-row" }, message, compare, scene, friend, block, report), callButtons(app, name)];
}
