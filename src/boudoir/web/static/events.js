// What each server event (docs/websocket.md, "Events") does to the client's state.

import { nameKey } from "./dom.js";
import { HIDDEN_TOPIC, describeInvitation, describeKick, describeSetting } from "./eventtext.js";
import { scheduleMemberRefresh } from "./members.js";
import { addInvitation } from "./invitations.js";
import { endScene, handleSceneEvent, isScene } from "./scene.js";
import { handleLogState } from "./logging.js";
import { noteDirect, noteRequest, noteRoomMessage } from "./attention.js";
import { applyListing } from "./directory.js";
import { applyChange } from "./edits.js";
import { callSessionEnded, handleCallEvent } from "./calls.js";
import { camSessionEnded, endRoomCams, handleCamEvent } from "./cams.js";
import { addAds } from "./ads.js";

export function adoptRoomState(app, conversation, room) {
  // The join reply does not say whether the topic is locked: keep what the events said.
  const known = conversation.room && conversation.room.topic_locked;
  conversation.room = known === undefined ? room : { topic_locked: known, ...room };
  conversation.joined = true;
  conversation.removed = null;
  conversation.revealedTopic = undefined;
  conversation.members = new Map(room.members.map((member) => [nameKey(member.name), member]));
  if (room.logging) conversation.logging = room.logging;
  if (conversation.view) conversation.view.showMembers();
  app.emit("room:" + conversation.key);
}

function line(conversation, text, at) {
  return conversation.push({ type: "line", text, at }, { counts: false });
}

/** Apply one server event to the state; the views follow through their listeners. */
export function handleEvent(app, event, onWelcome) {
  switch (event.type) {
    case "welcome":
      onWelcome(event);
      return;
    case "message": {
      const conversation = app.conversation("room", event.room);
      conversation.setTyping(event.from, "done");
      const item = conversation.push({ type: "message", ...event }, { own: app.isMe(event.from) });
      noteRoomMessage(app, conversation, item);
      app.emit("conversations");
      return;
    }
    case "roll": {
      const conversation = app.conversation("room", event.room);
      conversation.push({ ...event, type: "roll" }, { own: app.isMe(event.from) });
      app.emit("conversations");
      return;
    }
    case "replay": {
      // What reached you lately (docs/websocket.md, "Replay"): a room's lines as you join it,
      // your direct conversations' after the welcome. Above the live lines, none twice.
      const lines = event.lines || [];
      if (event.room !== null) {
        app.conversation("room", event.room).merge(lines);
      } else {
        const threads = new Map();
        for (const message of lines) {
          const other = app.isMe(message.from) ? message.to : message.from;
          if (!threads.has(nameKey(other))) threads.set(nameKey(other), { other, messages: [] });
          threads.get(nameKey(other)).messages.push(message);
        }
        for (const { other, messages } of threads.values()) app.conversation("dm", other).merge(messages);
      }
      app.emit("conversations");
      return;
    }
    case "direct": {
      const other = app.isMe(event.from) ? event.to : event.from;
      const conversation = app.conversation("dm", other);
      conversation.setTyping(event.from, "done");
      // A message already in the thread (the same id) is not shown twice.
      if (event.id && conversation.items.some((item) => item.id === event.id)) return;
      const item = conversation.push({ type: "message", ...event }, { own: app.isMe(event.from) });
      noteDirect(app, conversation, item);
      app.emit("conversations");
      return;
    }
    case "request":
      app.requests = [...app.requests.filter((r) => nameKey(r.from) !== nameKey(event.from)), { ...event, waiting: 0, letters: event.letter ? 1 : 0 }];
      app.emit("requests");
      noteRequest(app, event);
      app.announce(`${event.from} wants to talk with you: see Requests.`, { visible: true });
      return;
    case "request_answered":
      // Answered here or on another connection (accepted, written back to, befriended, or
      // declined): its messages, if accepted, follow as `direct` events.
      app.requests = app.requests.filter((r) => nameKey(r.from) !== nameKey(event.from));
      app.emit("requests");
      return;
    case "message_edited":
    case "message_deleted":
      applyChange(app, event);
      return;
    case "typing": {
      if (app.isMe(event.from)) return;
      const conversation = event.room ? app.conversation("room", event.room, false) : app.conversation("dm", event.from, false);
      if (conversation) conversation.setTyping(event.from, event.state);
      return;
    }
    case "joined": {
      const conversation = app.conversation("room", event.room);
      if (!app.isMe(event.name)) {
        const person = app.people.get(nameKey(event.name));
        conversation.setMember({ name: event.name, status: person ? person.status : "online", owner: false, manager: false, voiced: false });
        // The event carries no marks: an owner or a moderator who joins shows as one soon.
        if (!isScene(event.room)) scheduleMemberRefresh(app, conversation);
      }
      line(conversation, `${event.name} joined.`, event.at);
      app.emit("members:" + conversation.key);
      return;
    }
    case "left": {
      const conversation = app.conversation("room", event.room, false);
      if (!conversation) return;
      conversation.removeMember(event.name);
      conversation.setTyping(event.name, "done");
      const verb = event.quit ? "went offline" : "left";
      line(conversation, `${event.name} ${verb}${event.reason ? ` (${event.reason})` : ""}.`, event.at);
      app.emit("members:" + conversation.key);
      if (app.isMe(event.name)) {
        conversation.joined = false;
        endRoomCams(app, event.room, "");
      }
      if (conversation.scene && app.isMe(event.name)) endScene(app, conversation, "You left the scene.", event.at);
      if (conversation.scene && !app.isMe(event.name)) {
        conversation.scene = { ...conversation.scene, members: conversation.scene.members.filter((m) => nameKey(m.name) !== nameKey(event.name)) };
        app.emit("room:" + conversation.key);
      }
      return;
    }
    case "kicked": {
      const conversation = app.conversation("room", event.room, false);
      if (!conversation) return;
      conversation.removeMember(event.name);
      conversation.setTyping(event.name, "done");
      const text = describeKick(event, app.isMe);
      line(conversation, `${text}.`, event.at);
      if (app.isMe(event.name)) {
        conversation.joined = false;
        conversation.wanted = false;
        conversation.removed = text;
        endRoomCams(app, event.room, "");
        app.announce(`${text} from #${event.room}.`, { visible: true });
        app.emit("room:" + conversation.key);
      } else {
        scheduleMemberRefresh(app, conversation);
      }
      return;
    }
    case "topic": {
      const conversation = app.conversation("room", event.room, false);
      if (!conversation) return;
      if (conversation.room) conversation.room = { ...conversation.room, topic: event.topic, topic_by: event.by, topic_hidden: event.hidden };
      // A topic set by someone you block arrives without its text (docs/websocket.md, "Blocks
      // and room text"): it is read only when you press Show.
      conversation.revealedTopic = undefined;
      if (event.hidden) line(conversation, `The topic changed: ${HIDDEN_TOPIC}.`, event.at);
      else line(conversation, event.by ? `${event.by} set the topic: ${event.topic}` : `The topic is now: ${event.topic}`, event.at);
      app.emit("room:" + conversation.key);
      return;
    }
    case "room_setting": {
      const conversation = app.conversation("room", event.room, false);
      if (!conversation) return;
      line(conversation, `${describeSetting(event, app.isMe)}.`, event.at);
      applySetting(app, conversation, event);
      if (["moderator", "voice"].includes(event.setting)) scheduleMemberRefresh(app, conversation);
      app.emit("room:" + conversation.key);
      return;
    }
    case "presence":
      onPresence(app, event);
      return;
    case "renamed":
      onRenamed(app, event);
      return;
    case "invited":
      addInvitation(app, event);
      app.announce(`${describeInvitation(event)}.`);
      return;
    case "invitation_sent": {
      const conversation = app.conversation("room", event.room, false);
      if (conversation) line(conversation, `${describeInvitation(event, app.isMe)}.`, event.at);
      return;
    }
    case "notice":
      app.announce(event.text, { visible: true });
      return;
    case "log_state":
      handleLogState(app, event);
      return;
    case "closed":
      app.announce(`The server ended this session: ${event.reason}`, { visible: true });
      return;
    case "room_listed":
      applyListing(app, event);
      return;
    case "signal":
      app.media.signal(event);
      return;
    case "media_session_ended":
      if (!callSessionEnded(app, event)) camSessionEnded(app, event);
      return;
    case "ad": {
      // Ads go to the room's ads lane, never into its chat.
      const conversation = app.conversation("room", event.room, false);
      if (conversation) addAds(app, conversation, [event]);
      return;
    }
    default:
      // Scene, call and cam events; "profile" and anything newer: nothing to show yet.
      if (!handleSceneEvent(app, event) && !handleCallEvent(app, event)) handleCamEvent(app, event);
      return;
  }
}

/** Keep the room state (`join`'s reply) true after a `room_setting` event. */
function applySetting(app, conversation, event) {
  const room = conversation.room;
  if (!room) return;
  const on = event.enabled;
  const changes = {
    key: { key_set: on },
    moderated: { moderated: on },
    // Not in the join reply: known from the first change seen.
    topic_locked: { topic_locked: on },
    visibility: { visibility: event.value },
    member_limit: { member_limit: on && event.value ? Number(event.value) : null },
    newcomer_lines: { newcomer_lines: on && event.value ? Number(event.value) : 0 },
    rating: event.value ? { rating: event.value } : {},
    tags: { tags: on && event.value ? event.value.split(" ") : [] },
    cams: { cams: on },
    ads: { ads: on },
  }[event.setting];
  if (changes) conversation.room = { ...room, ...changes };
  if (event.target && app.isMe(event.target) && (event.setting === "moderator" || event.setting === "voice")) {
    const you = { ...(room.you || {}) };
    if (event.setting === "voice") you.voiced = on;
    else you.manager = on || Boolean(you.owner);
    conversation.room = { ...conversation.room, you };
  }
  if (["moderator", "voice"].includes(event.setting) && event.target) {
    const member = conversation.members.get(nameKey(event.target));
    if (member) conversation.setMember({ ...member, [event.setting === "voice" ? "voiced" : "manager"]: on });
  }
  if (event.setting === "rating") app.emit("conversations");
}

function onPresence(app, event) {
  const key = nameKey(event.name);
  if (event.online) app.people.set(key, { name: event.name, status: event.status, message: event.message });
  else app.people.delete(key);
  for (const conversation of app.conversations.values()) {
    const member = conversation.members.get(key);
    if (member && event.online) conversation.setMember({ ...member, status: event.status });
  }
  app.emit("people");
}

/** Someone's name shows in another case now (the same name: its key is unchanged). */
function onRenamed(app, event) {
  const key = nameKey(event.name);
  const mine = app.isMe(event.name);
  if (mine) {
    app.character = event.name;
    app.connection.character = event.name;
    app.characters = app.characters.map((name) => (nameKey(name) === key ? event.name : name));
    app.renderHeader();
  }
  const person = app.people.get(key);
  if (person) app.people.set(key, { ...person, name: event.name });
  const text = mine ? `You are now known as ${event.name}.` : `${event.old_name} is now known as ${event.name}.`;
  for (const conversation of app.conversations.values()) {
    const member = conversation.members.get(key);
    if (!member) continue;
    conversation.setMember({ ...member, name: event.name });
    line(conversation, text, event.at);
  }
  if (mine) app.announce(text);
  app.emit("people");
}
