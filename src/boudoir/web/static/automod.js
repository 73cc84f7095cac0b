// The moderation page's other tabs: the audit log (operators) and the automod rules (list
// for staff; add, enable or disable and delete for operators). docs/http-api.md.

import { h, replace, timeElement } from "./dom.js";
import { field, messageArea } from "./forms.js";
import { segment } from "./api.js";

const ACTION_WORDS = { flag: "Flag (deliver, and queue)", hold: "Hold for review", block: "Block, with a message" };

const AUDIT_WORDS = {
  warn: "Warned",
  mute: "Muted",
  kick: "Kicked",
  room_ban: "Banned from the room",
  suspend: "Suspended",
  account_ban: "Banned the account",
  unsuspend: "Lifted a suspension",
  unban: "Lifted an account ban",
  clear: "Lifted a mute or room ban",
  remove_line: "Removed a line",
};

export async function renderAudit(app, content) {
  let actions;
  try {
    actions = (await app.api.get("/api/v1/moderation/audit")).actions;
  } catch (error) {
    replace(content, h("p", { role: "alert" }, error.message));
    return;
  }
  if (!actions.length) {
    replace(content, h("p", { class: "muted" }, "No actions yet."));
    return;
  }
  const row = (action) =>
    h(
      "tr",
      {},
      h("td", {}, timeElement(action.at)),
      h("td", {}, action.actor),
      h("td", {}, AUDIT_WORDS[action.kind] || action.kind),
      h("td", {}, action.target),
      h("td", {}, action.room || ""),
      h("td", {}, action.reason || ""),
      h("td", {}, action.expires_at ? timeElement(action.expires_at) : ""),
    );
  replace(
    content,
    h("p", { class: "muted" }, "Every action, newest first. Nothing edits this log."),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "audit" },
        h("caption", { class: "visually-hidden" }, "Audit log"),
        h("thead", {}, h("tr", {}, ["When", "Who", "Action", "Target", "Room", "Reason", "Until"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, actions.map(row)),
      ),
    ),
  );
}

export async function renderRules(app, content) {
  let rules;
  try {
    rules = (await app.api.get("/api/v1/moderation/automod/rules")).rules;
  } catch (error) {
    replace(content, h("p", { role: "alert" }, error.message));
    return;
  }
  const operator = app.account && app.account.role === "operator";
  const reload = () => renderRules(app, content);
  const messages = messageArea();
  const rule = (item) => {
    const toggle = h("button", { type: "button", class: "small", "aria-label": `${item.enabled ? "Disable" : "Enable"} ${item.name}` }, item.enabled ? "Disable" : "Enable");
    toggle.addEventListener("click", async () => {
      toggle.disabled = true;
      try {
        await app.api.patch(`/api/v1/moderation/automod/rules/${segment(item.id)}`, { enabled: !item.enabled });
        reload();
      } catch (error) {
        toggle.disabled = false;
        messages.error(error.message);
      }
    });
    const remove = item.pack ? null : h("button", { type: "button", class: "small danger", "aria-label": `Delete ${item.name}` }, "Delete");
    if (remove) {
      remove.addEventListener("click", async () => {
        remove.disabled = true;
        try {
          await app.api.delete(`/api/v1/moderation/automod/rules/${segment(item.id)}`);
          reload();
        } catch (error) {
          remove.disabled = false;
          messages.error(error.message);
        }
      });
    }
    return h(
      "li",
      { class: ["card", "rule", !item.enabled && "rule-off"], "aria-label": item.name },
      h("div", { class: "card-head" }, h("h2", {}, item.name, item.pack ? h("span", { class: "mark" }, ` pack ${item.pack}`) : null), h("span", { class: item.enabled ? "badge" : "badge muted" }, item.enabled ? "On" : "Off")),
      h("p", {}, h("strong", {}, item.kind === "regex" ? "Pattern: " : "Words: "), h("code", {}, item.pattern)),
      h("p", { class: "muted" }, `${ACTION_WORDS[item.action] || item.action} · in ${item.places.join(", ")}${item.min_rating ? ` · rated ${item.min_rating} and up` : ""}`, item.message ? ` · “${item.message}”` : ""),
      operator ? h("div", { class: "button-row" }, toggle, remove) : null,
    );
  };
  replace(content, messages.element, h("ul", { class: "rules" }, rules.map(rule)), operator ? addRuleForm(app, reload) : h("p", { class: "muted" }, "Operators change the rules."));
}

function addRuleForm(app, reload) {
  const messages = messageArea();
  const name = field("Name", h("input", { required: true, maxlength: "64" }));
  const kind = field("Kind", h("select", {}, h("option", { value: "words" }, "Words or phrases"), h("option", { value: "regex" }, "Regular expression")));
  const pattern = field("Pattern", h("input", { required: true, spellcheck: "false" }), "Words: separated by commas, matched as whole words in any case.");
  const action = field("Action", h("select", {}, Object.entries(ACTION_WORDS).map(([value, label]) => h("option", { value }, label))));
  const places = ["room", "scene", "direct"].map((place) => {
    const box = h("input", { type: "checkbox", id: `rule-place-${place}`, checked: true });
    return { place, box, wrap: h("div", { class: "check" }, box, h("label", { for: box.id }, place)) };
  });
  const message = field("Message to the sender (optional)", h("input", { maxlength: "300" }), "For blocked messages: the words the sender sees.");
  const add = h("button", { type: "submit", class: "primary" }, "Add the rule");
  const form = h("form", { class: "stack card add-rule", "aria-label": "Add an automod rule" }, h("h2", {}, "Add a rule"), name.wrap, kind.wrap, pattern.wrap, action.wrap, h("fieldset", {}, h("legend", {}, "Where"), places.map((p) => p.wrap)), message.wrap, add, messages.element);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { name: name.control.value.trim(), kind: kind.control.value, pattern: pattern.control.value, action: action.control.value, places: places.filter((p) => p.box.checked).map((p) => p.place) };
    if (message.control.value.trim()) body.message = message.control.value.trim();
    add.disabled = true;
    messages.clear();
    try {
      await app.api.post("/api/v1/moderation/automod/rules", body);
      reload();
    } catch (error) {
      messages.error(error.message);
      add.disabled = false;
    }
  });
  return form;
}
