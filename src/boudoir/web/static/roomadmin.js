// The room settings panel, for the room's managers: rating, visibility, tags, moderation,
// topic lock, ads, cams, member limit, lines shown to newcomers, key, and lifting a ban. Each change is one
// `room_setting` command.

import { h, replace } from "./dom.js";
import { field, messageArea } from "./forms.js";
import { openPanel } from "./profile.js";
import { manages } from "./members.js";

// The server's bounds (core/rooms.py): a limit of one would lock the room on its first
// member; a key is at most IRC's common KEYLEN.
const MIN_MEMBER_LIMIT = 1;
const MAX_MEMBER_LIMIT = 10000;
const MAX_ROOM_KEY = 23;
// domain/directory.py: a few words of letters, digits and dashes.
const MAX_TAGS = 5;
const MAX_TAG_LENGTH = 20;
const MAX_NEWCOMER_LINES = 200;

const RATINGS = [["general", "General"], ["mature", "Mature"], ["adult", "Adult 18+"]];
const VISIBILITIES = [
  ["public", "Public: listed in the directory"],
  ["unlisted", "Unlisted: only those who know the name"],
  ["private", "Private: by invitation only"],
];

function choice(options, value) {
  return h("select", {}, options.map(([optionValue, label]) => h("option", { value: optionValue, selected: optionValue === value }, label)));
}

function checkbox(id, label, checked, hint) {
  const box = h("input", { type: "checkbox", id, checked, "aria-describedby": `${id}-hint` });
  return { box, wrap: h("div", { class: "check" }, box, h("div", {}, h("label", { for: id }, label), h("p", { class: "hint", id: `${id}-hint` }, hint))) };
}

/** Open the settings of a room you manage in the side panel. */
export function openRoomSettings(app, conversation) {
  // The panel holds while you are in the room and manage it; it closes when you leave, are
  // removed or lose the role.
  const gone = () => {
    if (app.conversations.get(`room:${conversation.key}`) !== conversation || conversation.removed || conversation.wanted === false) return `The settings of #${conversation.name} closed: you are no longer in the room.`;
    return manages(conversation) ? "" : `The settings of #${conversation.name} closed: you no longer manage the room.`;
  };
  const body = openPanel(app, `Settings of #${conversation.name}`, "Close room settings", { gone });
  const room = conversation.room || {};
  const messages = messageArea();
  const rating = field("Rating", choice(RATINGS, room.rating), "Raising it puts out whoever present may not see it.");
  const visibility = field("Who may find and enter", choice(VISIBILITIES, room.visibility));
  const tags = field(
    "Tags",
    h("input", { name: "tags", value: (room.tags || []).join(", "), maxlength: String(MAX_TAGS * (MAX_TAG_LENGTH + 2)), autocapitalize: "off", spellcheck: "false" }),
    `Up to ${MAX_TAGS} words, separated by commas, shown in the room directory (fantasy, slow-burn). Empty clears them.`,
  );
  const moderated = checkbox("room-moderated", "Moderated", Boolean(room.moderated), "Only managers and members with a voice speak.");
  // The join reply does not carry it: until an event says otherwise, the server's default.
  const takesAds = checkbox("room-ads", "Take ads", Boolean(room.ads), "People may post “looking for roleplay” ads, shown in the room's ads lane apart from the chat: one per person every ten minutes.");
  const topicLocked = checkbox("room-topic-locked", "Topic locked", room.topic_locked ?? true, "Only managers change the topic.");
  const cams = checkbox("room-cams", "Cams", Boolean(room.cams), "Members may broadcast their webcam here; each chooses who may watch.");
  const limit = field(
    "Member limit",
    h("input", { type: "number", inputmode: "numeric", min: String(MIN_MEMBER_LIMIT), max: String(MAX_MEMBER_LIMIT), value: room.member_limit ?? "", placeholder: "No limit" }),
    `Empty for no limit; otherwise ${MIN_MEMBER_LIMIT} to ${MAX_MEMBER_LIMIT}. Nobody present is put out.`,
  );
  const newcomers = field(
    "Newcomers see the last lines",
    h("input", { type: "number", inputmode: "numeric", min: "0", max: String(MAX_NEWCOMER_LINES), value: String(room.newcomer_lines || 0) }),
    `0 (the default) shows nobody what was said before they came; up to ${MAX_NEWCOMER_LINES}. Everyone in the room is told, and sees it while it is on.`,
  );
  const key = field(
    "New key",
    h("input", { maxlength: String(MAX_ROOM_KEY), autocomplete: "off", spellcheck: "false" }),
    room.key_set ? "A key is set: people need it to enter. Type a new one to change it." : "No key is set. Type one to make people need it to enter.",
  );
  const removeKey = room.key_set ? checkbox("room-remove-key", "Remove the key", false, "Anyone who may enter comes in without it.") : null;

  // Only what was touched is sent, so that a change someone else made meanwhile stays.
  const touched = new Set();
  const watch = (name, control) => {
    control.addEventListener("input", () => touched.add(name));
    control.addEventListener("change", () => touched.add(name));
  };
  watch("rating", rating.control);
  watch("visibility", visibility.control);
  watch("tags", tags.control);
  watch("moderated", moderated.box);
  watch("topic_locked", topicLocked.box);
  watch("cams", cams.box);
  watch("ads", takesAds.box);
  watch("member_limit", limit.control);
  watch("newcomer_lines", newcomers.control);
  watch("key", key.control);
  if (removeKey) watch("remove_key", removeKey.box);

  const changes = () => {
    const list = [];
    if (touched.has("rating")) list.push({ setting: "rating", enabled: rating.control.value !== "general", value: rating.control.value });
    if (touched.has("visibility")) list.push({ setting: "visibility", enabled: true, value: visibility.control.value });
    if (touched.has("tags")) {
      const words = tags.control.value.trim();
      list.push(words ? { setting: "tags", enabled: true, value: words } : { setting: "tags", enabled: false, value: "" });
    }
    if (touched.has("moderated")) list.push({ setting: "moderated", enabled: moderated.box.checked });
    if (touched.has("topic_locked")) list.push({ setting: "topic_locked", enabled: topicLocked.box.checked });
    if (touched.has("cams")) list.push({ setting: "cams", enabled: cams.box.checked });
    if (touched.has("ads")) list.push({ setting: "ads", enabled: takesAds.box.checked });
    if (touched.has("member_limit")) {
      const text = limit.control.value.trim();
      if (text === "") list.push({ setting: "member_limit", enabled: false });
      else list.push({ setting: "member_limit", enabled: true, value: Number(text) });
    }
    if (touched.has("newcomer_lines")) {
      const lines = Number(newcomers.control.value.trim() || "0");
      list.push({ setting: "newcomer_lines", enabled: lines > 0, value: lines });
    }
    if (removeKey && removeKey.box.checked) list.push({ setting: "key", enabled: false });
    else if (touched.has("key") && key.control.value.trim()) list.push({ setting: "key", enabled: true, value: key.control.value.trim() });
    return list;
  };

  const save = h("button", { type: "submit", class: "primary" }, "Save room settings");
  const form = h(
    "form",
    { class: "stack room-settings", "aria-label": `Settings of #${conversation.name}` },
    rating.wrap,
    visibility.wrap,
    tags.wrap,
    h("fieldset", {}, h("legend", {}, "Speaking"), moderated.wrap, topicLocked.wrap, takesAds.wrap),
    h("fieldset", {}, h("legend", {}, "Webcams"), cams.wrap),
    limit.wrap,
    newcomers.wrap,
    h("fieldset", {}, h("legend", {}, "Key"), key.wrap, removeKey ? removeKey.wrap : null),
    save,
    messages.element,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const pending = changes();
    if (!pending.length) {
      messages.ok("Nothing to change.");
      return;
    }
    save.disabled = true;
    messages.clear();
    // One at a time, in order: the first refusal stops the rest and says why.
    for (const change of pending) {
      try {
        await app.connection.request("room_setting", { room: conversation.name, ...change });
        touched.delete(change.setting === "key" && !change.enabled ? "remove_key" : change.setting);
        if (change.setting === "key") touched.delete("key");
      } catch (error) {
        messages.error(error.message);
        save.disabled = false;
        return;
      }
    }
    save.disabled = false;
    key.control.value = "";
    messages.ok("Saved.");
  });

  replace(body, form, unbanForm(app, conversation));
}

function unbanForm(app, conversation) {
  const messages = messageArea();
  const name = field("Name", h("input", { autocapitalize: "off", spellcheck: "false", required: true }), "Any character of the banned account.");
  const button = h("button", { type: "submit" }, "Lift the ban");
  const form = h("form", { class: "stack", "aria-label": "Lift a ban" }, name.wrap, button, messages.element);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const target = name.control.value.trim();
    if (!target) return;
    button.disabled = true;
    messages.clear();
    try {
      await app.connection.request("room_setting", { room: conversation.name, setting: "ban", enabled: false, target });
      messages.ok(`${target} is not banned here any more.`);
      name.control.value = "";
    } catch (error) {
      messages.error(error.message);
    } finally {
      button.disabled = false;
    }
  });
  return h("section", { class: "panel-section", "aria-labelledby": "unban-title" }, h("h3", { id: "unban-title" }, "Lift a ban"), form);
}
