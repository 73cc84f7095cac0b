// The moderator view (docs/http-api.md, "Moderation"), for accounts whose role is moderator
// or operator: the queue of reports and automod holds and flags with their evidence, one-click
// resolutions, and actions (warn, mute, kick, room ban, suspend, account ban). The audit log
// and the automod rules are tabs of the same page (automod.js).

import { h, replace, timeElement } from "./dom.js";
import { field, messageArea } from "./forms.js";
import { segment } from "./api.js";
import { renderAudit, renderRules } from "./automod.js";

export function isStaff(app) {
  return Boolean(app.account && ["moderator", "operator"].includes(app.account.role));
}

export function isOperator(app) {
  return Boolean(app.account && app.account.role === "operator");
}

const KIND_WORDS = { report: "Report", automod_hold: "Held by automod", automod_flag: "Flagged by automod" };
const ACTIONS = [
  ["warn", "Warn"],
  ["mute", "Mute in a room"],
  ["kick", "Kick from a room"],
  ["room_ban", "Ban from a room"],
  ["suspend", "Suspend the account"],
  ["account_ban", "Ban the account"],
];
const NEEDS_ROOM = new Set(["mute", "kick", "room_ban"]);
const EXPIRES = new Set(["mute", "room_ban", "suspend", "account_ban"]);

/** #/moderation[/queue|/audit|/automod]. */
export function renderModeration(app, tab) {
  const current = tab || "queue";
  const tabs = [["queue", "Queue"], isOperator(app) ? ["audit", "Audit log"] : null, ["automod", "Automod rules"]].filter(Boolean);
  const content = h("div", { class: "moderation-content" }, h("p", { role: "status" }, "Loading…"));
  const element = h(
    "section",
    { class: "page moderation", "aria-labelledby": "moderation-title" },
    h("h1", { id: "moderation-title" }, "Moderation"),
    h("ul", { class: "character-tabs", "aria-label": "Moderation pages" }, tabs.map(([id, label]) => h("li", {}, h("a", { href: `#/moderation/${id}`, "aria-current": id === current ? "page" : null }, label)))),
    content,
  );
  if (!isStaff(app)) replace(content, h("p", { role: "alert" }, "This page is for the server's moderators."));
  else if (current === "audit") renderAudit(app, content);
  else if (current === "automod") renderRules(app, content);
  else renderQueue(app, content, "open");
  return { title: "Moderation", element };
}

async function renderQueue(app, content, status) {
  let items;
  try {
    items = (await app.api.get(`/api/v1/moderation/queue?status=${status}`)).items;
  } catch (error) {
    replace(content, h("p", { role: "alert" }, error.message));
    return;
  }
  const reload = () => renderQueue(app, content, status);
  const filter = h(
    "div",
    { class: "button-row", role: "group", "aria-label": "Show" },
    [["open", "Open"], ["resolved", "Resolved"], ["all", "All"]].map(([value, label]) =>
      h("button", { type: "button", class: "small", "aria-pressed": String(value === status), on: { click: () => renderQueue(app, content, value) } }, label),
    ),
  );
  replace(
    content,
    filter,
    items.length ? h("ul", { class: "queue" }, items.map((item) => queueItem(app, item, reload))) : h("p", { class: "muted" }, status === "open" ? "Nothing waiting. Well done." : "Nothing here."),
  );
}

function evidenceView(item) {
  const evidence = item.evidence || {};
  if (item.kind === "report") {
    const lines = evidence.lines || [];
    return h(
      "div",
      { class: "evidence-view" },
      h("p", {}, h("strong", {}, "Reported by "), evidence.reporter || "someone", h("strong", {}, ". Reason: "), evidence.reason || ""),
      evidence.image ? h("p", { class: "badge badge-warn" }, "About their profile picture") : null,
      lines.length
        ? h(
            "ol",
            { class: "log preview", "aria-label": "Evidence" },
            lines.map((entry) =>
              h(
                "li",
                { class: "item" },
                timeElement(entry.at),
                h(
                  "span",
                  { class: "body" },
                  entry.genuine ? h("span", { class: "badge seal-ok" }, "✓ seal verified") : h("span", { class: "badge badge-warn seal-bad" }, "✗ seal does not match"),
                  " ",
                  entry.room ? `#${entry.room} ` : entry.to ? `to ${entry.to} ` : "",
                  h("strong", {}, entry.from),
                  ": ",
                  entry.text,
                ),
              ),
            ),
          )
        : h("p", { class: "muted" }, "No messages attached."),
    );
  }
  return h(
    "div",
    { class: "evidence-view" },
    h("p", {}, h("strong", {}, "Rule: "), evidence.rule || "", evidence.pack ? ` (pack ${evidence.pack})` : "", h("strong", {}, " Matched: "), (evidence.matched || []).toString()),
    evidence.text !== undefined && evidence.text !== null ? h("blockquote", {}, evidence.text) : h("p", { class: "muted" }, evidence.private ? "Private (a scene or a direct message): the text is not shown." : ""),
  );
}

function queueItem(app, item, reload) {
  const messages = messageArea();
  const open = item.status === "open";
  const resolve = (resolution) => async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await app.api.post(`/api/v1/moderation/queue/${segment(item.id)}/resolve`, { resolution });
      app.announce(`Item ${resolution === "dismiss" ? "dismissed" : resolution === "release" ? "released" : resolution === "drop" ? "dropped" : "resolved"}.`, { visible: true });
      reload();
    } catch (error) {
      button.disabled = false;
      messages.error(error.message);
    }
  };
  const buttons = [];
  if (open && item.kind === "automod_hold") {
    buttons.push(h("button", { type: "button", class: "small primary", on: { click: resolve("release") } }, "Release"));
    buttons.push(h("button", { type: "button", class: "small danger", on: { click: resolve("drop") } }, "Drop"));
  }
  if (open) {
    buttons.push(h("button", { type: "button", class: "small", on: { click: resolve("dismiss") } }, "Dismiss"));
    buttons.push(h("button", { type: "button", class: "small", on: { click: resolve("actioned") } }, "Resolve"));
  }
  if (open && item.kind === "report") {
    // A report may be about the profile picture: staff remove it (in the audit log).
    buttons.push(h("button", { type: "button", class: "small danger", on: { click: async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        await app.api.delete(`/api/v1/moderation/images/${segment(item.subject)}`, { reason: `Report ${item.id}` });
        messages.ok(`The profile picture of ${item.subject} is removed.`);
      } catch (error) {
        button.disabled = false;
        messages.error(error.status === 404 ? `${item.subject} has no profile picture.` : error.message);
      }
    } } }, "Remove their picture"));
  }
  const actionSlot = h("div", {});
  if (open) {
    buttons.push(h("button", { type: "button", class: "small secondary", "aria-expanded": "false", on: { click: (event) => {
      const opened = event.currentTarget.getAttribute("aria-expanded") === "true";
      event.currentTarget.setAttribute("aria-expanded", String(!opened));
      if (opened) replace(actionSlot);
      else replace(actionSlot, actionForm(app, { target: item.subject, room: item.place && item.place !== "direct" ? item.place : "", item: item.id }, reload));
    } } }, "Take action…"));
  }
  return h(
    "li",
    { class: ["card", "queue-item", `queue-${item.kind}`], "aria-label": `${KIND_WORDS[item.kind] || item.kind}: ${item.subject}` },
    h("div", { class: "card-head" }, h("h2", {}, `${KIND_WORDS[item.kind] || item.kind}: `, item.subject), h("span", { class: "muted" }, item.place ? `${item.place} · ` : "", timeElement(item.created_at))),
    item.summary ? h("p", {}, item.summary) : null,
    evidenceView(item),
    open ? null : h("p", { class: "muted" }, `Resolved (${item.resolution})`, item.resolved_by ? ` by ${item.resolved_by}` : "", item.note ? `: ${item.note}` : ""),
    buttons.length ? h("div", { class: "button-row" }, buttons) : null,
    actionSlot,
    messages.element,
  );
}

/** The form for one moderation action; `preset`: target, room, item (the queue item). */
export function actionForm(app, preset, done) {
  const messages = messageArea();
  const kind = field("Action", h("select", {}, ACTIONS.map(([value, label]) => h("option", { value }, label))));
  const target = field("Who", h("input", { value: preset.target || "", required: true, autocapitalize: "off", spellcheck: "false" }));
  const room = field("Room", h("input", { value: preset.room || "", autocapitalize: "off", spellcheck: "false" }), "For a mute, kick or room ban.");
  const reason = field("Reason", h("input", { maxlength: "500" }), "Shown to the person, as from the server.");
  const expires = field("Until (optional)", h("input", { type: "datetime-local" }), "Empty: until lifted. For mutes, bans and suspensions.");
  const show = () => {
    room.wrap.hidden = !NEEDS_ROOM.has(kind.control.value);
    expires.wrap.hidden = !EXPIRES.has(kind.control.value);
  };
  kind.control.addEventListener("change", show);
  show();
  const submit = h("button", { type: "submit", class: "danger" }, "Do it");
  const form = h("form", { class: "stack action-form", "aria-label": "Moderation action" }, kind.wrap, target.wrap, room.wrap, reason.wrap, expires.wrap, submit, messages.element);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { kind: kind.control.value, target: target.control.value.trim() };
    if (NEEDS_ROOM.has(body.kind)) {
      if (!room.control.value.trim()) {
        messages.error("Name the room for this action.");
        room.control.focus();
        return;
      }
      body.room = room.control.value.trim().replace(/^#/u, "");
    }
    if (reason.control.value.trim()) body.reason = reason.control.value.trim();
    if (EXPIRES.has(body.kind) && expires.control.value) body.expires_at = new Date(expires.control.value).toISOString();
    if (preset.item) body.item = preset.item;
    submit.disabled = true;
    messages.clear();
    try {
      await app.api.post("/api/v1/moderation/actions", body);
      app.announce("Done.", { visible: true });
      done();
    } catch (error) {
      messages.error(error.message);
      submit.disabled = false;
    }
  });
  return form;
}
