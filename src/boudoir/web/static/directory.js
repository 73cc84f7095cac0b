// The live room directory: the rooms the server lists to you (it never sends one you may not
// see), kept up to date by `room_listed` events, with filters by rating and tag, a search by
// name, and sorting by activity, people or name.

import { h, nameKey, replace } from "./dom.js";
import { ratingBadge } from "./lobby.js";
import { HIDDEN_TOPIC } from "./eventtext.js";

// domain/directory.py ACTIVITY_MINUTES: the window the server counts messages over.
const ACTIVITY_MINUTES = 15;

const RATING_FILTERS = [["", "Any rating"], ["general", "General"], ["mature", "Mature"], ["adult", "Adult 18+"]];
const SORTS = [["activity", "Most active"], ["members", "Most people"], ["name", "Name"]];

/** Apply a `room_listed` event: the room changed, or (no `room`) left your directory. */
export function applyListing(app, event) {
  const key = nameKey(event.name);
  const others = app.directory.filter((room) => nameKey(room.name) !== key);
  app.directory = event.room ? [...others, event.room] : others;
  app.emit("rooms");
}

function byName(a, b) {
  return nameKey(a.name).localeCompare(nameKey(b.name));
}

const ORDERS = {
  activity: (a, b) => (b.activity || 0) - (a.activity || 0) || b.members - a.members || byName(a, b),
  members: (a, b) => b.members - a.members || (b.activity || 0) - (a.activity || 0) || byName(a, b),
  name: byName,
};

function activityText(count) {
  if (!count) return "Quiet lately";
  return `${count} ${count === 1 ? "message" : "messages"} in the last ${ACTIVITY_MINUTES} minutes`;
}

function select(label, options, value, onChange) {
  const id = `directory-${label.toLowerCase().replace(/\W+/gu, "-")}`;
  const control = h("select", { id, on: { change: () => onChange(control.value) } }, options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
  return { control, wrap: h("div", { class: "field inline" }, h("label", { for: id }, label), control) };
}

/**
 * The directory's controls and list. `enter(name)` joins a room. Returns the element and
 * `show()`, which redraws the list from `app.directory` keeping the filters as they are.
 */
export function directoryView(app, enter) {
  const state = { search: "", rating: "", tag: "", sort: "activity" };
  const list = h("ul", { class: "directory", "aria-label": "Rooms" });
  const summary = h("p", { class: "muted directory-summary", "aria-live": "polite" });

  const search = h("input", { type: "search", id: "directory-search", placeholder: "Room name", autocapitalize: "off", spellcheck: "false" });
  search.addEventListener("input", () => {
    state.search = nameKey(search.value.trim().replace(/^#/u, ""));
    show();
  });
  const rating = select("Rating", RATING_FILTERS, state.rating, (value) => ((state.rating = value), show()));
  const tag = select("Tag", [["", "Any tag"]], state.tag, (value) => ((state.tag = value), show()));
  const sort = select("Sort by", SORTS, state.sort, (value) => ((state.sort = value), show()));
  const controls = h(
    "div",
    { class: "directory-controls", role: "search", "aria-label": "Find a room" },
    h("div", { class: "field inline" }, h("label", { for: "directory-search" }, "Search"), search),
    rating.wrap,
    tag.wrap,
    sort.wrap,
  );

  const useTag = (word) => {
    state.tag = word;
    show();
  };

  const card = (room) =>
    h(
      "li",
      { class: "room-card", dataset: { room: room.name } },
      h(
        "div",
        { class: "room-card-head" },
        h("button", { type: "button", class: "room-link", on: { click: () => enter(room.name) } }, `#${room.name}`),
        ratingBadge(room.rating),
        h("span", { class: "count room-members" }, `${room.members} ${room.members === 1 ? "member" : "members"}`),
        // The name is a button too; this one says so to whoever does not guess it.
        h("button", { type: "button", class: "small join-room", "aria-label": `Join #${room.name}`, on: { click: () => enter(room.name) } }, "Join"),
      ),
      room.tags && room.tags.length
        ? h(
            "ul",
            { class: "room-tags", "aria-label": "Tags" },
            room.tags.map((word) =>
              h("li", {}, h("button", { type: "button", class: "tag", "aria-pressed": String(state.tag === word), on: { click: () => useTag(state.tag === word ? "" : word) } }, word)),
            ),
          )
        : null,
      room.topic_hidden ? h("p", { class: "topic muted" }, `Topic ${HIDDEN_TOPIC}.`) : room.topic ? h("p", { class: "topic" }, room.topic) : h("p", { class: "topic muted" }, "No topic."),
      h("p", { class: "room-activity muted" }, activityText(room.activity)),
      room.people && room.people.length ? h("p", { class: "room-people" }, h("span", { class: "visually-hidden" }, "In the room: "), room.people.join(", ")) : null,
    );

  const showTags = () => {
    const words = [...new Set(app.directory.flatMap((room) => room.tags || []))].sort();
    if (state.tag && !words.includes(state.tag)) words.unshift(state.tag);
    replace(tag.control, h("option", { value: "" }, "Any tag"), words.map((word) => h("option", { value: word, selected: word === state.tag }, word)));
    tag.control.value = state.tag;
  };

  function show() {
    showTags();
    rating.control.value = state.rating;
    const all = app.directory;
    const shown = all
      .filter((room) => !state.search || nameKey(room.name).includes(state.search))
      .filter((room) => !state.rating || room.rating === state.rating)
      .filter((room) => !state.tag || (room.tags || []).includes(state.tag))
      .sort(ORDERS[state.sort]);
    summary.textContent = shown.length === all.length ? `${all.length} ${all.length === 1 ? "room" : "rooms"}` : `Showing ${shown.length} of ${all.length} rooms`;
    if (shown.length) replace(list, shown.map(card));
    else replace(list, h("li", { class: "muted" }, all.length ? "No room matches." : "No rooms yet. Create the first one above."));
  }

  return { element: h("div", { class: "directory-view" }, controls, summary, list), show };
}
