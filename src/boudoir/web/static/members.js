// A room's members: keeping their marks true (the `members` command after the events that
// change them) and the per-member actions (profile, direct message, and for the room's
// managers voice, moderator, remove and ban).

import { h, nameKey } from "./dom.js";
import { memberSummary } from "./conversation.js";
import { menuButton } from "./menu.js";
import { openSceneInvite } from "./sceneinvite.js";
import { openReport } from "./reports.js";

// A `joined` event carries no marks (owner, manager, voice), so the list is asked again
// after one. A burst of joins (a reconnecting crowd) costs one request per room per this
// window, and a person still sees the marks well within a second.
const MEMBER_REFRESH_MS = 300;

// The server's limit for a kick's reason (MAX_KICK_REASON, as IRC's KICKLEN); it would cut
// a longer one, so the box stops there and nobody loses words they typed.
const KICK_REASON_CHARS = 255;

/** Ask the server for the room's members soon (at most once per MEMBER_REFRESH_MS). */
export function scheduleMemberRefresh(app, conversation) {
  if (conversation.memberRefresh) return;
  conversation.memberRefresh = setTimeout(async () => {
    // Cleared before asking: an event that arrives after this request was sent is either
    // already in its reply (the server answers in order) or schedules the next one.
    conversation.memberRefresh = 0;
    if (!conversation.joined || !app.connection || !app.connection.isOpen) return;
    let reply;
    try {
      reply = await app.connection.request("members", { room: conversation.name });
    } catch {
      return; // left or disconnected meanwhile: the next join brings a full list anyway
    }
    adoptMembers(app, conversation, reply.members);
  }, MEMBER_REFRESH_MS);
}

/** Take a member list from the server as it is, and what it says about you. */
export function adoptMembers(app, conversation, members) {
  conversation.members = new Map(members.map((member) => [nameKey(member.name), member]));
  const mine = members.find((member) => app.isMe(member.name));
  if (mine && conversation.room) {
    const you = conversation.room.you || {};
    const now = { owner: mine.owner, manager: mine.manager || mine.owner, voiced: mine.voiced };
    if (you.owner !== now.owner || you.manager !== now.manager || you.voiced !== now.voiced) {
      conversation.room = { ...conversation.room, you: now };
      app.emit("room:" + conversation.key);
    }
  }
  if (conversation.view) conversation.view.showMembers();
}

/** Whether you manage the room (its owner or a moderator). */
export function manages(conversation) {
  const you = (conversation.room && conversation.room.you) || {};
  return Boolean(you.owner || you.manager);
}

/** Run a room command for the member list; a refusal shows in the conversation, as sent. */
export async function roomCommand(app, conversation, type, fields, { done = null } = {}) {
  try {
    await app.connection.request(type, { room: conversation.name, ...fields });
    if (done) conversation.push({ type: "line", text: done }, { counts: false });
    return true;
  } catch (error) {
    conversation.push({ type: "error", label: "Not done", text: error.message }, { counts: false });
    return false;
  }
}

/** One member's row: the summary, an actions menu, and a kick or ban form when open. */
export function memberRow(app, conversation, member) {
  const key = nameKey(member.name);
  const you = (conversation.room && conversation.room.you) || {};
  const me = app.isMe(member.name);
  const managing = manages(conversation) && !me && !member.owner;
  const openForm = (kind) => {
    conversation.memberForm = { key, kind };
    conversation.memberFormText = "";
    if (conversation.view) conversation.view.showMembers();
    const input = document.querySelector(`[data-focus-key="form:${CSS.escape(key)}"]`);
    if (input) input.focus();
  };
  const setting = (name, enabled) => () => roomCommand(app, conversation, "room_setting", { setting: name, enabled, target: member.name });
  const { element: menu } = menuButton({
    buttonClass: "icon-button member-actions",
    menuLabel: `Actions for ${member.name}`,
    label: [h("span", { "aria-hidden": "true" }, "⋯"), h("span", { class: "visually-hidden" }, `Actions for ${member.name}`)],
    items: [
      { label: "Profile", action: () => app.showProfile(member.name) },
      me ? null : { label: "Direct message", action: () => app.navigate(app.conversation("dm", member.name).route) },
      me || conversation.scene ? null : { label: "Invite to a scene…", action: () => openSceneInvite(app, member.name) },
      me ? null : { label: "Report…", action: () => openReport(app, member.name, { conversation }) },
      managing && !member.manager ? "-" : null,
      managing && !member.manager ? { label: member.voiced ? "Take voice" : "Give voice", action: setting("voice", !member.voiced) } : null,
      managing && you.owner ? { label: member.manager ? "Remove moderator" : "Make moderator", action: setting("moderator", !member.manager) } : null,
      // Only the owner removes a moderator; nobody bans one (take the role first).
      managing && (you.owner || !member.manager) ? { label: "Remove from room…", action: () => openForm("kick") } : null,
      managing && !member.manager ? { label: "Ban from room…", danger: true, action: () => openForm("ban") } : null,
    ],
  });
  menu.querySelector("button").dataset.focusKey = `menu:${key}`;
  const form = conversation.memberForm && conversation.memberForm.key === key ? memberForm(app, conversation, member, conversation.memberForm.kind) : null;
  return h("li", { class: ["member", form && "member-open"] }, h("div", { class: "member-line" }, memberSummary(member, app.showProfile), h("span", { class: "spacer" }), menu), form);
}

function memberForm(app, conversation, member, kind) {
  const key = nameKey(member.name);
  const close = () => {
    conversation.memberForm = null;
    if (conversation.view) conversation.view.showMembers();
    const button = document.querySelector(`[data-focus-key="menu:${CSS.escape(key)}"]`);
    if (button) button.focus();
  };
  const submit = h("button", { type: "submit", class: "small danger" }, kind === "kick" ? "Remove" : "Ban");
  const cancel = h("button", { type: "button", class: "small", on: { click: close } }, "Cancel");
  let body;
  if (kind === "kick") {
    const reason = h("input", {
      class: "small-input",
      maxlength: String(KICK_REASON_CHARS),
      value: conversation.memberFormText || "",
      "aria-label": `Reason for removing ${member.name} (optional)`,
      placeholder: "Reason (optional)",
      dataset: { focusKey: `form:${key}` },
      on: { input: (event) => (conversation.memberFormText = event.target.value) },
    });
    body = [h("p", { class: "member-form-title" }, `Remove ${member.name} from #${conversation.name}? They may come back.`), reason];
  } else {
    body = [h("p", { class: "member-form-title", tabindex: "-1", dataset: { focusKey: `form:${key}` } }, `Ban ${member.name} (all their characters) from #${conversation.name}?`)];
  }
  const form = h("form", { class: "member-form", "aria-label": kind === "kick" ? `Remove ${member.name}` : `Ban ${member.name}` }, body, h("div", { class: "button-row" }, submit, cancel));
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const reason = (conversation.memberFormText || "").trim();
    const ok =
      kind === "kick"
        ? await roomCommand(app, conversation, "kick", reason ? { name: member.name, reason } : { name: member.name })
        : await roomCommand(app, conversation, "room_setting", { setting: "ban", enabled: true, target: member.name });
    if (ok) {
      conversation.memberForm = null;
      if (conversation.view) conversation.view.showMembers();
    } else {
      submit.disabled = false;
    }
  });
  return form;
}
