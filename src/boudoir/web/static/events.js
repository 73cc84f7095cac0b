// What each server event (docs/websocket.md, "Events") does to the client's state.

import { nameKey } from "./dom.js";

export function adoptRoomState(app, conversation, room) {
  conversation.room = room;
  conversation.joined = true;
  conversation.members = new Map(room.members.map((member) => [nameKey(member.name), member]));
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
      conversation.push({ type: "message", ...event });
      app.emit("conversations");
      return;
    }
    case "direct": {
      const other = app.isMe(event.from) ? event.to : event.from;
      const conversation = app.conversation("dm", other);
      conversation.setTyping(event.from, "done");
      // An accepted request's first message is already in the thread (see renderRequests).
      if (event.id && conversation.items.some((item) => item.id === event.id)) return;
      conversation.push({ type: "message", ...event });
      app.emit("conversations");
      return;
    }
    case "request":
      app.requests = [...app.requests.filter((r) => nameKey(r.from) !== nameKey(event.from)), { ...event, waiting: 0 }];
      app.emit("requests");
      app.announce(`${event.from} wants to talk with you: see Requests.`, { visible: true });
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
      }
      line(conversation, `${event.name} joined.`, event.at);
      return;
    }
    case "left": {
      const conversation = app.conversation("room", event.room, false);
      if (!conversation) return;
      conversation.removeMember(event.name);
      conversation.setTyping(event.name, "done");
      const verb = event.quit ? "went offline" : "left";
      line(conversation, `${event.name} ${verb}${event.reason ? ` (${event.reason})` : ""}.`, event.at);
      if (app.isMe(event.name)) conversation.joined = false;
      return;
    }
    case "kicked": {
      const conversation = app.conversation("room", event.room, false);
      if (!conversation) return;
      conversation.removeMember(event.name);
      const by = event.by ? ` by ${event.by}` : "";
      line(conversation, `${event.name} was removed${by}${event.reason ? ` (${event.reason})` : ""}.`, event.at);
      if (app.isMe(event.name)) {
        conversation.joined = false;
        conversation.wanted = false;
        app.announce(`You were removed from #${event.room}${by}.`, { visible: true });
      }
      return;
    }
    case "topic": {
      const conversation = app.conversation("room", event.room, false);
      if (!conversation) return;
      if (conversation.room) conversation.room = { ...conversation.room, topic: event.topic, topic_by: event.by };
      line(conversation, event.by ? `${event.by} set the topic: ${event.topic}` : `The topic is now: ${event.topic}`, event.at);
      app.emit("room:" + conversation.key);
      return;
    }
    case "room_setting": {
      const conversation = app.conversation("room", event.room, false);
      if (!conversation) return;
      const state = event.enabled ? "on" : "off";
      const detail = [event.value, event.target].filter((part) => part !== null && part !== undefined && part !== "").join(" ");
      line(conversation, `${event.by || "The server"} turned ${event.setting} ${state}${detail ? ` (${detail})` : ""}.`, event.at);
      if (conversation.room && event.setting === "rating" && event.value) conversation.room = { ...conversation.room, rating: event.value };
      if (conversation.room && event.setting === "topic_locked") conversation.room = { ...conversation.room, topic_locked: event.enabled };
      if (["moderator", "voice"].includes(event.setting) && event.target) {
        const member = conversation.members.get(nameKey(event.target));
        if (member) conversation.setMember({ ...member, [event.setting === "voice" ? "voiced" : "manager"]: event.enabled });
      }
      app.emit("room:" + conversation.key);
      return;
    }
    case "presence":
      onPresence(app, event);
      return;
    case "invited":
      app.announce(`${event.by} invited you to #${event.room}. Type /join ${event.room} to go there.`, { visible: true });
      return;
    case "invitation_sent": {
      const conversation = app.conversation("room", event.room, false);
      if (conversation) line(conversation, `${event.by} invited ${event.invitee}.`, event.at);
      return;
    }
    case "notice":
      app.announce(event.text, { visible: true });
      return;
    case "closed":
      app.announce(`The server ended this session: ${event.reason}`, { visible: true });
      return;
    default:
      // "profile" and anything newer: nothing to show yet.
      return;
  }
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
