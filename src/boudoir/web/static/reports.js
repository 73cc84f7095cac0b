// Reporting someone to the moderators (docs/websocket.md, "Reports"): a reason, and as
// evidence the messages exactly as this browser received them, each with its `seal`, so the
// server can tell they are genuine. The reported message is chosen; a few around it are
// offered.

import { h, nameKey, replace, timeElement } from "./dom.js";
import { field, messageArea } from "./forms.js";
import { openPanel } from "./profile.js";
import { poseSeparator } from "./composer.js";

// The server takes at most 50 lines (docs/websocket.md); a handful around the reported one
// gives the context a moderator needs without sending a whole conversation.
const MAX_EVIDENCE = 50;
const CONTEXT_LINES = 3;
const MAX_REASON_CHARS = 1000;

// Only what the server signed can be evidence; the fields it reads (others are dropped).
const EVIDENCE_FIELDS = ["type", "id", "at", "room", "to", "from", "kind", "text", "seal"];

function evidenceOf(item) {
  const copy = {};
  for (const key of EVIDENCE_FIELDS) if (item[key] !== undefined) copy[key] = item[key];
  if (!["message", "direct", "request"].includes(copy.type)) copy.type = item.to && !item.room ? "direct" : "message";
  return copy;
}

function sealed(conversation) {
  return conversation.items.filter((item) => item.type === "message" && item.seal);
}

/** Open the report dialog about `subject`; `around` is a message to choose first; `call` the
 * id of a call with them, whose record (never its media) goes with the report. With `picture`
 * (from a profile showing one), the report may be about their profile picture. */
export function openReport(app, subject, { conversation = null, around = null, call = null, picture = false } = {}) {
  const body = openPanel(app, `Report ${subject}`, "Close the report");
  const messages = messageArea();
  let candidates = [];
  if (conversation) {
    const all = sealed(conversation);
    const index = around ? all.indexOf(around) : all.length;
    candidates = all.slice(Math.max(0, index - CONTEXT_LINES), index + CONTEXT_LINES + 1);
  } else {
    // From a profile: their latest lines wherever you saw them, none chosen yet.
    for (const other of app.conversations.values()) candidates.push(...sealed(other).filter((item) => nameKey(item.from) === nameKey(subject)));
    candidates = candidates.sort((a, b) => String(a.at).localeCompare(String(b.at))).slice(-CONTEXT_LINES * 2);
  }
  const reason = field("Reason", h("textarea", { rows: "3", required: true, maxlength: String(MAX_REASON_CHARS) }), "What happened, in your words. The moderators read it with the messages below.");
  const boxes = candidates.map((item, index) => {
    const box = h("input", { type: "checkbox", id: `evidence-${index}`, checked: item === around });
    return {
      item,
      box,
      row: h(
        "li",
        { class: ["check", "evidence", item === around && "evidence-reported"] },
        box,
        h("label", { for: box.id }, timeElement(item.at), " ", h("strong", {}, item.from), item.kind === "pose" ? poseSeparator(item.text) : ": ", item.text),
      ),
    };
  });
  const aboutPicture = picture ? h("input", { type: "checkbox", id: "report-picture" }) : null;
  const send = h("button", { type: "submit", class: "primary" }, "Send the report");
  const evidence = boxes.length
    ? h("fieldset", { class: "evidence-list" }, h("legend", {}, "Messages to include, exactly as you received them"), h("ul", {}, boxes.map((b) => b.row)))
    : h("p", { class: "muted" }, "No messages of theirs to include: the report goes with your reason only.");
  const callNote = call ? h("p", { class: "muted", id: "report-call-note" }, "The call's record goes with it: who called whom, when, how long, and who ended it. Never any sound or picture: Boudoir has none.") : null;
  const form = h(
    "form",
    { class: "stack report-form", "aria-label": `Report ${subject}` },
    reason.wrap,
    aboutPicture ? h("div", { class: "check" }, aboutPicture, h("label", { for: aboutPicture.id }, "It is about their profile picture")) : null,
    callNote,
    evidence,
    send,
    messages.element,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = reason.control.value.trim();
    if (!text) {
      messages.error("Say what happened: a report needs a reason.");
      reason.control.focus();
      return;
    }
    const chosen = boxes.filter((b) => b.box.checked).map((b) => evidenceOf(b.item)).slice(0, MAX_EVIDENCE);
    send.disabled = true;
    messages.clear();
    try {
      const report = { subject, reason: text, evidence: chosen };
      if (call) report.call = call;
      if (aboutPicture && aboutPicture.checked) report.image = true;
      await app.connection.request("report", report);
      replace(body, h("p", { role: "status", class: "form-message ok" }, "Thank you. Your report reached the moderators."), h("p", { class: "muted" }, "They will look at it. You can block someone at any time from their profile."));
    } catch (error) {
      messages.error(error.message);
      send.disabled = false;
    }
  });
  replace(body, form);
  reason.control.focus();
}
