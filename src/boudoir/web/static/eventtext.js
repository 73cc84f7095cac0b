// How room events read as lines in a conversation: pure functions, no DOM.

const RATING_WORDS = { general: "General", mature: "Mature", adult: "Adult 18+" };
const VISIBILITY_WORDS = {
  public: "public",
  unlisted: "unlisted (not in the directory)",
  private: "private (invitation only)",
};

/** `name`, or "you" when `isMe(name)`; `fallback` when there is no name (hidden by a block). */
function who(name, isMe, fallback) {
  if (!name) return fallback;
  return isMe(name) ? "you" : name;
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Stands for a topic set by someone you block (docs/websocket.md, "Blocks and room text"). */
export const HIDDEN_TOPIC = "hidden, set by someone you block";

/**
 * A `room_setting` event as a sentence: "Alice set the room to moderated", "Alice gave Bob a
 * voice". `isMe(name)` says whether a name is the reader's own character.
 */
export function describeSetting(event, isMe = () => false) {
  // The server leaves `by` out when a block hides the actor; only a manager changes settings.
  const by = capitalised(who(event.by, isMe, "a manager"));
  const target = who(event.target, isMe, "someone");
  const on = event.enabled;
  switch (event.setting) {
    case "key":
      return on ? `${by} locked the room with a key` : `${by} removed the room's key`;
    case "moderated":
      return on ? `${by} set the room to moderated: only managers and voiced members speak` : `${by} set the room to unmoderated: everyone speaks`;
    case "topic_locked":
      return on ? `${by} locked the topic: only managers change it` : `${by} unlocked the topic`;
    case "visibility":
      return `${by} made the room ${VISIBILITY_WORDS[event.value] || event.value}`;
    case "member_limit":
      return on && event.value ? `${by} limited the room to ${event.value} members` : `${by} removed the member limit`;
    case "newcomer_lines":
      return on && Number(event.value) ? `${by} made the room show newcomers its last ${event.value} lines` : `${by} made the room show newcomers nothing said before they came`;
    case "rating":
      return `${by} rated the room ${RATING_WORDS[event.value] || event.value}`;
    case "ads":
      return on ? `${by} opened the room to ads: see its ads lane` : `${by} closed the room to ads`;
    case "tags":
      return on && event.value ? `${by} tagged the room: ${event.value.split(" ").join(", ")}` : `${by} cleared the room's tags`;
    case "moderator":
      return on ? `${by} made ${target} a moderator` : `${by} took the moderator role from ${target}`;
    case "voice":
      return on ? `${by} gave ${target} a voice` : `${by} took the voice from ${target}`;
    case "ban":
      return on ? `${by} banned ${target}` : `${by} lifted the ban on ${target}`;
    case "cams":
      return on ? `${by} turned cams on: members may broadcast here` : `${by} turned cams off`;
    case "cam_ban":
      return on ? `${by} banned ${target} from broadcasting here` : `${by} let ${target} broadcast here again`;
    case "ban_exception":
      return on ? `${by} exempted ${target} from bans` : `${by} removed the ban exemption of ${target}`;
    case "invite_exception":
      return on ? `${by} let ${target} in without an invitation` : `${by} took back the standing invitation of ${target}`;
    default:
      return `${by} changed ${event.setting}`;
  }
}

/** A `kicked` event: "Bob was removed by Alice: too loud", "You were removed by Alice". */
export function describeKick(event, isMe = () => false) {
  const subject = isMe(event.name) ? "You were" : `${event.name} was`;
  const by = event.by ? ` by ${isMe(event.by) ? "you" : event.by}` : "";
  return `${subject} removed${by}${event.reason ? `: ${event.reason}` : ""}`;
}

/** An `invited` event (to the invitee) and an `invitation_sent` one (to the room's managers). */
export function describeInvitation(event, isMe = () => false) {
  if (event.type === "invited") return `${event.by} invited you to #${event.room}`;
  return `${capitalised(who(event.by, isMe, "a manager"))} invited ${event.invitee}`;
}
