// The characters page: create characters and pick the one whose profile to edit
// (profileeditor.js).

import { h, nameKey, replace } from "./dom.js";
import { field, messageArea, submitting } from "./forms.js";
import { profileEditor } from "./profileeditor.js";

export function renderCharacters(app, selected) {
  const element = h("section", { class: "page characters", "aria-labelledby": "characters-title" }, h("h1", { id: "characters-title" }, "Characters"), h("p", { role: "status" }, "Loading…"));
  const result = { title: "Characters", element };
  app.api.get("/api/v1/characters").then(
    (reply) => fill(app, element, reply.characters, selected),
    (error) => replace(element, h("h1", { id: "characters-title" }, "Characters"), h("p", { role: "alert" }, error.message)),
  );
  return result;
}

function fill(app, element, characters, selected) {
  const createMessages = messageArea();
  const name = field("Name of the new character", h("input", { required: true, maxlength: "24", autocapitalize: "off", spellcheck: "false" }));
  const create = h("button", { type: "submit", class: "primary" }, "Create character");
  const createForm = h("form", { class: "inline-form", "aria-label": "New character" }, name.wrap, create, createMessages.element);
  createForm.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(create, createMessages, async () => {
      const character = await app.api.post("/api/v1/characters", { name: name.control.value.trim() });
      app.characters = [...app.characters, character.name];
      app.renderHeader();
      app.navigate(`#/characters/${encodeURIComponent(character.name)}`);
    });
  });
  const current = characters.find((c) => selected && nameKey(c.name) === nameKey(selected)) || characters.find((c) => app.isMe(c.name)) || characters[0];
  const tabs = h(
    "ul",
    { class: "character-tabs", "aria-label": "Your characters" },
    characters.map((c) => h("li", {}, h("a", { href: `#/characters/${encodeURIComponent(c.name)}`, "aria-current": c === current ? "page" : null }, c.name, app.isMe(c.name) ? " (acting)" : ""))),
  );
  replace(
    element,
    h("h1", { id: "characters-title" }, "Characters"),
    tabs,
    current && selected !== "new" ? profileEditor(app, current, characters.length, { onDelete: () => deleted(app, current.name) }) : null,
    h("section", { class: "card", "aria-labelledby": "new-character-title" }, h("h2", { id: "new-character-title" }, "New character"), createForm),
  );
  if (selected === "new") name.control.focus();
}

function deleted(app, name) {
  app.characters = app.characters.filter((other) => nameKey(other) !== nameKey(name));
  app.renderHeader();
  app.navigate("#/characters");
}
