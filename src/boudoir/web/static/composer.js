// What the composer's text means: pure functions, no DOM.

export const HELP = [
  ["text", "say it"],
  ["/me text  or  :text", "a pose: “Alice waves.”"],
  ["((text))  or  /ooc text", "out of character"],
  ["/w name text", "whisper to one person in this room"],
  ["/roll 2d6+1", "roll dice for the room: the server rolls, everyone sees it"],
  ["[b]bold[/b] [i]italic[/i] [u] [s] [sup] [sub]", "formatting"],
  ["[color=red]text[/color] [spoiler]text[/spoiler] [url=https://…]text[/url]", "colour (red, orange, yellow, green, cyan, blue, purple, pink, black, white, gray, brown), spoiler, link"],
  ["/msg name text", "a direct message"],
  ["/join room", "join (or create) a room"],
  ["/part [room]", "leave this room (or another)"],
  ["/topic text", "set this room's topic"],
  ["/invite name", "invite someone into this room"],
  ["/kick name [reason]", "remove someone from this room (managers)"],
  ["/ban name  /unban name", "keep someone out of this room, or let them back (managers)"],
  ["/key [key]", "lock this room with a key, or without one unlock it (managers)"],
  ["/status online|away|busy|looking [message]", "your status"],
  ["//text", "say text that starts with a slash"],
  ["/help", "this list"],
];

export const STATUSES = ["online", "away", "busy", "looking"];

// A pose by colon needs a letter or an apostrophe next, so that smileys like ":)" or ":-D"
// stay speech.
const COLON_POSE = /^:(?=[\p{L}'])/u;
const OOC_PARENS = /^\(\((.*)\)\)$/su;

/**
 * Parse the composer's text into an action:
 *   {action: "say", kind: "say"|"pose"|"ooc", text}
 *   {action: "whisper", to, text}       {action: "direct", to, text, kind}
 *   {action: "roll", dice}
 *   {action: "join", room}               {action: "part", room|null, reason}
 *   {action: "topic", topic|null}        {action: "status", status, message}
 *   {action: "invite", name}             {action: "kick", name, reason}
 *   {action: "ban", name} / {action: "unban", name}   {action: "key", key ("" removes)}
 *   {action: "help"}                     {action: "error", message}
 *   {action: "none"} for blank text.
 */
export function parseInput(raw) {
  const text = raw.replace(/\s+$/u, "");
  if (!text.trim()) return { action: "none" };
  if (text.startsWith("//")) return { action: "say", kind: "say", text: text.slice(1) };
  if (text.startsWith("/")) return parseCommand(text);
  if (COLON_POSE.test(text)) return say("pose", text.slice(1));
  const ooc = OOC_PARENS.exec(text.trim());
  if (ooc) return say("ooc", ooc[1].trim());
  return { action: "say", kind: "say", text };
}

function say(kind, text) {
  const trimmed = text.trim();
  if (!trimmed) return { action: "error", message: "Nothing to send: add some text." };
  return { action: "say", kind, text: trimmed };
}

function parseCommand(text) {
  const match = /^\/(\S+)\s*([\s\S]*)$/u.exec(text);
  const verb = match[1].toLowerCase();
  const rest = match[2];
  const [first, ...others] = rest.trim().split(/\s+/u);
  const after = rest.trim().slice((first || "").length).trim();
  switch (verb) {
    case "me":
      return say("pose", rest);
    case "ooc":
      return say("ooc", rest);
    case "join":
    case "j":
      if (!first) return usage("/join room");
      return { action: "join", room: first.replace(/^#/u, "") };
    case "part":
    case "leave":
      return { action: "part", room: first ? first.replace(/^#/u, "") : null, reason: after };
    case "msg":
    case "query":
      if (!first || !after) return usage("/msg name text");
      return { action: "direct", to: first, text: after, kind: "say" };
    case "w":
    case "whisper":
      if (!first || !after) return usage("/w name text");
      return { action: "whisper", to: first, text: after };
    case "topic":
      return { action: "topic", topic: rest.trim() ? rest.trim() : null };
    case "roll":
    case "dice":
      if (!rest.trim()) return usage("/roll 2d6+1");
      return { action: "roll", dice: rest.trim() };
    case "status": {
      const status = (first || "").toLowerCase();
      if (!STATUSES.includes(status)) return usage("/status online|away|busy|looking [message]");
      return { action: "status", status, message: others.length ? after : "" };
    }
    case "invite":
      if (!first || others.length) return usage("/invite name");
      return { action: "invite", name: first };
    case "kick":
      if (!first) return usage("/kick name [reason]");
      return { action: "kick", name: first, reason: after };
    case "ban":
    case "unban":
      if (!first || others.length) return usage(`/${verb} name`);
      return { action: verb, name: first };
    case "key":
      if (others.length) return usage("/key [key]");
      return { action: "key", key: first || "" };
    case "help":
    case "?":
      return { action: "help" };
    default:
      return { action: "error", message: `There is no command /${verb}. Type /help for the list.` };
  }
}

function usage(form) {
  return { action: "error", message: `Use: ${form}` };
}

/** How a pose reads: "Alice waves." but "Alice's eyes narrow." (no space before ' or ,). */
export function poseSeparator(text) {
  return /^['’,:;.]/u.test(text) ? "" : " ";
}
