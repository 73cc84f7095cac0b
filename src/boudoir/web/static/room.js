// The conversation page: a room (topic, members, composer) or a direct-message thread.

import { h, nameKey, replace } from "./dom.js";
import { ConversationView } from "./conversation.js";
import { HELP, parseInput } from "./composer.js";
import { ratingBadge, statusLabel } from "./lobby.js";
import { manages, memberRow } from "./members.js";
import { openRoomSettings } from "./roomadmin.js";
import { sceneHeader } from "./scene.js";
import { sceneAddForm } from "./sceneinvite.js";
import { loggingBar } from "./logging.js";
import { HIDDEN_TOPIC } from "./eventtext.js";
import { openReport } from "./reports.js";
import { editingOptions } from "./edits.js";
import { worldSection } from "./world.js";
import { adsSection } from "./ads.js";
import { composerHint, revealOnTap } from "./touch.js";
import { callButtons } from "./calls.js";
import { camsSection } from "./cams.js";

// Typing signals: "active" at most every 3 s while keys are pressed (enough to keep the
// other side's indicator alive, few enough to cost nothing), "paused" after 5 s idle.
const TYPING_REPEAT_MS = 3000;
const TYPING_PAUSE_MS = 5000;

/** After a direct message: "Bob is away: out for lunch" when the recipient shows a status other
 * than online that the sender may see (the `ok`'s `away`, as IRC's RPL_AWAY). */
function tellAway(conversation, name, sent) {
  const away = sent && sent.away;
  if (!away) return;
  const status = statusLabel(away.status).toLowerCase();
  conversation.push({ type: "line", text: `${name} is ${status}${away.message ? `: ${away.message}` : ""}` }, { counts: false });
}

export function renderConversation(app, kind, name) {
  if (!name) return { element: h("p", {}, "No conversation named.") };
  let conversation = app.conversation(kind, name, kind === "dm");
  if (!conversation) {
    // A room we are not in (a link, a reload): join it, then show it.
    const element = h("section", { class: "page" }, h("p", { role: "status" }, `Joining #${name}…`));
    if (app.connection && app.connection.isOpen) {
      app.joinRoom(name).then(
        () => app.navigate(`#/room/${encodeURIComponent(name)}`),
        (error) => replace(element, h("h1", {}, `#${name}`), h("p", { role: "alert" }, error.message), h("p", {}, h("a", { href: "#/lobby" }, "Back to the lobby"))),
      );
    }
    return { title: `#${name}`, element, needsConnection: !(app.connection && app.connection.isOpen) };
  }

  const typingLine = h("p", { class: "typing", "aria-live": "off" });
  const membersList = kind === "room" ? h("ul", { class: "members", "aria-label": "Members" }) : null;
  conversation.me = app.character;
  const view = new ConversationView(conversation, {
    me: app.character,
    onReport: (item) => openReport(app, item.from, { conversation, around: item }),
    onName: app.showProfile,
    typingLine,
    membersList,
    memberRow: (member) => memberRow(app, conversation, member),
    ...editingOptions(app, conversation, () => view),
  });
  // The header's parts: the title and topic (or the scene card), a slot for the scene's
  // "add someone" form, and the logging bar, which every change redraws (it must stay true).
  const header = h("div", { class: "head-main" });
  const addSlot = h("div", { class: "head-add" });
  const logSlot = h("div", { class: "head-logging" });
  const composer = buildComposer(app, conversation, view);
  // The walkable world (rooms, not scenes or direct messages): world.js.
  const world = kind === "room" && !conversation.scene ? worldSection(app, conversation) : null;
  // Webcams (rooms with cams on): cams.js.
  const cams = kind === "room" && !conversation.scene ? camsSection(app, conversation) : null;
  // Its ads, apart from the chat (shown while the room takes ads): ads.js.
  const ads = kind === "room" && !conversation.scene ? adsSection(app, conversation) : null;
  const showLogging = () => {
    const focused = logSlot.contains(document.activeElement) && document.activeElement.id;
    if (kind === "room" && !(conversation.scene && conversation.scene.ended)) replace(logSlot, loggingBar(app, conversation));
    else replace(logSlot);
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    composer.element.hidden = Boolean(conversation.scene && conversation.scene.ended);
  };
  const startSceneAdd = () => {
    const { form, input } = sceneAddForm(app, conversation, () => {
      replace(addSlot);
      const button = document.getElementById("scene-add-button");
      if (button) button.focus();
    });
    replace(addSlot, form);
    input.focus();
  };

  const showHeader = () => {
    // Events redraw the header: the button that had the focus keeps it.
    const focused = header.contains(document.activeElement) && document.activeElement.id;
    drawHeader();
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  };
  const drawHeader = () => {
    if (conversation.scene) {
      replace(header, sceneHeader(app, conversation, { onAdd: startSceneAdd }));
      if (conversation.scene.ended) replace(addSlot); // nobody is added to an ended scene
      return;
    }
    if (kind === "dm") {
      replace(
        header,
        h("h1", { id: "conversation-title" }, h("button", { type: "button", class: "title-button", on: { click: () => app.showProfile(conversation.name) } }, conversation.name)),
        h("p", { class: "muted subtitle" }, "Direct messages"),
        callButtons(app, conversation.name),
      );
      return;
    }
    const room = conversation.room || { rating: "general", topic: "", you: {} };
    const you = room.you || {};
    const canEdit = !room.topic_locked || you.manager || you.owner;
    const topic = room.topic_hidden && conversation.revealedTopic === undefined
      ? h("p", { class: "topic muted", id: "room-topic" }, `Topic ${HIDDEN_TOPIC}. `, h("button", { type: "button", class: "link-button small", id: "reveal-topic", on: { click: () => revealTopic() } }, "Show"))
      : h("p", { class: "topic", id: "room-topic" }, (room.topic_hidden ? conversation.revealedTopic : room.topic) || "No topic.");
    const editTopic = canEdit ? h("button", { type: "button", class: "link-button small", on: { click: () => startTopicEdit() } }, "Edit topic") : null;
    const toggleMembers = h(
      "button",
      { type: "button", class: "secondary small members-toggle", id: "members-toggle", "aria-controls": "members-panel", "aria-expanded": String(!page.classList.contains("members-hidden")), on: { click: (event) => {
        const open = !page.classList.toggle("members-hidden");
        event.currentTarget.setAttribute("aria-expanded", String(open));
      } } },
      "Members ",
      h("span", { id: "member-count" }, String(conversation.members.size)),
    );
    const leave = h("button", { type: "button", class: "secondary small", id: "leave-button", on: { click: () => app.partRoom(conversation).then(() => app.navigate("#/lobby"), (error) => app.announce(error.message, { visible: true })) } }, "Leave");
    const invite = h("button", { type: "button", class: "secondary small", id: "invite-button", on: { click: () => startInvite() } }, "Invite…");
    const settings = manages(conversation) ? h("button", { type: "button", class: "secondary small", id: "room-settings-button", on: { click: () => openRoomSettings(app, conversation) } }, "Room settings") : null;
    const rejoin = h("button", { type: "button", class: "small", on: { click: () => app.joinRoom(conversation.name).then(() => app.emit("room:" + conversation.key), (error) => app.announce(error.message, { visible: true })) } }, `Join #${conversation.name} again`);
    replace(
      header,
      h("div", { class: "conversation-title-row" }, h("h1", { id: "conversation-title" }, `#${conversation.name}`), ratingBadge(room.rating), h("span", { class: "spacer" }), toggleMembers, invite, settings, leave),
      h("div", { class: "topic-row" }, topic, editTopic),
      // Shown to everyone while on: whoever arrives reads the room's last lines.
      room.newcomer_lines ? h("p", { class: "muted small newcomer-note", id: "newcomer-note" }, `Newcomers see the last ${room.newcomer_lines} lines said here.`) : null,
      conversation.removed ? h("div", { class: "removed-note", role: "status" }, h("p", {}, `${conversation.removed}. You are no longer in this room.`), rejoin) : null,
    );
    const revealTopic = () => {
      app.connection.request("reveal_topic", { room: conversation.name }).then((reply) => {
        conversation.revealedTopic = reply.topic;
        showHeader();
      }, (error) => app.announce(error.message, { visible: true }));
    };
    const startInvite = () => {
      const input = h("input", { "aria-label": "Name to invite", autocapitalize: "off", spellcheck: "false", placeholder: "Name" });
      const error = h("p", { class: "form-message error", role: "alert", hidden: true });
      const send = h("button", { type: "submit", class: "small primary" }, "Invite");
      const form = h("form", { class: "topic-form", "aria-label": `Invite someone to #${conversation.name}` }, input, send, h("button", { type: "button", class: "small", on: { click: showHeader } }, "Cancel"), error);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const name = input.value.trim();
        if (!name) return;
        send.disabled = true;
        invitePerson(app, conversation, name).then(showHeader, (failure) => {
          send.disabled = false;
          error.textContent = failure.message;
          error.hidden = false;
          input.focus();
        });
      });
      input.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          showHeader();
          invite.focus();
        }
      });
      header.querySelector(".topic-row").replaceWith(form);
      input.focus();
    };
    const startTopicEdit = () => {
      const input = h("input", { value: room.topic || "", "aria-label": "New topic", maxlength: "390" });
      const form = h("form", { class: "topic-form" }, input, h("button", { type: "submit", class: "small primary" }, "Save"), h("button", { type: "button", class: "small", on: { click: showHeader } }, "Cancel"));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        app.connection.request("topic", { room: conversation.name, topic: input.value.trim() }).then(showHeader, (error) => app.announce(error.message, { visible: true }));
      });
      input.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          showHeader();
        }
      });
      header.querySelector(".topic-row").replaceWith(form);
      input.focus();
    };
  };

  const page = h(
    "section",
    { class: ["conversation", `conversation-${kind}`, window.matchMedia("(max-width: 720px)").matches && "members-hidden"], "aria-labelledby": "conversation-title" },
    h("header", { class: "conversation-head" }, header, addSlot, logSlot, cams && cams.element, world && world.element, ads && ads.element),
    h(
      "div",
      { class: "conversation-body" },
      view.element,
      membersList ? h("aside", { class: "members-panel", id: "members-panel", "aria-label": "Members" }, h("h2", { class: "visually-hidden" }, "Members"), membersList) : null,
    ),
    typingLine,
    composer.element,
  );
  showHeader();
  showLogging();
  revealOnTap(view.element);
  view.mount();
  app.emit("conversations");
  // An open form (topic, invitation) is not swept away by an event; it redraws when done.
  const off = app.on("room:" + conversation.key, () => {
    // A scene's card has no form in it, and its state (paused, ended) must show at once.
    if (conversation.scene || !header.querySelector("form")) showHeader();
    showLogging();
  });
  return {
    title: conversation.label,
    element: page,
    focus: composer.textarea,
    cleanup: () => {
      off();
      if (world) world.cleanup();
      if (cams) cams.cleanup();
      if (ads) ads.cleanup();
      view.unmount();
      composer.stop();
      // An ended scene is gone once you leave its page.
      if (conversation.scene && conversation.scene.ended) app.forgetConversation(conversation);
    },
  };
}

/** Invite `name` into the room; the inviter sees a line (the room's other managers get
 * `invitation_sent`). Rejects with the server's (neutral) refusal. */
function invitePerson(app, conversation, name) {
  return app.connection.request("invite", { room: conversation.name, name }).then(() => {
    conversation.push({ type: "line", text: `You invited ${name} to #${conversation.name}.` }, { counts: false });
  });
}

/** /kick, /ban, /unban and /key: the room tells everyone what changed, so no line here. */
function manageCommand(app, conversation, parsed) {
  const room = conversation.name;
  switch (parsed.action) {
    case "kick":
      return app.connection.request("kick", parsed.reason ? { room, name: parsed.name, reason: parsed.reason } : { room, name: parsed.name });
    case "ban":
    case "unban":
      return app.connection.request("room_setting", { room, setting: "ban", enabled: parsed.action === "ban", target: parsed.name });
    default:
      return app.connection.request("room_setting", parsed.key ? { room, setting: "key", enabled: true, value: parsed.key } : { room, setting: "key", enabled: false });
  }
}

function buildComposer(app, conversation, view) {
  const label = conversation.scene ? "Message the scene" : conversation.kind === "room" ? `Message #${conversation.name}` : `Message ${conversation.name}`;
  const textarea = h("textarea", { id: "composer", rows: "1", "aria-label": label, placeholder: composerHint(label), maxlength: "4000", value: conversation.draft, enterkeyhint: "send" });
  const send = h("button", { type: "submit", class: "primary send" }, "Send");
  const form = h("form", { class: "composer", "aria-label": "Compose" }, textarea, send);
  const target = conversation.kind === "room" ? { room: conversation.name } : { to: conversation.name };
  let typingState = "done";
  let lastActive = 0;
  let pauseTimer = 0;

  const signal = (state) => {
    clearTimeout(pauseTimer);
    if (state === "active") {
      const now = Date.now();
      if (typingState !== "active" || now - lastActive >= TYPING_REPEAT_MS) {
        app.connection.notify("typing", { ...target, state });
        lastActive = now;
      }
      pauseTimer = setTimeout(() => signal("paused"), TYPING_PAUSE_MS);
    } else if (typingState === "active" || (state === "done" && typingState === "paused")) {
      app.connection.notify("typing", { ...target, state });
    }
    typingState = state;
  };

  const local = (text) => conversation.push({ type: "line", text }, { counts: false });
  // A message that could not go out is "Not sent"; a command the server refused, "Not done".
  const refuse = (text, label) => conversation.push({ type: "error", text, label }, { counts: false });

  const run = async (text) => {
    const parsed = parseInput(text);
    const connection = app.connection;
    switch (parsed.action) {
      case "none":
        return;
      case "help":
        for (const [form, meaning] of HELP) local(`${form} — ${meaning}`);
        return;
      case "error":
        throw new Error(parsed.message);
      case "say":
        if (conversation.kind === "room") await connection.request("say", { room: conversation.name, text: parsed.text, kind: parsed.kind });
        else tellAway(conversation, conversation.name, await connection.request("direct", { to: conversation.name, text: parsed.text, kind: parsed.kind }));
        return;
      case "whisper":
        if (conversation.kind !== "room") throw new Error("Whispers are for rooms; here everything is already private.");
        await connection.request("whisper", { room: conversation.name, to: parsed.to, text: parsed.text });
        return;
      case "roll":
        if (conversation.kind !== "room") throw new Error("Dice are rolled in a room, for everyone there to see.");
        await connection.request("roll", { room: conversation.name, dice: parsed.dice });
        return;
      case "direct": {
        const sent = await connection.request("direct", { to: parsed.to, text: parsed.text, kind: parsed.kind });
        tellAway(app.conversation("dm", parsed.to), parsed.to, sent);
        // Sent: go on in that conversation (the message is already in it).
        if (nameKey(parsed.to) !== conversation.key || conversation.kind !== "dm") app.navigate(app.conversation("dm", parsed.to).route);
        return;
      }
      case "invite":
        if (conversation.kind !== "room") throw new Error("Invitations are to rooms: use /invite in the room.");
        await invitePerson(app, conversation, parsed.name);
        return;
      case "kick":
      case "ban":
      case "unban":
      case "key":
        if (conversation.kind !== "room") throw new Error("That command works in a room you manage.");
        await manageCommand(app, conversation, parsed);
        return;
      case "join": {
        const joined = await app.joinRoom(parsed.room, { create: true });
        app.navigate(joined.route);
        return;
      }
      case "part": {
        const room = parsed.room ? app.conversation("room", parsed.room, false) : conversation.kind === "room" ? conversation : null;
        if (!room) throw new Error(parsed.room ? `You are not in #${parsed.room}.` : "Name the room to leave: /part room");
        await app.partRoom(room, parsed.reason);
        if (room === conversation) app.navigate("#/lobby");
        return;
      }
      case "topic":
        if (conversation.kind !== "room") throw new Error("Topics belong to rooms.");
        if (parsed.topic === null && conversation.room && conversation.room.topic_hidden) local(`Topic: ${HIDDEN_TOPIC} (Show, above, reads it)`);
        else if (parsed.topic === null) local(`Topic: ${(conversation.room && conversation.room.topic) || "(none)"}`);
        else await connection.request("topic", { room: conversation.name, topic: parsed.topic });
        return;
      case "status":
        await app.setStatus(parsed.status, parsed.message);
        local(`Your status is now ${parsed.status}.`);
        return;
      default:
        return;
    }
  };

  const submit = () => {
    const text = textarea.value;
    if (!text.trim()) return;
    textarea.value = "";
    conversation.draft = "";
    fit();
    signal("done");
    view.scrollToEnd();
    const parsed = parseInput(text);
    run(text).catch((error) => {
      if (error.code === "held_for_review") {
        // Not lost and not to be sent again: it arrives for everyone if a moderator releases it.
        conversation.push({ type: "error", label: "Held for review", text: `${error.message} “${parsed.text || text}”` }, { counts: false });
        return;
      }
      const direct = parsed.action === "direct" || (conversation.kind === "dm" && parsed.action === "say");
      // The refusal never says why (a block looks like a policy); what most often helps a
      // newcomer is the default policy, so say how people usually get in touch.
      const hint = direct && error.code === "consent_refused" ? " Many people take direct messages only from someone they share a room with: say hello in a room first." : "";
      refuse(error.message + hint, ["say", "whisper", "direct"].includes(parsed.action) ? "Not sent" : "Not done");
      // Nothing is lost: the text goes back into the box unless something new was typed.
      if (!textarea.value) {
        textarea.value = text;
        conversation.draft = text;
        fit();
      }
    });
  };

  // Grow with the text up to the CSS max-height; measured only on input, never per message.
  const fit = () => {
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight}px`;
  };

  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  textarea.addEventListener("input", () => {
    conversation.draft = textarea.value;
    fit();
    const text = textarea.value.trim();
    if (!text) signal("done");
    else if (!text.startsWith("/") || /^\/(me|ooc)\b/u.test(text)) signal("active");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  return {
    element: form,
    textarea,
    stop: () => {
      clearTimeout(pauseTimer);
      if (typingState !== "done") signal("done");
    },
  };
}
