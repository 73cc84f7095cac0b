// Inviting to a scene: the form (rating, tags, a note, and your own hard limits, which the
// invitation and the scene always show, whatever the profile's setting), the card of an invitation received (Accept / Decline / Decline and block), and
// proposing to add someone to a scene you are in.

import { h, nameKey, replace } from "./dom.js";
import { field, messageArea } from "./forms.js";
import { openPanel } from "./profile.js";
import { ratingBadge } from "./lobby.js";
import { limitsText } from "./scene.js";

// The server's limits (docs/websocket.md, "Scenes"): at most 8 tags of 24 characters made of
// letters, digits, "-" and "_", and a note of at most 300 characters.
const MAX_TAGS = 8;
const MAX_TAG_CHARS = 24;
const MAX_NOTE_CHARS = 300;
const TAG = /^[\p{L}\p{N}_-]+$/u;

const RATINGS = [["general", "General"], ["mature", "Mature"], ["adult", "Adult 18+"]];
const AUDIENCES = { everyone: "everyone", shared_room: "people in a room with you", friends: "your friends", nobody: "nobody else", only_me: "nobody else" };

/** Split the tags box ("slow-burn, mystery") into words; throws with a clear message. */
export function parseTags(text) {
  const tags = text.split(/[\s,]+/u).filter(Boolean);
  if (tags.length > MAX_TAGS) throw new Error(`At most ${MAX_TAGS} tags.`);
  for (const tag of tags) {
    if (tag.length > MAX_TAG_CHARS || !TAG.test(tag)) throw new Error(`“${tag}” is not a tag: up to ${MAX_TAG_CHARS} letters, digits, - or _.`);
  }
  return tags;
}

/** Open the panel to invite `name` to a new scene. */
export function openSceneInvite(app, name) {
  // Only someone online can be invited: the form goes when they go offline (or look so).
  const online = () => app.people.has(nameKey(name));
  const seenOnline = online();
  let sent = false;
  const gone = () => (seenOnline && !sent && !online() ? `${name} went offline: the scene invitation was not sent.` : "");
  const body = openPanel(app, `Invite ${name} to a scene`, "Close the scene invitation", { gone });
  const messages = messageArea();
  const rating = field("Rating", h("select", {}, RATINGS.map(([value, label]) => h("option", { value }, label))));
  const tags = field("Tags (optional)", h("input", { autocapitalize: "off", spellcheck: "false", placeholder: "slow-burn, mystery" }), `Up to ${MAX_TAGS} words, separated by commas or spaces.`);
  const note = field("Note (optional)", h("textarea", { rows: "3", maxlength: String(MAX_NOTE_CHARS) }), `What you have in mind, in up to ${MAX_NOTE_CHARS} characters.`);
  const limits = h("div", { class: "own-limits", "aria-live": "polite" }, h("p", { class: "muted" }, "Loading your hard limits…"));
  const send = h("button", { type: "submit", class: "primary" }, "Send the invitation");
  const form = h("form", { class: "stack", "aria-label": `Invite ${name} to a scene` }, rating.wrap, tags.wrap, note.wrap, limits, send, messages.element);
  app.api.get("/api/v1/characters").then(
    (reply) => {
      const mine = reply.characters.find((c) => app.isMe(c.name));
      if (!mine) return replace(limits);
      const shared = mine.hard_limits.length ? mine.hard_limits.join(", ") : "none listed";
      const audience = mine.visibility ? mine.visibility.limits : mine.profile_audience;
      replace(
        limits,
        h("h3", {}, "Your hard limits"),
        h("p", {}, shared),
        h("p", { class: "hint" }, `The invitation shows them, and the scene shows them to its members, whatever your profile's setting; on your profile they show to ${AUDIENCES[audience] || audience} (Characters to change).`),
      );
    },
    () => replace(limits),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    messages.clear();
    let tagList;
    try {
      tagList = parseTags(tags.control.value);
    } catch (error) {
      messages.error(error.message);
      tags.control.focus();
      return;
    }
    send.disabled = true;
    try {
      await app.connection.request("scene_invite", { to: name, rating: rating.control.value, tags: tagList, note: note.control.value.trim() });
      sent = true;
      messages.ok(`Invitation sent. The scene starts if ${name} accepts.`);
    } catch (error) {
      messages.error(error.message);
    } finally {
      send.disabled = false;
    }
  });
  replace(body, form);
  rating.control.focus();
}

/** Propose adding someone to the scene: a vote of every other member opens. */
export function sceneAddForm(app, conversation, done) {
  const input = h("input", { "aria-label": "Name to add to the scene", autocapitalize: "off", spellcheck: "false", placeholder: "Name" });
  const error = h("p", { class: "form-message error", role: "alert", hidden: true });
  const send = h("button", { type: "submit", class: "small primary" }, "Propose");
  const form = h("form", { class: "topic-form", "aria-label": "Propose adding someone to the scene" }, input, send, h("button", { type: "button", class: "small", on: { click: done } }, "Cancel"), error);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    send.disabled = true;
    app.connection.request("scene_invite", { to: name, scene: conversation.name }).then(done, (failure) => {
      send.disabled = false;
      error.textContent = failure.message;
      error.hidden = false;
      input.focus();
    });
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      done();
    }
  });
  return { form, input };
}

function dismiss(app, invitation) {
  app.sceneInvitations = (app.sceneInvitations || []).filter((other) => other !== invitation);
  app.renderInvitations();
}

// Invitations last an hour (docs/websocket.md, "Scenes"); the server drops them silently, so
// a card goes by itself when its hour is over, counted from when it arrived here (a clock set
// wrong must not hide a fresh one) or, for those listed after a reconnection, from `at`.
const INVITATION_LIFETIME_MS = 60 * 60 * 1000;
let expiryTimer = 0;

function expiresAt(invitation) {
  if (!invitation.expires) {
    const sent = Date.parse(invitation.at);
    const now = Date.now();
    invitation.expires = Number.isFinite(sent) && sent < now ? sent + INVITATION_LIFETIME_MS : now + INVITATION_LIFETIME_MS;
  }
  return invitation.expires;
}

/** Drop expired invitations and wake up for the next one to expire. */
function dropExpired(app) {
  const now = Date.now();
  app.sceneInvitations = (app.sceneInvitations || []).filter((invitation) => expiresAt(invitation) > now);
  clearTimeout(expiryTimer);
  if (app.sceneInvitations.length) {
    const next = Math.min(...app.sceneInvitations.map(expiresAt));
    expiryTimer = setTimeout(() => app.renderInvitations(), next - now);
  }
}

/** The cards of scene invitations received, for the invitations area. */
export function sceneInvitationCards(app) {
  dropExpired(app);
  return (app.sceneInvitations || []).map((invitation) => {
    const error = h("p", { class: "form-message error", role: "alert", hidden: true });
    const act = async (button, type, fields) => {
      button.disabled = true;
      try {
        await app.connection.request(type, { invitation: invitation.invitation, ...fields });
        dismiss(app, invitation);
        if (type === "scene_decline") app.announce(fields.block ? `Declined; ${invitation.from} is blocked.` : "Declined.", { visible: true });
      } catch (failure) {
        button.disabled = false;
        error.textContent = failure.message;
        error.hidden = false;
        // An invitation that is gone (expired, its scene over) cannot be answered again: the
        // card goes, and says why where it can be heard and seen.
        if (failure.code === "not_found") {
          dismiss(app, invitation);
          app.announce(`The scene invitation from ${invitation.from} is no longer open.`, { visible: true });
        }
      }
    };
    const accept = h("button", { type: "button", class: "primary small" }, "Accept");
    const decline = h("button", { type: "button", class: "small" }, "Decline");
    const block = h("button", { type: "button", class: "small danger" }, "Decline and block");
    accept.addEventListener("click", () => act(accept, "scene_accept", {}));
    decline.addEventListener("click", () => act(decline, "scene_decline", {}));
    block.addEventListener("click", () => act(block, "scene_decline", { block: true }));
    const existing = invitation.scene ? `to join a scene with ${(invitation.members || []).join(", ")}` : "to a scene";
    return h(
      "div",
      { class: "invitation scene-invitation", role: "group", "aria-label": `Scene invitation from ${invitation.from}` },
      h("p", {}, h("strong", {}, invitation.from), ` invites you ${existing} `, ratingBadge(invitation.rating)),
      invitation.tags && invitation.tags.length ? h("ul", { class: "tags", "aria-label": "Tags" }, invitation.tags.map((tag) => h("li", { class: "tag" }, tag))) : null,
      invitation.note ? h("blockquote", { class: "scene-note" }, invitation.note) : null,
      h("p", { class: "muted" }, `${invitation.from}'s ${limitsText(invitation.limits)}`),
      error,
      h("div", { class: "button-row" }, accept, decline, block),
    );
  });
}
