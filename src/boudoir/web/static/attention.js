// Attention: what calls you back to the page. Mentions of your character's name (and words you
// add) are marked in room messages and listed on the Mentions page; the tab's title counts the
// unread messages; desktop notifications and a short sound, each only when you turn it on, for
// direct messages, message requests, mentions and incoming calls, and never while the page
// has your focus.
//
// The words that mention you are an account setting (`mention_words`, checked by the server:
// docs/http-api.md), the same in every browser. Notifications and the sound are choices of one
// browser (like the theme, and like the browser's own permission): kept in localStorage, per
// account. Someone you block cannot mention you: the server never delivers their lines
// (docs/websocket.md, "Blocks and room text").

import { h, nameKey, replace, timeElement } from "./dom.js";
import { field, messageArea, submitting } from "./forms.js";

const STORAGE_PREFIX = "boudoir.attention.";
// The server's limits (domain/mentions.py), for the hint: the server checks them.
const MAX_WORDS = 20;
const MAX_WORD_LENGTH = 40;
// The Mentions page keeps the latest lines only: it is a pointer back to the rooms, not a log.
const MAX_MENTIONS = 50;
// A notification shows a glimpse of the text, as the system's own notifications do.
const NOTIFICATION_TEXT_LENGTH = 120;

export const KINDS = [
  ["direct", "Direct messages"],
  ["request", "Message requests"],
  ["mention", "Mentions"],
  ["call", "Incoming calls"],
];

const DEFAULTS = { desktop: false, sound: false, kinds: { direct: true, request: true, mention: true, call: true } };

/** This browser's notification settings for the signed-in account. */
export function loadSettings(app) {
  if (!app.account) return structuredClone(DEFAULTS);
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_PREFIX + nameKey(app.account.name)) || "{}");
    return { ...structuredClone(DEFAULTS), ...saved, kinds: { ...DEFAULTS.kinds, ...(saved.kinds || {}) } };
  } catch {
    return structuredClone(DEFAULTS);
  }
}

function saveSettings(app, settings) {
  localStorage.setItem(STORAGE_PREFIX + nameKey(app.account.name), JSON.stringify(settings));
}

// --- mentions ---------------------------------------------------------------------------

let matcherCache = null;

/** A regular expression matching the character's name and the added words as whole words
 * (no letter, digit or underscore right before or after), in any case; null if none. */
function matcher(app) {
  const words = [app.character, ...((app.account && app.account.mention_words) || [])].filter(Boolean);
  const signature = JSON.stringify(words);
  if (matcherCache && matcherCache.signature === signature) return matcherCache.pattern;
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = escaped.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${escaped.join("|")})(?![\\p{L}\\p{N}_])`, "giu") : null;
  matcherCache = { signature, pattern };
  return pattern;
}

/** The text as nodes, with each mention in a <mark>: text stays text (no HTML is parsed). */
export function highlighted(text, pattern) {
  if (!pattern || !text) return text;
  pattern.lastIndex = 0;
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(h("mark", { class: "mention-word" }, match[0]));
    last = match.index + match[0].length;
  }
  if (!parts.length) return text;
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** Note a room message just pushed to `conversation`: mark it when it mentions you, list it
 * and call for attention. */
export function noteRoomMessage(app, conversation, item) {
  if (app.isMe(item.from) || !item.text) return;
  const pattern = matcher(app);
  if (!pattern) return;
  pattern.lastIndex = 0;
  const found = pattern.test(item.text);
  pattern.lastIndex = 0;
  if (!found) return;
  item.mention = pattern;
  app.mentions = [{ item, conversation, seen: false }, ...(app.mentions || [])].slice(0, MAX_MENTIONS);
  app.emit("mentions");
  call(app, "mention", { title: `${item.from} in ${conversation.label}`, text: item.text, route: conversation.route, tag: `room:${conversation.key}` });
}

/** Note a direct message just pushed (yours, from another connection, calls nobody). */
export function noteDirect(app, conversation, item) {
  if (app.isMe(item.from)) return;
  call(app, "direct", { title: item.from, text: item.text, route: conversation.route, tag: `dm:${conversation.key}` });
}

/** Note a stranger's first message, waiting on the Requests page. */
export function noteRequest(app, event) {
  const text = event.letter ? `Sent you a letter: ${event.letter.subject}` : event.text;
  call(app, "request", { title: `${event.from} wants to talk with you`, text, route: "#/requests", tag: `request:${nameKey(event.from)}` });
}

/** Note an incoming call (its panel is already up in the page). */
export function noteCall(app, event) {
  call(app, "call", { title: `${event.from} is calling you`, text: event.video ? "A video call: answer in Boudoir." : "A voice call: answer in Boudoir.", route: location.hash || "#/lobby", tag: `call:${event.call}` });
}

/** The mentions not yet looked at, here or in their room. */
export function unseenMentions(app) {
  return (app.mentions || []).filter((mention) => !mention.seen && mention.item.seq > mention.conversation.readSeq).length;
}

export function renderMentions(app) {
  const list = h("ol", { class: "mentions", "aria-label": "Recent mentions" });
  const show = () => {
    const mentions = app.mentions || [];
    for (const mention of mentions) mention.seen = true;
    replace(
      list,
      mentions.length
        ? mentions.map(({ item, conversation }) =>
            h(
              "li",
              { class: "mention" },
              h("a", { href: conversation.route, class: "mention-room" }, conversation.label),
              " ",
              timeElement(item.at),
              h("p", { class: "mention-text" }, h("span", { class: "name" }, item.from), ": ", highlighted(item.text, item.mention)),
            ),
          )
        : h("li", { class: "nav-empty" }, "Nobody has mentioned you yet in this session."),
    );
    app.emit("conversations"); // the sidebar's count
  };
  const stop = app.on("mentions", show);
  show();
  const element = h(
    "section",
    { class: "page", "aria-labelledby": "mentions-title" },
    h("h1", { id: "mentions-title" }, "Mentions"),
    h("p", { class: "muted" }, "Lines in your rooms that named your character or one of your words. Open one to go to its room. Set your words in Settings."),
    list,
  );
  return { title: "Mentions", element, cleanup: stop };
}

// --- the tab's title ----------------------------------------------------------------------

/** The page's title, with the unread messages counted first: "(3) #parlour · Boudoir". */
export function showTitle(app) {
  const base = app.title ? `${app.title} · Boudoir` : "Boudoir";
  const unread = app.session ? [...app.conversations.values()].reduce((sum, c) => sum + c.unread, 0) : 0;
  const title = unread ? `(${unread}) ${base}` : base;
  if (document.title !== title) document.title = title;
}

// --- notifications and sound --------------------------------------------------------------

/** True while the page has the person's eyes: visible and focused. Nothing calls them then. */
export function attending() {
  return document.visibilityState === "visible" && document.hasFocus();
}

function call(app, kind, { title, text, route, tag }) {
  if (attending()) return;
  const settings = loadSettings(app);
  if (!settings.kinds[kind]) return;
  if (settings.sound) chime();
  if (!settings.desktop || !("Notification" in window) || Notification.permission !== "granted") return;
  const body = text.length > NOTIFICATION_TEXT_LENGTH ? `${text.slice(0, NOTIFICATION_TEXT_LENGTH - 1)}…` : text;
  const notification = new Notification(title, { body, tag, icon: "/static/icon.svg" });
  notification.onclick = () => {
    window.focus();
    app.navigate(route);
    notification.close();
  };
}

let audio = null;

/** A short two-note chime, made on the spot (no sound file to fetch). */
function chime() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  audio = audio || new Context();
  const start = audio.currentTime;
  const gain = audio.createGain();
  gain.connect(audio.destination);
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.35);
  [880, 660].forEach((frequency, index) => {
    const oscillator = audio.createOscillator();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start(start + index * 0.12);
    oscillator.stop(start + 0.35);
  });
}

// --- the settings card --------------------------------------------------------------------

/** The Settings page's "Mentions and notifications" card. */
export function attentionCard(app) {
  const settings = loadSettings(app);
  const messages = messageArea();
  const words = field(
    "Other words that mention you",
    h("textarea", { rows: 4, name: "mention_words" }),
    `One a line, at most ${MAX_WORDS}, each at most ${MAX_WORD_LENGTH} characters; the same in every browser. Your character's name always counts.`,
  );
  words.control.value = (app.account.mention_words || []).join("\n");
  const check = (id, label, checked) => {
    const box = h("input", { type: "checkbox", id, checked });
    return { box, wrap: h("div", { class: "check" }, box, h("label", { for: id }, label)) };
  };
  const desktop = check("attention-desktop", "Desktop notifications when this page is in the background", settings.desktop);
  const sound = check("attention-sound", "Play a short sound", settings.sound);
  const kinds = KINDS.map(([kind, label]) => ({ kind, ...check(`attention-${kind}`, label, settings.kinds[kind]) }));
  const save = h("button", { type: "submit", class: "primary" }, "Save mentions and notifications");
  const form = h(
    "form",
    { class: "stack" },
    words.wrap,
    h("fieldset", {}, h("legend", {}, "Call me back"), desktop.wrap, sound.wrap),
    h("fieldset", {}, h("legend", {}, "For"), kinds.map((k) => k.wrap)),
    save,
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(save, messages, () => saveAll(app, { words, desktop, sound, kinds, messages }));
  });
  return h("section", { class: "card", "aria-labelledby": "attention-title" }, h("h2", { id: "attention-title" }, "Mentions and notifications"), form);
}

async function saveAll(app, { words, desktop, sound, kinds, messages }) {
  const wanted = {
    desktop: desktop.box.checked,
    sound: sound.box.checked,
    kinds: Object.fromEntries(kinds.map((k) => [k.kind, k.box.checked])),
  };
  let refused = false;
  if (wanted.desktop) {
    // Asked only now, on the person's own click (never on page load), before anything else
    // is awaited: browsers let a page ask only right after a click.
    const permission = "Notification" in window ? await Notification.requestPermission() : "denied";
    refused = permission !== "granted";
    if (refused) wanted.desktop = desktop.box.checked = false;
  }
  // The sound may play later because it was turned on by this click.
  if (wanted.sound) chime();
  saveSettings(app, wanted);
  // The server trims the words, drops repeats and checks the limits; a refusal shows its reason.
  const updated = await app.api.patch("/api/v1/account/settings", { mention_words: words.control.value.split("\n") });
  app.account = { ...app.account, ...updated };
  words.control.value = updated.mention_words.join("\n");
  if (refused) messages.error("This browser does not allow notifications from Boudoir: allow them in its site settings, then try again. The rest is saved.");
  else messages.ok("Saved.");
}
