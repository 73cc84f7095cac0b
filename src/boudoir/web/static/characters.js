// The characters page: create characters and edit their profiles.

import { h, nameKey, replace } from "./dom.js";
import { field, messageArea, submitting } from "./forms.js";
import { segment } from "./api.js";

const LEVELS = [["favourite", "Favourite"], ["yes", "Yes"], ["maybe", "Maybe"], ["no", "No"]];
const AUDIENCES = [["only_me", "Only me"], ["friends", "Friends"], ["everyone", "Everyone"]];

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
    current && selected !== "new" ? editor(app, current, characters.length) : null,
    h("section", { class: "card", "aria-labelledby": "new-character-title" }, h("h2", { id: "new-character-title" }, "New character"), createForm),
  );
  if (selected === "new") name.control.focus();
}

function interestRow(interest = { topic: "", level: "yes" }) {
  const topic = h("input", { "aria-label": "Interest", value: interest.topic, maxlength: "100", class: "interest-topic" });
  const level = h("select", { "aria-label": "Level", class: "interest-level" }, LEVELS.map(([value, label]) => h("option", { value, selected: value === interest.level }, label)));
  const row = h("li", { class: "interest-row" }, topic, level);
  row.append(h("button", { type: "button", class: "small", "aria-label": "Remove interest", on: { click: () => row.remove() } }, "Remove"));
  return row;
}

function editor(app, character, count) {
  const messages = messageArea();
  const pronouns = field("Pronouns", h("input", { value: character.pronouns || "", maxlength: "40" }));
  const short = field("Short description", h("input", { value: character.short_description || "", maxlength: "300" }), "One line people see in rooms and lists.");
  const long = field("Long description", h("textarea", { rows: "6", value: character.long_description || "" }));
  const age = field("Declared age", h("input", { type: "number", min: "0", max: "100000", inputmode: "numeric", value: character.declared_age ?? "" }), "The character's age; 18 or more to enter mature and adult rooms.");
  const interests = h("ul", { class: "interest-rows", "aria-label": "Interests" }, (character.interests || []).map(interestRow));
  const addInterest = h("button", { type: "button", class: "small", on: { click: () => { const row = interestRow(); interests.append(row); row.querySelector("input").focus(); } } }, "Add interest");
  const limits = field("Hard limits", h("textarea", { rows: "3", value: (character.hard_limits || []).join("\n") }), "One per line.");
  const audience = field("Who may see interests and hard limits", h("select", {}, AUDIENCES.map(([value, label]) => h("option", { value, selected: value === character.profile_audience }, label))));
  const save = h("button", { type: "submit", class: "primary" }, "Save profile");
  const form = h(
    "form",
    { class: "stack" },
    pronouns.wrap,
    short.wrap,
    long.wrap,
    age.wrap,
    h("fieldset", {}, h("legend", {}, "Interests"), interests, addInterest),
    limits.wrap,
    audience.wrap,
    h("div", { class: "button-row" }, save, h("button", { type: "button", on: { click: () => app.showProfile(character.name) } }, "Preview profile")),
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const ageText = age.control.value.trim();
    submitting(save, messages, async () => {
      await app.api.patch(`/api/v1/characters/${segment(character.name)}`, {
        pronouns: pronouns.control.value.trim(),
        short_description: short.control.value.trim(),
        long_description: long.control.value,
        declared_age: ageText === "" ? null : Number(ageText),
        interests: [...interests.querySelectorAll(".interest-row")]
          .map((row) => ({ topic: row.querySelector(".interest-topic").value.trim(), level: row.querySelector(".interest-level").value }))
          .filter((interest) => interest.topic),
        hard_limits: limits.control.value.split("\n").map((line) => line.trim()).filter(Boolean),
        profile_audience: audience.control.value,
      });
      messages.ok("Profile saved.");
    });
  });
  const deleteMessages = messageArea();
  const remove = h("button", { type: "button", class: "danger" }, "Delete this character");
  let armed = false;
  remove.addEventListener("click", () => {
    if (!armed) {
      // Two steps instead of a browser dialog: deleting a character cannot be undone.
      armed = true;
      remove.textContent = `Really delete ${character.name}? Press again`;
      return;
    }
    submitting(remove, deleteMessages, async () => {
      await app.api.delete(`/api/v1/characters/${segment(character.name)}`);
      app.characters = app.characters.filter((name) => nameKey(name) !== nameKey(character.name));
      app.renderHeader();
      app.navigate("#/characters");
    });
  });
  return h(
    "section",
    { class: "card", "aria-labelledby": "edit-title" },
    h("h2", { id: "edit-title" }, `Profile of ${character.name}`),
    form,
    count > 1 && !app.isMe(character.name) ? h("div", { class: "danger-zone" }, remove, deleteMessages.element) : null,
  );
}
