// The lobby (the live room directory of directory.js, people online, looking for roleplay,
// your status) and the message-request inbox.

import { h, nameKey, replace, timeElement } from "./dom.js";
import { field, messageArea, submitting } from "./forms.js";
import { nameButton, renderItem } from "./conversation.js";
import { STATUSES } from "./composer.js";
import { directoryView } from "./directory.js";

// Each rating has its own symbol and word, so the badge does not rely on colour alone.
const RATINGS = {
  general: { symbol: "●", label: "General" },
  mature: { symbol: "◆", label: "Mature" },
  adult: { symbol: "▲", label: "Adult 18+" },
};

/** A rating badge; `compact` shows the symbol only (with the word for screen readers). */
export function ratingBadge(rating, compact = false) {
  const known = RATINGS[rating] || { symbol: "?", label: rating };
  return h(
    "span",
    { class: ["rating", `rating-${rating}`, compact && "compact"], title: `Rated ${known.label}` },
    h("span", { "aria-hidden": "true" }, known.symbol),
    compact ? h("span", { class: "visually-hidden" }, ` rated ${known.label}`) : ` ${known.label}`,
  );
}

export function statusLabel(status) {
  return { online: "Online", away: "Away", busy: "Busy", looking: "Looking for roleplay" }[status] || status || "Online";
}

function personItem(app, person) {
  return h(
    "li",
    { class: "person" },
    h("span", { class: `status-dot status-${person.status}`, "aria-hidden": "true" }),
    nameButton(person.name, app.showProfile),
    h("span", { class: "person-status" }, statusLabel(person.status)),
    person.message ? h("span", { class: "person-message" }, person.message) : null,
  );
}

async function enter(app, name, messages, key = "") {
  try {
    const conversation = await app.joinRoom(name, { create: true, key });
    app.navigate(conversation.route);
  } catch (error) {
    messages.error(error.message);
  }
}

export function renderLobby(app) {
  const messages = messageArea();
  const roomName = field("Room name", h("input", { name: "room", required: true, maxlength: "32", autocapitalize: "off", spellcheck: "false" }), "Joins the room, or creates it (you own it) if it does not exist.");
  const roomKey = field("Key (optional)", h("input", { name: "key", maxlength: "23", autocomplete: "off", spellcheck: "false" }), "For a room locked with a key.");
  const joinButton = h("button", { type: "submit", class: "primary" }, "Join or create");
  const joinForm = h("form", { class: "inline-form", "aria-label": "Join or create a room" }, roomName.wrap, roomKey.wrap, joinButton);
  joinForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = roomName.control.value.trim().replace(/^#/u, "");
    if (name) submitting(joinButton, messages, () => enter(app, name, messages, roomKey.control.value.trim()));
  });

  const rooms = directoryView(app, (name) => enter(app, name, messages));
  const looking = h("ul", { class: "people", "aria-label": "Looking for roleplay" });
  const online = h("ul", { class: "people", "aria-label": "People online" });
  const onlineCount = h("span", { class: "count" });
  const showRooms = rooms.show;

  const showPeople = () => {
    const people = [...app.people.values()].sort((a, b) => nameKey(a.name).localeCompare(nameKey(b.name)));
    const seeking = people.filter((person) => person.status === "looking");
    replace(looking, seeking.length ? seeking.map((person) => personItem(app, person)) : h("li", { class: "muted" }, "Nobody right now. Set your status to looking to be the first."));
    replace(online, people.length ? people.map((person) => personItem(app, person)) : h("li", { class: "muted" }, "Nobody you can see is online."));
    onlineCount.textContent = String(people.length);
    status.control.value = app.myStatus.status;
  };

  const status = field("Status", h("select", { name: "status" }, STATUSES.map((value) => h("option", { value }, statusLabel(value)))));
  const statusMessage = field("Status message (optional)", h("input", { name: "status-message", maxlength: "200", value: app.myStatus.message }));
  const statusButton = h("button", { type: "submit" }, "Set status");
  const statusMessages = messageArea();
  const statusForm = h("form", { class: "inline-form", "aria-label": "Your status" }, status.wrap, statusMessage.wrap, statusButton, statusMessages.element);
  statusForm.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(statusButton, statusMessages, async () => {
      await app.setStatus(status.control.value, statusMessage.control.value.trim());
      statusMessages.ok(`Status set: ${statusLabel(status.control.value)}.`);
    });
  });

  const refresh = h("button", { type: "button", class: "secondary small", on: { click: () => app.refreshRooms().catch((error) => messages.error(error.message)) } }, "Refresh");
  const element = h(
    "section",
    { class: "page lobby", "aria-labelledby": "lobby-title" },
    h("h1", { id: "lobby-title" }, "Lobby"),
    messages.element,
    h("div", { class: "lobby-grid" },
      h("section", { class: "card rooms-card", "aria-labelledby": "rooms-title" }, h("div", { class: "card-head" }, h("h2", { id: "rooms-title" }, "Rooms"), refresh), joinForm, rooms.element),
      h("div", { class: "lobby-side" },
        h("section", { class: "card", "aria-labelledby": "status-title" }, h("h2", { id: "status-title" }, "Your status"), statusForm),
        h("section", { class: "card", "aria-labelledby": "looking-title" }, h("h2", { id: "looking-title" }, "Looking for roleplay"), looking),
        h("section", { class: "card", "aria-labelledby": "online-title" }, h("h2", { id: "online-title" }, "People online ", onlineCount), online),
      ),
    ),
  );
  showRooms();
  showPeople();
  const off = [app.on("rooms", showRooms), app.on("people", showPeople)];
  if (app.connection && app.connection.isOpen) app.refreshRooms().catch(() => {});
  return { title: "Lobby", element, cleanup: () => off.forEach((stop) => stop()) };
}

/** What else waits with a request: later messages, and letters besides one that opened it. */
function waitingNote(request) {
  const letters = (request.letters || 0) - (request.letter ? 1 : 0);
  const parts = [];
  if (request.waiting) parts.push(`${request.waiting} more ${request.waiting === 1 ? "message" : "messages"}`);
  if (letters > 0) parts.push(`${letters} more ${letters === 1 ? "letter" : "letters"}`);
  if (!parts.length) return null;
  const verb = request.waiting + Math.max(letters, 0) === 1 ? "waits" : "wait";
  return h("p", { class: "muted" }, `${parts.join(" and ")} ${verb} for your answer.`);
}

export function renderRequests(app) {
  const list = h("ul", { class: "requests", "aria-label": "Message requests" });
  const messages = messageArea();
  const answer = async (request, type, fields, done) => {
    try {
      // Accepted, the server sends `request_answered`, then the first message and those that
      // waited as `direct` events; held letters go to the mailbox.
      await app.connection.request(type, { from: request.from, ...fields });
      app.requests = app.requests.filter((r) => nameKey(r.from) !== nameKey(request.from));
      app.emit("requests");
      app.announce(done);
      if (type === "accept" && (!request.letter || request.waiting)) app.navigate(app.conversation("dm", request.from).route);
    } catch (error) {
      messages.error(error.message);
    }
  };
  const show = () => {
    replace(
      list,
      app.requests.length
        ? app.requests.map((request) =>
            h(
              "li",
              { class: "request card" },
              h("div", { class: "request-head" }, nameButton(request.from, app.showProfile), " wants to talk with you · ", timeElement(request.at)),
              request.letter
                ? h("p", { class: "letter-preview" }, "A letter: ", h("q", {}, request.letter.subject || "(no subject)"), ". Accepted, it goes to your mailbox, unread.")
                : h("ol", { class: "log preview" }, renderItem({ type: "message", from: request.from, kind: request.kind, text: request.text, at: request.at }, { me: app.character, onName: app.showProfile })),
              waitingNote(request),
              h(
                "div",
                { class: "button-row" },
                h("button", { type: "button", class: "primary", on: { click: () => answer(request, "accept", {}, `Accepted ${request.from}.`) } }, "Accept"),
                h("button", { type: "button", on: { click: () => answer(request, "decline", {}, `Declined ${request.from}.`) } }, "Decline"),
                h("button", { type: "button", class: "danger", on: { click: () => answer(request, "decline", { block: true }, `Declined and blocked ${request.from}.`) } }, "Decline and block"),
              ),
            ),
          )
        : h("li", { class: "muted" }, "No requests. When someone you have not talked with writes to you, it waits here for your yes."),
    );
  };
  show();
  const off = app.on("requests", show);
  // Events announce a request once; how much waits behind it since is the server's to say.
  if (app.connection && app.connection.isOpen) {
    app.connection.request("requests").then((reply) => {
      app.requests = reply.requests;
      app.emit("requests");
    }, () => {});
  }
  return {
    title: "Requests",
    element: h("section", { class: "page", "aria-labelledby": "requests-title" }, h("h1", { id: "requests-title" }, "Message requests"), messages.element, list),
    cleanup: off,
  };
}
