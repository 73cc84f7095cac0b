// A conversation (a room or a direct-message thread): its model, and the view of the one
// on screen. The view appends in batches (one DOM write per animation frame) and keeps at
// most MAX_ITEMS nodes, so a busy room never slows the page down.

import { h, nameColourClass, nameKey, replace, timeElement } from "./dom.js";
import { poseSeparator } from "./composer.js";
import { messageBody } from "./markup.js";
import { attending, highlighted } from "./attention.js";

// Enough to read back through a long scene, small enough that a view of it renders at once
// and the page stays fast on a phone.
export const MAX_ITEMS = 500;

// "At the bottom" allows a few pixels for rounding and sub-pixel scroll positions.
const BOTTOM_SLACK_PX = 24;

// Typing indicators fade if the typist's "done" never comes (they closed the tab).
const TYPING_EXPIRY_MS = 12000;

let sequence = 0;

export class Conversation {
  /** kind: "room" or "dm"; name: the room's or the other person's name. */
  constructor(kind, name) {
    this.kind = kind;
    this.name = name;
    this.key = nameKey(name);
    this.items = [];
    this.unread = 0;
    this.readSeq = 0;
    this.typing = new Map();
    this.view = null;
    this.room = null; // the room state (rooms)
    this.members = new Map(); // key -> member (rooms)
    this.joined = false;
    this.draft = "";
    this.scene = null; // the scene card (scenes: rooms named scene-<id>)
    this.logging = null; // the log state (docs/websocket.md, "Logging")
    this.me = null; // your character's name, to leave you out of a scene's label
  }

  get route() {
    return `#/${this.kind === "room" ? "room" : "dm"}/${encodeURIComponent(this.name)}`;
  }

  get label() {
    if (this.scene) {
      const others = (this.scene.members || []).map((m) => m.name).filter((n) => nameKey(n) !== nameKey(this.me || ""));
      return others.length ? `Scene with ${others.join(", ")}` : "Scene";
    }
    return this.kind === "room" ? `#${this.name}` : this.name;
  }

  /** Add an item: {type: "message", ...event} | {type: "line", text, at} | {type: "error", text}.
   * `own`: your own message, which marks the conversation read (nothing before it is new). */
  push(item, { counts = true, own = false } = {}) {
    item.seq = ++sequence;
    this.items.push(item);
    if (this.items.length > MAX_ITEMS) this.items.splice(0, this.items.length - MAX_ITEMS);
    const seen = this.view !== null && this.view.isReading();
    if (own) this.markRead();
    else if (seen) this.readSeq = item.seq;
    else if (counts) this.unread += 1;
    if (this.view) this.view.add(item);
    return item;
  }

  /** Put replayed messages (the server's ``replay``) in time order among what is shown,
   * leaving out any already here (the same id): missed lines read as they were said. */
  merge(messages) {
    const known = new Set(this.items.map((item) => item.id).filter(Boolean));
    const fresh = messages.filter((message) => message.id && !known.has(message.id));
    if (!fresh.length) return;
    for (const message of fresh) {
      const item = { type: "message", ...message, replayed: true };
      let index = this.items.length;
      while (index > 0 && (this.items[index - 1].at || "") > message.at) index -= 1;
      this.items.splice(index, 0, item);
    }
    // Sequence numbers follow the order shown, so "new messages" stays where it was.
    for (const item of this.items) item.seq = ++sequence;
    this.markRead();
    if (this.items.length > MAX_ITEMS) this.items.splice(0, this.items.length - MAX_ITEMS);
    if (this.view) this.view.redraw();
  }

  /** A message edited or deleted (docs/websocket.md, "Editing and deleting"): the line keeps
   * its place; an edit replaces its text and seal, a deletion its whole body. */
  change(event) {
    const item = this.items.find((entry) => entry.type === "message" && entry.id === event.id);
    if (!item) return null;
    if (event.type === "message_edited") Object.assign(item, { text: event.text, seal: event.seal, edited: true });
    else Object.assign(item, { deleted: true, removedByModerator: event.by_moderator, seal: undefined });
    if (this.view) this.view.redraw(item);
    return item;
  }

  markRead() {
    this.unread = 0;
    if (this.items.length) this.readSeq = this.items[this.items.length - 1].seq;
  }

  setTyping(name, state) {
    const key = nameKey(name);
    const previous = this.typing.get(key);
    if (previous) clearTimeout(previous.timer);
    if (state === "active") {
      const timer = setTimeout(() => this.setTyping(name, "done"), TYPING_EXPIRY_MS);
      this.typing.set(key, { name, timer });
    } else {
      this.typing.delete(key);
    }
    if (this.view) this.view.showTyping();
  }

  setMember(member) {
    this.members.set(nameKey(member.name), member);
    if (this.view) this.view.showMembers();
  }

  removeMember(name) {
    this.members.delete(nameKey(name));
    if (this.view) this.view.showMembers();
  }
}

/** Renders one item as a list element. */
export function renderItem(item, options) {
  const element = itemElement(item, options);
  if (item.mention) element.prepend(h("span", { class: "visually-hidden" }, "Mentions you. "));
  return element;
}

function itemElement(item, options) {
  const { me, onName } = options;
  if (item.type === "line") {
    return h("li", { class: "item line" }, timeElement(item.at), h("span", { class: "line-text" }, item.text));
  }
  if (item.type === "error") {
    return h("li", { class: "item refusal", role: "note" }, h("span", { class: "badge badge-warn" }, item.label || "Not sent"), " ", item.text);
  }
  if (item.type === "roll") return rollItem(item, onName);
  if (item.deleted) {
    const text = item.removedByModerator ? `A message from ${item.from} was removed by a moderator.` : "Message deleted.";
    return h("li", { class: "item line deleted", dataset: { id: item.id } }, timeElement(item.at), h("span", { class: "line-text" }, text));
  }
  const li = renderMessage(item, options);
  li.dataset.id = item.id;
  if (item.edited) li.querySelector(".body").append(" ", h("span", { class: "edited", title: "Edited by its sender" }, "(edited)"));
  return li;
}

function renderMessage(item, options) {
  const { me, onName } = options;
  const kind = item.kind || "say";
  const name = nameButton(item.from, onName);
  const mine = nameKey(item.from) === nameKey(me || "");
  // A line that mentions you: its words marked (inside its formatting) and the line set apart.
  const text = messageBody(item, (piece) => highlighted(piece, item.mention));
  const classes = ["item", "message", `kind-${kind}`, mine && "mine", item.mention && "mentions-you"];
  if (kind === "pose") {
    return h("li", { class: classes }, timeElement(item.at), h("span", { class: "body" }, name, poseSeparator(item.text), text), reportButton(item, options));
  }
  if (kind === "ooc") {
    return h(
      "li",
      { class: classes },
      timeElement(item.at),
      h("span", { class: "body" }, h("abbr", { class: "badge badge-ooc", title: "Out of character" }, "OOC"), " ", name, ": ", text),
      reportButton(item, options),
    );
  }
  if (kind === "emit") {
    // Narration without a leading name (telnet @emit), always attributable: the emitter's name
    // is on hover (title) and one tap away (the small name after the text).
    return h(
      "li",
      { class: classes, title: `Emitted by ${item.from}` },
      timeElement(item.at),
      h("span", { class: "body" }, text, " ", h("span", { class: "emitter" }, "(emit by ", name, ")")),
      reportButton(item, options),
    );
  }
  if (kind === "whisper") {
    const target = item.to ? [" → ", nameButton(item.to, onName)] : [];
    return h(
      "li",
      { class: classes },
      timeElement(item.at),
      h("span", { class: "body" }, h("span", { class: "badge badge-whisper" }, "Whisper"), " ", name, target, ": ", text),
      reportButton(item, options),
    );
  }
  if (kind === "roll") {
    // A roll read back from a log (docs/http-api.md): the server's line, its text the roll.
    return h("li", { class: "item roll", role: "note" }, timeElement(item.at), h("span", { class: "body" }, h("span", { class: "badge badge-roll" }, "Dice"), " ", name, ` rolled ${item.text}`));
  }
  if (kind === "notice") {
    return h("li", { class: classes }, timeElement(item.at), h("span", { class: "body" }, h("span", { class: "badge" }, "Notice"), " ", name, ": ", text));
  }
  return h("li", { class: classes }, timeElement(item.at), h("span", { class: "body" }, name, h("span", { class: "colon" }, ": "), text), reportButton(item, options));
}

/** A roll of dice (docs/websocket.md, "roll"): the server's line, which nobody can type. */
function rollItem(item, onName) {
  const dice = item.rolls.join(" + ");
  const modifier = item.modifier ? ` ${item.modifier < 0 ? "−" : "+"} ${Math.abs(item.modifier)}` : "";
  return h(
    "li",
    { class: "item roll", role: "note" },
    timeElement(item.at),
    h("span", { class: "body" }, h("span", { class: "badge badge-roll" }, "Dice"), " ", nameButton(item.from, onName), ` rolled ${item.dice}: ${dice}${modifier} = `, h("strong", { class: "roll-total" }, String(item.total))),
  );
}

/** A message's hover (and keyboard) actions: report it, with its seal, as received (someone
 * else's); edit or delete it (your own, within the edit window); remove it (a moderator's,
 * on every line of a room). Their words come from the CSS, so that copying a message or
 * reading its text does not pick them up. */
function reportButton(item, { me, onReport, onEdit, onDelete, canRemove, editSeconds }) {
  const mine = nameKey(item.from) === nameKey(me || "");
  const actions = [];
  if (onReport && item.seal && !mine) {
    actions.push(h("button", { type: "button", class: "message-action report", "aria-label": `Report this message from ${item.from}`, on: { click: () => onReport(item) } }));
  }
  const open = item.seal && Date.now() - Date.parse(item.at) < (editSeconds ? editSeconds() : 0) * 1000;
  if (mine && open && onEdit) {
    actions.push(h("button", { type: "button", class: "message-action edit", "aria-label": "Edit your message", on: { click: () => onEdit(item) } }));
  }
  if (mine && open && onDelete) {
    actions.push(h("button", { type: "button", class: "message-action delete", "aria-label": "Delete your message", on: { click: () => onDelete(item) } }));
  } else if (!mine && item.seal && onDelete && canRemove && canRemove()) {
    actions.push(h("button", { type: "button", class: "message-action remove", "aria-label": `Remove this message from ${item.from}`, on: { click: () => onDelete(item) } }));
  }
  return actions.length ? h("span", { class: "message-actions" }, actions) : null;
}

/** An inline form in place of a message's text: Enter or Save sends the edit, Escape or
 * Cancel puts the line back. */
export function editForm(item, { onSave, onCancel }) {
  const input = h("input", { type: "text", class: "edit-input", value: item.text, "aria-label": "Edited message", maxlength: "4000" });
  const cancel = h("button", { type: "button", on: { click: onCancel } }, "Cancel");
  const form = h(
    "form",
    { class: "edit-form", on: { submit: (event) => { event.preventDefault(); onSave(input.value); } } },
    input,
    h("button", { type: "submit", class: "primary" }, "Save"),
    cancel,
  );
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") onCancel();
  });
  return { form, input };
}

export function nameButton(name, onName) {
  return h("button", { type: "button", class: ["name", nameColourClass(name)], on: { click: () => onName(name) } }, name);
}

/**
 * The message list of the conversation on screen: owns the scroll position, the
 * "new messages" divider, the "jump to latest" button and the typing line.
 */
export class ConversationView {
  /** memberRow(member) -> <li>: how the member list shows one member (rooms). */
  constructor(conversation, { me, onName, typingLine, membersList, memberRow = null, onReport = null, onEdit = null, onDelete = null, canRemove = null, editSeconds = null }) {
    this.conversation = conversation;
    this.onReport = onReport;
    this.onEdit = onEdit;
    this.onDelete = onDelete;
    this.canRemove = canRemove;
    this.editSeconds = editSeconds;
    this.me = me;
    this.onName = onName;
    this.typingLine = typingLine;
    this.membersList = membersList;
    this.memberRow = memberRow || ((member) => defaultMemberRow(member, this.onName));
    this.membersShown = null;
    this.queue = [];
    this.frame = 0;
    this.stuck = true;
    this.readingBack = false;
    // The list keeps its list semantics (its items are list items to a screen reader); the
    // live region announcing new messages is the wrapper around it.
    this.log = h("ol", { class: "log", "aria-label": `Messages in ${conversation.label}`, tabindex: "0" });
    this.jump = h(
      "button",
      { type: "button", class: "jump", hidden: true, on: { click: () => this.scrollToEnd() } },
      "Jump to latest ↓",
    );
    this.log.addEventListener("scroll", () => this._onScroll(), { passive: true });
    this.element = h(
      "div",
      { class: "log-wrap", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": `Messages in ${conversation.label}` },
      this.log,
      this.jump,
    );
  }

  /** Render the whole conversation (once, when it comes on screen). */
  mount() {
    const conversation = this.conversation;
    const fragment = document.createDocumentFragment();
    let dividerPlaced = conversation.unread === 0;
    for (const item of conversation.items) {
      if (!dividerPlaced && item.seq > conversation.readSeq) {
        fragment.append(this._divider());
        dividerPlaced = true;
      }
      fragment.append(renderItem(item, this));
    }
    this.log.append(fragment);
    conversation.view = this;
    conversation.markRead();
    this.showTyping();
    this.showMembers();
    requestAnimationFrame(() => {
      const divider = this.log.querySelector(".divider");
      if (divider) {
        this.log.scrollTop = Math.max(0, divider.offsetTop - this.log.clientHeight / 3);
        this._onScroll();
      } else {
        this.scrollToEnd();
      }
    });
  }

  /** Draw every item again (replayed lines went in above the live ones). */
  redraw() {
    const stuck = this.stuck;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.queue = [];
    const fragment = document.createDocumentFragment();
    for (const item of this.conversation.items) fragment.append(renderItem(item, this));
    this.log.replaceChildren(fragment);
    if (stuck) this.scrollToEnd();
  }

  unmount() {
    if (this.conversation.view === this) this.conversation.view = null;
    cancelAnimationFrame(this.frame);
  }

  /** Draw `item` again where it stands (after an edit or a deletion), or `element` there. */
  redraw(item, element = null) {
    const old = [...this.log.children].find((li) => li.dataset.id === item.id);
    if (!old) return null;
    const fresh = element || renderItem(item, this);
    old.replaceWith(fresh);
    return fresh;
  }

  /** True when what arrives now is read at once: at the bottom of a visible, focused page
   * (a page left open behind another window counts what arrives there as unread). */
  isReading() {
    return this.stuck && attending();
  }

  add(item) {
    this.queue.push(item);
    if (!this.frame) this.frame = requestAnimationFrame(() => this._flush());
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
    this.stuck = true;
    this.jump.hidden = true;
    this.conversation.markRead();
  }

  showTyping() {
    const names = [...this.conversation.typing.values()].map((entry) => entry.name);
    let text = "";
    if (names.length === 1) text = `${names[0]} is typing…`;
    else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
    else if (names.length > 2) text = "Several people are typing…";
    if (this.typingLine.textContent !== text) this.typingLine.textContent = text;
  }

  /** Redraw the member list; nothing happens when nothing it shows changed. */
  showMembers() {
    if (!this.membersList) return;
    const conversation = this.conversation;
    const members = [...conversation.members.values()].sort(memberOrder);
    // Redrawing closes an open menu and drops typed text, so redraw only on a change.
    const shown = JSON.stringify([members, conversation.room && conversation.room.you, conversation.memberForm || null]);
    if (shown === this.membersShown) return;
    this.membersShown = shown;
    const focused = document.activeElement && this.membersList.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    replace(this.membersList, members.length ? members.map((member) => this.memberRow(member)) : h("li", { class: "muted member-empty" }, "Nobody here now."));
    if (focused) {
      const again = [...this.membersList.querySelectorAll("[data-focus-key]")].find((element) => element.dataset.focusKey === focused);
      if (again) again.focus();
    }
    const count = document.getElementById("member-count");
    if (count) count.textContent = String(members.length);
  }

  _divider() {
    return h("li", { class: "divider", role: "separator" }, h("span", {}, "New messages"));
  }

  _onScroll() {
    const log = this.log;
    this.stuck = log.scrollHeight - log.scrollTop - log.clientHeight <= BOTTOM_SLACK_PX;
    if (this.stuck) {
      this.jump.hidden = true;
      this.conversation.markRead();
    }
  }

  _flush() {
    this.frame = 0;
    // Decide from the state before this batch: appending moves scrollHeight, and a reader
    // scrolled back must stay exactly where they are.
    const stick = this.stuck;
    const fragment = document.createDocumentFragment();
    const items = this.queue;
    this.queue = [];
    // Your own message (sent here or elsewhere) means you have read what came before it: the
    // divider can only come after it, before someone else's.
    const lastOwn = items.findLastIndex((item) => item.type === "message" && nameKey(item.from) === nameKey(this.me || ""));
    if (lastOwn >= 0) {
      for (const old of this.log.querySelectorAll(".divider")) old.remove();
      this.readingBack = false;
    }
    items.forEach((item, index) => {
      if (!stick && !this.readingBack && index > lastOwn) {
        // The first batch that arrives while reading back gets a divider; the old one goes.
        for (const old of this.log.querySelectorAll(".divider")) old.remove();
        fragment.append(this._divider());
        this.readingBack = true;
      }
      fragment.append(renderItem(item, this));
    });
    this.log.append(fragment);
    let excess = this.log.childElementCount - MAX_ITEMS;
    while (excess-- > 0) this.log.firstElementChild.remove();
    if (stick) {
      this.log.scrollTop = this.log.scrollHeight;
      this.readingBack = false;
    } else {
      this.jump.hidden = false;
    }
  }
}

/** A member's row without actions: status, name (opens the profile) and marks. */
export function defaultMemberRow(member, onName) {
  return h("li", { class: "member" }, memberSummary(member, onName));
}

/** The status dot, the name and the owner/manager/voice mark of a member. */
export function memberSummary(member, onName) {
  const status = member.status || "online";
  return [
    h("span", { class: `status-dot status-${status}`, title: status }),
    h("span", { class: "visually-hidden" }, `${status}, `),
    nameButton(member.name, onName),
    member.owner ? h("span", { class: "mark", title: "Owner" }, "owner") : null,
    !member.owner && member.manager ? h("span", { class: "mark", title: "Manager" }, "manager") : null,
    member.voiced && !member.manager && !member.owner ? h("span", { class: "mark", title: "Voice" }, "voice") : null,
  ];
}

const STATUS_ORDER = { looking: 0, online: 1, busy: 2, away: 3 };

function memberOrder(a, b) {
  const rank = (m) => (m.owner ? 0 : m.manager ? 1 : m.voiced ? 2 : 3);
  return rank(a) - rank(b) || nameKey(a.name).localeCompare(nameKey(b.name));
}

export { STATUS_ORDER };
