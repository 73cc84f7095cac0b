// The browser client's entry point: state, routing (location.hash), the shell (header,
// sidebar, profile panel) and the socket's events. Pages live in their own modules.

import { Api } from "./api.js";
import { Connection } from "./socket.js";
import { Conversation } from "./conversation.js";
import { h, nameKey, replace } from "./dom.js";
import { renderLogin, renderSignup } from "./auth.js";
import { renderLobby, renderRequests, ratingBadge } from "./lobby.js";
import { renderConversation } from "./room.js";
import { renderSettings, applyTheme } from "./settings.js";
import { renderCharacters } from "./characters.js";
import { openProfile, closePanel, checkPanel } from "./profile.js";
import { openSwitcher } from "./switcher.js";
import { adoptRoomState, handleEvent } from "./events.js";
import { renderHeader as renderHeaderOf } from "./header.js";
import { installMenus } from "./menu.js";
import { renderInvitations } from "./invitations.js";
import { renderLogs } from "./logging.js";
import { isStaff, renderModeration } from "./moderation.js";
import { endScene } from "./scene.js";
import { attending, renderMentions, showTitle, unseenMentions } from "./attention.js";
import { MediaSessions } from "./media.js";
import { endAllCalls } from "./calls.js";
import { endRoomCams } from "./cams.js";
import { renderSearch } from "./search.js";
import { renderCompare } from "./compare.js";

const CHARACTER_STORAGE = "boudoir.character";

const app = {
  api: new Api(),
  connection: null,
  session: null,
  account: null,
  character: null,
  characters: [],
  conversations: new Map(),
  people: new Map(),
  requests: [],
  invitations: [],
  sceneInvitations: [],
  mentions: [],
  directory: [],
  // Calls and cams (calls.js, cams.js): whether the server has a TURN relay (null until the
  // welcome says), the calls by id, and the live media sessions.
  callsEnabled: null,
  calls: new Map(),
  cams: null,
  media: new MediaSessions(),
  myStatus: { status: "online", message: "" },
  connectionState: "offline",
  listeners: new Map(),
  page: null,
  el: {},
};

// --- small services the pages use -------------------------------------------------------

/** Say something to screen-reader users (and show it briefly as a toast when `visible`). */
app.announce = (text, { visible = false } = {}) => {
  const announcer = app.el.announcer;
  announcer.textContent = "";
  // A new text node each time, so that the same words said twice are announced twice.
  requestAnimationFrame(() => (announcer.textContent = text));
  if (visible) app.toast(text);
};

let toastTimer = 0;
app.toast = (text) => {
  const toast = app.el.toast;
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  // Long enough to read two lines, short enough not to cover the composer for long.
  toastTimer = setTimeout(() => (toast.hidden = true), 6000);
};

/** Listen for a kind of change ("people", "requests", "rooms", "account", "conversations"). */
app.on = (kind, listener) => {
  if (!app.listeners.has(kind)) app.listeners.set(kind, new Set());
  app.listeners.get(kind).add(listener);
  return () => app.listeners.get(kind).delete(listener);
};

app.emit = (kind) => {
  for (const listener of app.listeners.get(kind) || []) listener();
  checkPanel(app);
  if (kind === "conversations" || kind === "requests" || kind === "mentions") scheduleSidebar();
};

app.isMe = (name) => nameKey(name) === nameKey(app.character || "");

app.conversation = (kind, name, create = true) => {
  const key = `${kind}:${nameKey(name)}`;
  let conversation = app.conversations.get(key);
  if (!conversation && create) {
    conversation = new Conversation(kind, name);
    app.conversations.set(key, conversation);
    scheduleSidebar();
  }
  return conversation;
};

app.showProfile = (name) => openProfile(app, name);

/** Every call and cam of this tab ends now, its tracks stopped, `why` said in words. */
app.endMedia = (why) => {
  endAllCalls(app, why);
  endRoomCams(app, null, why);
};

app.renderInvitations = () => renderInvitations(app);

app.navigate = (hash) => {
  if (location.hash === hash) route();
  else location.hash = hash;
};

/** Join (or with create, make) a room; resolves with its conversation. */
app.joinRoom = async (name, { create = false, key = "" } = {}) => {
  const reply = await app.connection.request("join", key ? { room: name, create, key } : { room: name, create });
  const room = reply.room;
  const conversation = app.conversation("room", room.name);
  adoptRoomState(app, conversation, room);
  conversation.wanted = true;
  app.emit("conversations");
  return conversation;
};

app.partRoom = async (conversation, reason = "") => {
  conversation.wanted = false;
  if (conversation.joined) {
    await app.connection.request("part", reason ? { room: conversation.name, reason } : { room: conversation.name });
  }
  app.conversations.delete(`room:${conversation.key}`);
  app.emit("conversations");
};

/** Forget a conversation (an ended scene): it leaves the sidebar; a page showing it stays. */
app.forgetConversation = (conversation) => {
  const key = `${conversation.kind}:${conversation.key}`;
  if (app.conversations.get(key) === conversation) app.conversations.delete(key);
  app.emit("conversations");
};

app.setStatus = async (status, message = "") => {
  await app.connection.request("status", message ? { status, message } : { status });
  app.myStatus = { status, message };
  renderHeader();
  app.emit("people");
  app.announce(`Your status is now ${status}.`);
};

app.refreshRooms = async () => {
  // Watching: the server then sends `room_listed` for each listed room that changes.
  const reply = await app.connection.request("rooms", { watch: true });
  app.directory = reply.rooms;
  app.emit("rooms");
};

app.switchCharacter = async (name) => {
  await app.connection.request("character", { name });
  app.endMedia(`Calls and cams ended: you are now ${name}.`);
  for (const [key, conversation] of app.conversations) {
    if (conversation.view) conversation.view.unmount();
    app.conversations.delete(key);
  }
  app.character = name;
  app.connection.character = name;
  app.mentions = []; // the other character's, in rooms this one is not in
  localStorage.setItem(CHARACTER_STORAGE, name);
  renderHeader();
  app.emit("conversations");
  app.announce(`You are now ${name}.`, { visible: true });
  app.navigate("#/lobby");
};

app.logOut = async () => {
  try {
    await app.api.delete("/api/v1/session");
  } catch {
    // Logging out locally still matters when the server cannot be reached.
  }
  signedOut();
  app.navigate("#/login");
};

/** Start a signed-in session from a session answer (log in, sign up, or the cookie). */
app.start = (session) => {
  app.api.adopt(session);
  app.session = session;
  app.account = session.account;
  app.characters = session.characters.map((character) => character.name);
  const remembered = localStorage.getItem(CHARACTER_STORAGE);
  app.character = app.characters.find((name) => remembered && nameKey(name) === nameKey(remembered)) || app.characters[0];
  app.el.root.classList.replace("signed-out", "signed-in");
  app.el.sidebar.hidden = false;
  app.el.drawerToggle.hidden = false;
  renderHeader();
  scheduleSidebar();
  if (!app.connection) app.connection = new Connection({ onEvent: (event) => handleEvent(app, event, onWelcome), onState: handleConnectionState });
  app.connection.open(app.character);
  // The room newcomers arrive in, offered while one has no room yet (never joined for them:
  // sharing a room is what lets a stranger ask to talk, so joining stays one's own choice).
  if (app.arrival === undefined) {
    app.arrival = "";
    app.api.get("/api/v1/signup").then(
      (signup) => {
        app.arrival = typeof signup.arrival === "string" ? signup.arrival : "";
        scheduleSidebar();
      },
      () => {},
    );
  }
};

/** Forget the session here (the server's side is already gone or going). */
app.signedOut = () => signedOut();

function signedOut() {
  app.endMedia("");
  if (app.connection) app.connection.close();
  app.api.adopt(null);
  app.session = app.account = app.character = null;
  app.characters = [];
  app.conversations.clear();
  app.people.clear();
  app.requests = [];
  app.invitations = [];
  app.sceneInvitations = [];
  app.mentions = [];
  renderInvitations(app);
  app.directory = [];
  app.el.root.classList.replace("signed-in", "signed-out");
  app.el.sidebar.hidden = true;
  app.el.drawerToggle.hidden = true;
  closePanel(app);
  renderHeader();
}

// --- the socket -------------------------------------------------------------------------

function handleConnectionState(state, detail) {
  app.connectionState = state;
  const indicator = app.el.connection;
  indicator.className = `connection connection-${state}`;
  if (state === "open") {
    indicator.textContent = "";
    app.announce("Connected.");
  } else if (state === "retrying") {
    indicator.textContent = `Reconnecting in ${Math.round(detail / 1000)} s…`;
    for (const conversation of app.conversations.values()) conversation.joined = false;
    app.endMedia("The connection was lost: calls and cams ended.");
    app.announce("Connection lost; reconnecting.");
  } else if (state === "connecting") {
    indicator.textContent = "Connecting…";
  } else if (state === "ended") {
    // The server ended it (a `closed` message said why: logged out elsewhere, erased) or
    // there is no valid session (4001):
    // reconnecting would only be refused again.
    indicator.textContent = "";
    signedOut();
    app.navigate("#/login");
    if (detail === 4001) app.announce("Your session has ended. Please log in again.", { visible: true });
  }
  scheduleSidebar();
}

async function onWelcome(message) {
  app.account = { ...app.account, ...message.account };
  app.character = message.character.name;
  app.characters = message.characters;
  app.editSeconds = message.limits && message.limits.edit_seconds;
  app.callsEnabled = message.calls === true;
  // A page drawn before the welcome shows its Call buttons (or why there are none) now.
  for (const conversation of app.conversations.values()) if (conversation.view) app.emit("room:" + conversation.key);
  renderHeader();
  scheduleSidebar(); // the role (moderator, operator) decides the Moderation link
  const rejoin = [...app.conversations.values()].filter((c) => c.kind === "room" && c.wanted);
  // A lost connection took you out of your scenes (nobody rejoins a scene).
  for (const conversation of [...app.conversations.values()]) {
    if (conversation.scene) endScene(app, conversation, "The connection was lost: you are out of the scene.");
  }
  const tasks = [
    app.connection.request("who").then((reply) => {
      app.people = new Map(reply.people.map((person) => [nameKey(person.name), person]));
      app.emit("people");
    }),
    app.connection.request("requests").then((reply) => {
      app.requests = reply.requests;
      app.emit("requests");
    }),
    app.refreshRooms(),
    app.connection.request("scene_invitations").then((reply) => {
      // The list has no hard limits; an invitation already shown from its event keeps them.
      const known = new Map(app.sceneInvitations.map((i) => [i.invitation, i]));
      app.sceneInvitations = reply.invitations.map((i) => known.get(i.invitation) || { ...i, limits: null, scene: i.adds_to_scene ? "" : null, members: [] });
      renderInvitations(app);
    }),
    ...rejoin.map((conversation) => app.joinRoom(conversation.name)),
  ];
  if (app.myStatus.status !== "online") tasks.push(app.setStatus(app.myStatus.status, app.myStatus.message));
  const results = await Promise.allSettled(tasks);
  for (const result of results) {
    if (result.status === "rejected") app.announce(result.reason.message, { visible: true });
  }
  // A page that waited for the connection (a room opened by its link) can be shown now;
  // others stay as they are, scroll position and all.
  if (app.page && app.page.needsConnection) route();
}

// --- header, sidebar and routing --------------------------------------------------------

app.renderHeader = () => renderHeader();

function renderHeader() {
  // Keep the focus on the menu button when it is rebuilt under it (a status change).
  const focused = document.activeElement && document.activeElement.id === "character-button";
  renderHeaderOf(app);
  if (focused) document.getElementById("character-button").focus();
}

let sidebarFrame = 0;
function scheduleSidebar() {
  if (!sidebarFrame) sidebarFrame = requestAnimationFrame(renderSidebar);
}

function sidebarLink(hash, label, { unread = 0, extra = null } = {}) {
  const current = location.hash === hash || decodeURIComponent(location.hash) === decodeURIComponent(hash);
  return h(
    "li",
    {},
    h(
      "a",
      { href: hash, class: ["nav-link", unread && "has-unread"], "aria-current": current ? "page" : null },
      h("span", { class: "nav-label" }, label),
      extra,
      unread ? h("span", { class: "unread" }, String(unread), h("span", { class: "visually-hidden" }, " unread")) : null,
    ),
  );
}

/** The conversations in sidebar order (rooms, then direct messages): Alt+Up/Down follow it. */
app.orderedConversations = () => {
  // An ended scene still on screen is not one to go back to.
  const all = [...app.conversations.values()].filter((c) => !(c.scene && c.scene.ended));
  const byName = (a, b) => a.key.localeCompare(b.key);
  return [...all.filter((c) => c.kind === "room").sort(byName), ...all.filter((c) => c.kind === "dm").sort(byName)];
};

function renderSidebar() {
  sidebarFrame = 0;
  showTitle(app);
  if (!app.session) return;
  const conversations = app.orderedConversations();
  const rooms = conversations.filter((c) => c.kind === "room");
  const dms = conversations.filter((c) => c.kind === "dm");
  replace(
    app.el.sidebar,
    h("ul", { class: "nav-list" }, sidebarLink("#/lobby", "Lobby"), sidebarLink("#/requests", "Requests", { unread: app.requests.length }), sidebarLink("#/mentions", "Mentions", { unread: unseenMentions(app) })),
    h("h2", { class: "nav-heading" }, "Rooms"),
    rooms.length
      ? h("ul", { class: "nav-list" }, rooms.map((c) => sidebarLink(c.route, c.label, { unread: c.unread, extra: c.room ? ratingBadge(c.room.rating, true) : null })))
      : h(
          "p",
          { class: "nav-empty" },
          app.arrival
            ? ["No rooms yet: say hello in ", h("a", { href: `#/room/${encodeURIComponent(app.arrival)}` }, `#${app.arrival}`), ", where newcomers arrive, or pick one in the Lobby's list of rooms."]
            : "No rooms yet: pick one in the Lobby's list of rooms.",
        ),
    h("h2", { class: "nav-heading" }, "Direct messages"),
    dms.length
      ? h("ul", { class: "nav-list" }, dms.map((c) => sidebarLink(c.route, c.label, { unread: c.unread })))
      : h("p", { class: "nav-empty" }, "None yet."),
    h(
      "ul",
      { class: "nav-list nav-bottom" },
      sidebarLink("#/search", "Partner search"),
      sidebarLink("#/logs", "Logs"),
      isStaff(app) ? sidebarLink("#/moderation", "Moderation") : null,
      sidebarLink("#/characters", "Characters"),
      sidebarLink("#/settings", "Settings"),
    ),
  );
}

function parseRoute() {
  const [, page = "", ...rest] = (location.hash || "#/").slice(1).split("/");
  return { page, arg: rest.length ? decodeURIComponent(rest.join("/")) : null };
}

function route() {
  const { page, arg } = parseRoute();
  setDrawer(false);
  if (!app.session) {
    if (page !== "signup" && page !== "login") {
      location.replace("#/login");
      return;
    }
  } else if (page === "" || page === "login" || page === "signup") {
    location.replace("#/lobby");
    return;
  }
  if (app.page && app.page.cleanup) app.page.cleanup();
  const renderers = {
    login: () => renderLogin(app),
    signup: () => renderSignup(app),
    lobby: () => renderLobby(app),
    requests: () => renderRequests(app),
    settings: () => renderSettings(app),
    characters: () => renderCharacters(app, arg),
    room: () => renderConversation(app, "room", arg),
    dm: () => renderConversation(app, "dm", arg),
    logs: () => renderLogs(app, arg),
    moderation: () => renderModeration(app, arg),
    mentions: () => renderMentions(app),
    search: () => renderSearch(app),
    compare: () => renderCompare(app, arg),
  };
  const render = renderers[page] || (() => ({ element: h("section", { class: "page" }, h("h1", {}, "Not found"), h("p", {}, h("a", { href: "#/lobby" }, "Back to the lobby"))) }));
  app.page = render();
  replace(app.el.main, app.page.element);
  app.title = app.page.title || "";
  showTitle(app);
  scheduleSidebar();
  if (app.page.focus) app.page.focus.focus();
  else app.el.main.focus({ preventScroll: true });
}

// --- the drawer and the keyboard ----------------------------------------------------------

function setDrawer(open) {
  app.el.root.classList.toggle("drawer-open", open);
  app.el.drawerToggle.setAttribute("aria-expanded", String(open));
  app.el.scrim.hidden = !open;
  if (open) {
    const first = app.el.sidebar.querySelector("a");
    if (first) first.focus();
  }
}

function cycleConversation(step) {
  const order = app.orderedConversations();
  if (!order.length) return;
  const current = order.findIndex((c) => c.view !== null);
  const next = order[(current + step + order.length) % order.length];
  app.navigate(next.route);
}

function onKeydown(event) {
  if (event.key === "Escape") {
    if (!app.el.panel.hidden) closePanel(app);
    else if (app.el.root.classList.contains("drawer-open")) {
      setDrawer(false);
      app.el.drawerToggle.focus();
    } else return;
    event.preventDefault();
    return;
  }
  if (!app.session) return;
  if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
    event.preventDefault();
    cycleConversation(event.key === "ArrowUp" ? -1 : 1);
  } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
    event.preventDefault();
    openSwitcher(app);
  }
}

// --- start ------------------------------------------------------------------------------

async function boot() {
  app.el = {
    root: document.getElementById("app"),
    main: document.getElementById("main"),
    sidebar: document.getElementById("sidebar"),
    panel: document.getElementById("panel"),
    actions: document.getElementById("topbar-actions"),
    connection: document.getElementById("connection"),
    drawerToggle: document.getElementById("drawer-toggle"),
    scrim: document.getElementById("scrim"),
    announcer: document.getElementById("announcer"),
    toast: document.getElementById("toast"),
    invitations: document.getElementById("invitations"),
    calls: document.getElementById("calls"),
  };
  applyTheme();
  app.el.drawerToggle.addEventListener("click", () => setDrawer(!app.el.root.classList.contains("drawer-open")));
  app.el.scrim.addEventListener("click", () => setDrawer(false));
  app.el.toast.addEventListener("click", () => (app.el.toast.hidden = true));
  document.addEventListener("keydown", onKeydown);
  installMenus();
  window.addEventListener("hashchange", route);
  // Back to the page (shown again, or its window focused): what arrived meanwhile in the
  // conversation on screen is read if you are at its end.
  const returned = () => {
    const visible = [...app.conversations.values()].find((c) => c.view);
    if (visible && attending() && visible.view.stuck) {
      visible.markRead();
      scheduleSidebar();
    }
  };
  document.addEventListener("visibilitychange", returned);
  window.addEventListener("focus", returned);
  try {
    app.start(await app.api.get("/api/v1/session"));
  } catch {
    // No session (401) or no server: the log-in page says what to do.
  }
  route();
}

boot();
