// Scenes (docs/websocket.md, "Scenes"): their events, and the scene card shown at the top of
// a scene's conversation: members and their shared hard limits, the open vote on adding
// someone, the paused state, and the always-visible SAFEWORD, Pause and Leave buttons.
// A scene is a room named "scene-<id>"; its messages arrive as ordinary `message` events.

import { h, nameKey, replace } from "./dom.js";
import { ratingBadge } from "./lobby.js";
import { segment } from "./api.js";

export const SCENE_PREFIX = "scene-";

export function isScene(name) {
  return nameKey(name).startsWith(SCENE_PREFIX);
}

function line(conversation, text, at) {
  conversation.push({ type: "line", text, at }, { counts: false });
}

function refresh(app, conversation) {
  app.emit("room:" + conversation.key);
  app.emit("conversations");
}

function setMembers(conversation, members) {
  conversation.members = new Map(members.map((m) => [nameKey(m.name), { name: m.name, status: "online", owner: false, manager: false, voiced: false }]));
  if (conversation.view) conversation.view.showMembers();
}

/** Apply a scene event; returns false for any other event. */
export function handleSceneEvent(app, event) {
  switch (event.type) {
    case "scene_invitation":
      app.sceneInvitations = [...(app.sceneInvitations || []).filter((i) => i.invitation !== event.invitation), event];
      app.renderInvitations();
      app.announce(`${event.from} invites you to a scene.`, { visible: true });
      return true;
    case "scene_invitation_withdrawn": {
      // Its scene ended: the card goes, saying so (never why the scene ended).
      const before = (app.sceneInvitations || []).length;
      app.sceneInvitations = (app.sceneInvitations || []).filter((i) => i.invitation !== event.invitation);
      if (app.sceneInvitations.length === before) return true;
      app.renderInvitations();
      app.announce(`The scene invitation from ${event.from} is no longer open: that scene has ended.`, { visible: true });
      return true;
    }
    case "scene_declined": {
      app.announce(`${event.name} declined your scene invitation.`, { visible: true });
      return true;
    }
    case "scene_started": {
      const conversation = app.conversation("room", event.scene);
      const fresh = !conversation.scene;
      conversation.scene = { rating: event.rating, tags: event.tags, note: event.note, paused: event.paused, members: event.members, votes: new Map(), ended: null };
      conversation.room = { name: event.scene, rating: event.rating, topic: "", you: {} };
      conversation.joined = true;
      conversation.wanted = false; // nobody rejoins a scene: it ends with its members
      setMembers(conversation, event.members);
      if (fresh) line(conversation, `The scene began with ${event.members.map((m) => m.name).join(", ")}.`, event.at);
      refresh(app, conversation);
      // The one who accepted (or invited) goes to the scene at once.
      if (fresh) app.navigate(conversation.route);
      return true;
    }
    case "scene_member_added": {
      const conversation = app.conversation("room", event.scene, false);
      if (!conversation || !conversation.scene) return true;
      const others = conversation.scene.members.filter((m) => nameKey(m.name) !== nameKey(event.member.name));
      conversation.scene = { ...conversation.scene, members: [...others, event.member] };
      conversation.scene.votes.delete(nameKey(event.member.name));
      setMembers(conversation, conversation.scene.members);
      line(conversation, `${event.member.name} joined the scene.`, event.at);
      refresh(app, conversation);
      return true;
    }
    case "scene_vote": {
      const conversation = app.conversation("room", event.scene, false);
      if (!conversation || !conversation.scene) return true;
      const key = nameKey(event.invitee);
      if (event.state === "opened" || event.state === "yes") {
        const previous = conversation.scene.votes.get(key);
        conversation.scene.votes.set(key, { invitee: event.invitee, waiting: event.waiting, proposer: event.state === "opened" ? event.by : previous ? previous.proposer : null, voted: previous ? previous.voted : false });
        if (event.state === "opened") line(conversation, `${event.by} proposed adding ${event.invitee} to the scene: everyone's yes is needed.`, event.at);
      } else {
        conversation.scene.votes.delete(key);
        line(conversation, event.state === "passed" ? `Everyone said yes: ${event.invitee} is invited.` : `${event.invitee} will not be added.`, event.at);
      }
      refresh(app, conversation);
      return true;
    }
    case "scene_paused":
    case "scene_resumed": {
      const conversation = app.conversation("room", event.scene, false);
      if (!conversation || !conversation.scene) return true;
      const paused = event.type === "scene_paused";
      conversation.scene = { ...conversation.scene, paused };
      line(conversation, paused ? "The scene is paused: a check-in. Only out-of-character speech goes through." : "The scene resumed.", event.at);
      app.announce(paused ? "The scene is paused." : "The scene resumed.", { visible: paused });
      refresh(app, conversation);
      return true;
    }
    case "scene_ended": {
      const conversation = app.conversation("room", event.scene, false);
      // The words are the server's, neutral: nobody is named.
      if (conversation) endScene(app, conversation, event.text || "The scene has ended.", event.at);
      return true;
    }
    default:
      return false;
  }
}

/**
 * The scene is over for you (ended for all, or you left it, here or elsewhere): it leaves the
 * sidebar at once. On screen, the ended screen stays (time, and blocking the others) until you
 * go elsewhere; off screen, the conversation goes, with a short notice where you are.
 */
export function endScene(app, conversation, text, at) {
  if (conversation.scene && conversation.scene.ended) return;
  const others = ((conversation.scene && conversation.scene.members) || []).map((m) => m.name).filter((name) => !app.isMe(name));
  const notice = others.length ? `The scene with ${others.join(", ")} has ended.` : "The scene has ended.";
  conversation.scene = { ...(conversation.scene || { members: [], votes: new Map() }), ended: { text } };
  conversation.joined = false;
  conversation.members = new Map();
  if (conversation.view) {
    conversation.view.showMembers();
    line(conversation, "The scene has ended.", at);
    refresh(app, conversation);
  } else {
    app.forgetConversation(conversation);
    const here = [...app.conversations.values()].find((other) => other.view);
    if (here) line(here, notice, at);
  }
  app.announce(notice, { visible: true });
}

function tagList(tags) {
  return tags && tags.length ? h("ul", { class: "tags", "aria-label": "Tags" }, tags.map((tag) => h("li", { class: "tag" }, tag))) : null;
}

/** A member's shared hard limits ("not shared" when the profile does not show them to you). */
export function limitsText(limits) {
  if (limits === null || limits === undefined) return "hard limits not shared";
  return limits.length ? `hard limits: ${limits.join(", ")}` : "no hard limits listed";
}

/** The scene card, controls and states, for the top of the scene's conversation. */
export function sceneHeader(app, conversation, { onAdd }) {
  const scene = conversation.scene || { members: [], votes: new Map(), tags: [] };
  const name = conversation.name;
  const failed = (error) => conversation.push({ type: "error", label: "Not done", text: error.message }, { counts: false });
  if (scene.ended) return endedScreen(app, conversation);

  const alsoBlock = h("input", { type: "checkbox", id: "safeword-block", checked: Boolean(conversation.safewordBlock), on: { change: (event) => (conversation.safewordBlock = event.target.checked) } });
  const safeword = h(
    "button",
    {
      type: "button",
      class: "safeword",
      id: "safeword-button",
      "aria-label": "Safeword: end this scene now, for everyone",
      on: {
        click: () => {
          // One action, no confirmation: the scene ends as the command reaches the server.
          const fields = conversation.safewordBlock ? { scene: name, block: "all" } : { scene: name };
          app.connection.request("safeword", fields).catch(failed);
        },
      },
    },
    "SAFEWORD",
  );
  const pause = scene.paused
    ? h("button", { type: "button", class: "pause", id: "resume-button", on: { click: () => app.connection.request("resume", { scene: name }).catch(failed) } }, "Resume")
    : h("button", { type: "button", class: "pause", id: "pause-button", "aria-label": "Pause: a check-in, only out-of-character speech until resumed", on: { click: () => app.connection.request("pause", { scene: name }).catch(failed) } }, "❚❚ Pause");
  const leave = h("button", { type: "button", class: "secondary small", id: "leave-button", on: { click: () => app.connection.request("scene_leave", { scene: name }).then(() => app.navigate("#/lobby"), failed) } }, "Leave");
  const add = h("button", { type: "button", class: "secondary small", id: "scene-add-button", on: { click: onAdd } }, "Add someone…");

  const members = h(
    "ul",
    { class: "scene-members", "aria-label": "Scene members" },
    scene.members.map((member) => h("li", {}, h("strong", {}, member.name), h("span", { class: "muted" }, ` — ${limitsText(member.limits)}`))),
  );
  const votes = [...scene.votes.values()].map((vote) => voteBox(app, conversation, vote, failed));
  return [
    h(
      "div",
      { class: "conversation-title-row" },
      h("h1", { id: "conversation-title" }, "Scene"),
      ratingBadge(scene.rating),
      h("span", { class: "spacer" }),
      h("div", { class: "scene-controls", role: "group", "aria-label": "Scene safety" }, safeword, h("label", { class: "also-block", for: "safeword-block" }, alsoBlock, " also block the others"), pause),
      add,
      leave,
    ),
    h("section", { class: "scene-card", "aria-label": "Scene card" }, tagList(scene.tags), scene.note ? h("p", { class: "scene-note" }, scene.note) : null, members),
    votes,
    scene.paused
      ? h("div", { class: "paused-banner", role: "status" }, h("strong", {}, "Paused."), " A check-in: only out-of-character speech — ((like this)) — goes through until someone resumes.")
      : null,
  ];
}

function voteBox(app, conversation, vote, failed) {
  const mine = vote.waiting.some((n) => app.isMe(n)) && !vote.voted;
  const cast = (yes) => {
    vote.voted = true;
    app.connection.request("scene_vote", { scene: conversation.name, invitee: vote.invitee, yes }).then(() => app.emit("room:" + conversation.key), (error) => {
      vote.voted = false;
      failed(error);
    });
  };
  return h(
    "div",
    { class: "vote-box", role: "group", "aria-label": `Vote on adding ${vote.invitee}` },
    h("p", {}, `Add ${vote.invitee} to the scene?`, vote.proposer ? ` (proposed by ${vote.proposer})` : "", " ", h("span", { class: "muted" }, vote.waiting.length ? `Waiting for: ${vote.waiting.join(", ")}.` : "")),
    mine
      ? h("div", { class: "button-row" }, h("button", { type: "button", class: "small primary", on: { click: () => cast(true) } }, `Yes, add ${vote.invitee}`), h("button", { type: "button", class: "small", on: { click: () => cast(false) } }, "No"))
      : h("p", { class: "muted" }, "Your answer is in."),
  );
}

/** ``text`` with its first letter in capitals. */
function sentence(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function endedScreen(app, conversation) {
  const scene = conversation.scene;
  const others = (scene.members || []).filter((m) => !app.isMe(m.name));
  const note = h("p", { class: "form-message", role: "status", hidden: true });
  const block = (name, button) => {
    button.disabled = true;
    app.api.put(`/api/v1/blocks/${segment(name)}`).then(
      () => {
        replace(button, `${name} is blocked`);
      },
      (error) => {
        button.disabled = false;
        note.hidden = false;
        note.textContent = error.message;
      },
    );
  };
  return [
    h("div", { class: "conversation-title-row" }, h("h1", { id: "conversation-title" }, "Scene")),
    h(
      "section",
      { class: "scene-ended", "aria-labelledby": "scene-ended-title" },
      h("h2", { id: "scene-ended-title", tabindex: "-1" }, "The scene has ended."),
      // The server's words say why in general terms, never who (under the heading, without
      // saying again that it has ended).
      scene.ended.text && scene.ended.text !== "The scene has ended." ? h("p", { class: "scene-ended-why" }, sentence(scene.ended.text.replace(/^The scene has ended:\s*/u, ""))) : null,
      h("p", {}, "Take the time you need."),
      others.length ? h("p", {}, "If you want, you can also block:") : null,
      others.length
        ? h("div", { class: "button-row" }, others.map((m) => {
            const button = h("button", { type: "button", class: "small danger" }, `Block ${m.name}`);
            button.addEventListener("click", () => block(m.name, button));
            return button;
          }))
        : null,
      note,
      h("p", {}, h("a", { href: "#/lobby" }, "Back to the lobby"), " (your rooms are in the list on the left)"),
    ),
  ];
}
