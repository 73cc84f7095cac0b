// The walkable world in a room's page: the room as telnet's `look` shows it (description,
// exits as buttons that walk through them, things, who is here) and, for builders, forms for
// @describe, @dig and @link. Every answer is the core's (docs/websocket.md, "The walkable
// world"): who is here already leaves out the people you block, and those who block you.

import { h, replace } from "./dom.js";
import { adoptRoomState } from "./events.js";

// Wide screens show the room's description open when there is something to read (a
// description, exits, things) or to build; phones, and rooms with nothing of the kind (a plain
// chat room, where "who is here" only repeats the member list), keep it folded.
const WIDE = "(min-width: 721px)";

/** The world section of `conversation`'s page; `cleanup` stops listening. */
export function worldSection(app, conversation) {
  const body = h("div", { class: "world-body" });
  // The view is redrawn at each look; the building forms are made once, so that someone
  // arriving does not sweep away what a builder is typing.
  const viewPart = h("div", { class: "world-view" });
  const buildPart = h("div", { class: "world-build-slot" });
  body.append(viewPart, buildPart);
  const details = h(
    "details",
    { class: "world", id: "world-panel" },
    h("summary", { class: "world-summary" }, "Here: description, exits and who is here"),
    body,
  );
  let view = null;
  let decided = false; // the first look decides whether the section starts open
  let builder = false;
  let message = "";
  let closed = false;

  const look = () => {
    if (closed || !app.connection || !app.connection.isOpen || !conversation.joined) return;
    app.connection.request("look", { room: conversation.name }).then((reply) => {
      view = reply.view;
      builder = reply.builder;
      if (!decided) {
        decided = true;
        const something = view.description || view.exits.length || (view.things || []).length || builder;
        if (something && window.matchMedia(WIDE).matches) details.open = true;
      }
      draw();
    }, (error) => show(error.message));
  };
  const show = (text) => {
    message = text;
    draw();
  };
  const keepFocus = (work) => {
    const focused = body.contains(document.activeElement) && document.activeElement.id;
    work();
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  };
  const draw = () => {
    keepFocus(() => replace(viewPart, ...content()));
    if (builder && view && !buildPart.firstChild) buildPart.append(buildForms());
  };

  const content = () => {
    const alert = h("p", { class: "form-message error", role: "alert", hidden: !message }, message);
    if (!view) return [h("p", { class: "muted" }, "Looking around…"), alert];
    const description = view.description
      ? h("p", { class: "world-description", id: "world-description" }, view.description)
      : h("p", { class: "muted", id: "world-description" }, view.description_hidden ? "Its description is hidden: you block its builder." : "No description.");
    const exits = view.exits.length
      ? h("ul", { class: "world-exits", "aria-label": "Exits" }, view.exits.map((exit) => h("li", {}, exitButton(exit))))
      : h("p", { class: "muted" }, "No exits.");
    const things = view.things.length
      ? h("ul", { class: "world-things" }, view.things.map((thing) => h("li", {}, h("strong", {}, thing.name), thing.description ? ` — ${thing.description}` : "")))
      : h("p", { class: "muted" }, "Nothing lies here.");
    const people = view.people.length
      ? h("ul", { class: "world-people", "aria-label": "Who is here" }, view.people.map((person) => h("li", {}, h("button", { type: "button", class: "link-button", on: { click: () => app.showProfile(person.name) } }, person.name), person.status !== "online" ? h("span", { class: "muted" }, ` (${person.status})`) : null)))
      : h("p", { class: "muted" }, "Nobody else is here.");
    return [
      description,
      h("h2", { class: "world-heading" }, "Exits"),
      exits,
      h("h2", { class: "world-heading" }, "Things"),
      things,
      view.hidden_things ? h("p", { class: "muted" }, `${view.hidden_things} more left by people you block.`) : null,
      h("h2", { class: "world-heading" }, "Who is here"),
      people,
      alert,
    ];
  };

  const exitButton = (exit) => {
    const where = exit.destination ? `to ${exit.destination}` : "(leads nowhere)";
    return h(
      "button",
      { type: "button", class: "secondary small world-exit", disabled: !exit.destination, on: { click: () => go(exit.name) } },
      `Go ${exit.name} `,
      h("span", { class: "muted" }, where),
    );
  };

  const go = (exit) => {
    message = "";
    app.connection.request("go", { room: conversation.name, exit }).then((reply) => {
      // Walking leaves this room and joins the one beyond: its page takes over.
      const next = app.conversation("room", reply.joined.name);
      adoptRoomState(app, next, reply.joined);
      next.wanted = true;
      if (next !== conversation) {
        conversation.wanted = false;
        app.forgetConversation(conversation);
      }
      app.announce(`You go ${exit} to #${reply.joined.name}.`);
      app.navigate(next.route);
    }, (error) => show(error.message));
  };

  /** A form (`title`) whose button (`label`) sends `type` with the fields `read()` gives, then looks again. */
  const buildForm = (title, label, id, controls, type, read, done) => {
    const submit = h("button", { type: "submit", class: "small primary", id: `${id}-submit` }, label);
    const form = h("form", { class: "world-form", id, "aria-label": title }, controls, submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit.disabled = true;
      app.connection.request(type, { room: conversation.name, ...read() }).then((reply) => {
        message = "";
        submit.disabled = false;
        for (const input of form.querySelectorAll("input")) input.value = ""; // done: ready for the next
        app.announce(done(reply), { visible: true });
        look();
      }, (error) => {
        submit.disabled = false;
        show(error.message);
      });
    });
    return form;
  };
  const field = (label, id, attrs = {}) => h("label", { class: "world-field" }, label, h("input", { id, autocomplete: "off", ...attrs }));
  const value = (id) => document.getElementById(id).value.trim();

  const buildForms = () => h(
    "details",
    { class: "world-build", id: "world-build" },
    h("summary", {}, "Build here"),
    buildForm(
      "Describe this room",
      "Save description",
      "world-describe",
      [h("label", { class: "world-field" }, "Description", h("textarea", { id: "world-describe-text", rows: "3", maxlength: "4000", value: view.description }))],
      "describe_room",
      () => ({ text: document.getElementById("world-describe-text").value }),
      (reply) => (reply.cleared ? "Description cleared." : "Description saved."),
    ),
    buildForm(
      "Dig a new room",
      "Dig a room",
      "world-dig",
      [field("New room", "world-dig-name", { required: true }), field("Exit there", "world-dig-there", { placeholder: "north;n" }), field("Exit back", "world-dig-back", { placeholder: "south;s" })],
      "dig",
      () => ({ name: value("world-dig-name"), there: value("world-dig-there"), back: value("world-dig-back") }),
      (reply) => `Dug #${reply.room}.`,
    ),
    buildForm(
      "Link an exit to a room",
      "Link an exit",
      "world-link",
      [field("Exit", "world-link-exit", { required: true }), field("To room", "world-link-destination", { required: true })],
      "link",
      () => ({ exit: value("world-link-exit"), destination: value("world-link-destination") }),
      (reply) => `Linked ${reply.exit} to #${reply.destination}.`,
    ),
  );

  details.addEventListener("toggle", () => {
    if (details.open) look(); // what changed while it was folded is not followed
  });
  // Someone arrives or leaves, the room changes: look again (only while it is shown).
  const offs = ["room:", "members:"].map((kind) => app.on(kind + conversation.key, () => {
    if (details.open) look();
  }));
  look(); // once, to know whether there is anything to show
  return {
    element: details,
    cleanup: () => {
      closed = true;
      for (const off of offs) off();
    },
  };
}
