// The profile editor of one of your characters (the Characters page): the picture, the
// public part, the details, interests, kinks, hard limits, who sees each section and whether
// partner search finds the character. Sections and their bounds: docs/http-api.md,
// "Profiles, kinks and partner search".

import { h, replace } from "./dom.js";
import { field, messageArea, submitting } from "./forms.js";
import { segment } from "./api.js";
import { avatar } from "./avatar.js";
import { kinkEditor, loadCatalogue } from "./kinks.js";

const INTEREST_LEVELS = [["favourite", "Favourite"], ["yes", "Yes"], ["maybe", "Maybe"], ["no", "No"]];
export const AUDIENCES = [
  ["everyone", "Everyone"],
  ["shared_room", "People in a room with me"],
  ["friends", "Friends"],
  ["nobody", "Nobody but me"],
];
export const POST_LENGTHS = [["one_liner", "One-liners"], ["short", "Short (a few lines)"], ["paragraph", "A paragraph or so"], ["novel", "Novels (several paragraphs)"]];
const SECTIONS = [
  ["details", "Who sees the details"],
  ["kinks", "Who sees kinks and interests"],
  ["limits", "Who sees hard limits"],
  ["image", "Who sees the picture"],
];

// The server's bounds (docs/http-api.md); the image is checked here too, so that nobody waits
// for a 2 MiB upload only to be told it is too large.
const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const MAX_LANGUAGES = 10;

function choice(options, value, { empty = null, ...attrs } = {}) {
  return h(
    "select",
    attrs,
    empty ? h("option", { value: "", selected: !value }, empty) : null,
    options.map(([optionValue, label]) => h("option", { value: optionValue, selected: optionValue === value }, label)),
  );
}

function interestRow(interest = { topic: "", level: "yes" }) {
  const topic = h("input", { "aria-label": "Interest", value: interest.topic, maxlength: "100", class: "interest-topic" });
  const level = h("select", { "aria-label": "Level", class: "interest-level" }, INTEREST_LEVELS.map(([value, label]) => h("option", { value, selected: value === interest.level }, label)));
  const row = h("li", { class: "interest-row" }, topic, level);
  row.append(h("button", { type: "button", class: "small", "aria-label": "Remove interest", on: { click: () => row.remove() } }, "Remove"));
  return row;
}

/** The picture card: the current picture (or initials), choose, preview, upload, remove. */
function pictureSection(app, character) {
  const messages = messageArea();
  let hasImage = Boolean(character.has_image);
  let version = "";
  const current = h("div", { class: "picture-current" });
  const input = h("input", { type: "file", id: "picture-file", accept: IMAGE_TYPES.join(","), "aria-describedby": "picture-file-hint", class: "file-input" });
  const preview = h("div", { class: "picture-preview", hidden: true });
  const upload = h("button", { type: "button", class: "primary", hidden: true }, "Upload picture");
  const cancel = h("button", { type: "button", hidden: true }, "Cancel");
  const remove = h("button", { type: "button", class: "danger" }, "Remove picture");
  let chosen = null;
  const show = () => {
    replace(current, avatar(character.name, { hasImage, version }), h("p", { class: "hint" }, hasImage ? "Your picture." : "No picture: people see your initials on a colour."));
    remove.hidden = !hasImage;
  };
  const reset = () => {
    chosen = null;
    input.value = "";
    preview.hidden = upload.hidden = cancel.hidden = true;
    replace(preview);
  };
  input.addEventListener("change", () => {
    messages.clear();
    const file = input.files && input.files[0];
    if (!file) return reset();
    if (!IMAGE_TYPES.includes(file.type)) {
      reset();
      return messages.error("That file is not a PNG, JPEG or WebP image. Choose one of those.");
    }
    if (file.size > MAX_IMAGE_BYTES) {
      reset();
      return messages.error(`That image is ${(file.size / 1024 / 1024).toFixed(1)} MiB; the most is 2 MiB. Choose a smaller one.`);
    }
    chosen = file;
    // A data: address, which the page's Content-Security-Policy allows for images.
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      if (chosen !== file) return;
      replace(preview, h("img", { class: "avatar avatar-large", src: reader.result, alt: "Preview of the chosen picture" }), h("p", { class: "hint" }, "Preview: not uploaded yet."));
      preview.hidden = upload.hidden = cancel.hidden = false;
    });
    reader.readAsDataURL(file);
  });
  upload.addEventListener("click", () =>
    submitting(upload, messages, async () => {
      await app.api.put(`/api/v1/characters/${segment(character.name)}/image`, chosen);
      hasImage = true;
      version = String(Date.now());
      reset();
      show();
      messages.ok("Picture uploaded.");
      input.focus();
    }),
  );
  cancel.addEventListener("click", () => {
    reset();
    input.focus();
  });
  remove.addEventListener("click", () =>
    submitting(remove, messages, async () => {
      await app.api.delete(`/api/v1/characters/${segment(character.name)}/image`);
      hasImage = false;
      show();
      messages.ok("Picture removed.");
      input.focus();
    }),
  );
  show();
  return h(
    "fieldset",
    { class: "picture" },
    h("legend", {}, "Picture"),
    current,
    h("div", { class: "field" }, h("label", { for: input.id }, "Choose a picture"), input, h("p", { class: "hint", id: "picture-file-hint" }, "PNG, JPEG or WebP, at most 2 MiB; shown at most 512×512 pixels, its metadata removed.")),
    preview,
    h("div", { class: "button-row" }, upload, cancel, remove),
    messages.element,
  );
}

function timezoneList() {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return h("datalist", { id: "timezone-list" }, zones.map((zone) => h("option", { value: zone })));
}

/** The editor card of `character` (as GET /api/v1/characters gives it); `count` of yours. */
export function profileEditor(app, character, count, { onDelete }) {
  const messages = messageArea();
  const text = (label, key, max, hint = null) => field(label, h("input", { value: character[key] || "", maxlength: String(max) }), hint);
  const area = (label, key, rows, hint = null) => field(label, h("textarea", { rows: String(rows), value: character[key] || "", maxlength: "4000" }), hint);
  const pronouns = text("Pronouns", "pronouns", 40);
  const short = text("Short description", "short_description", 300, "One line people see in rooms, lists and search.");
  const long = area("Long description", "long_description", 6);
  const age = field("Declared age", h("input", { type: "number", min: "0", max: "100000", inputmode: "numeric", value: character.declared_age ?? "" }), "The character's age; 18 or more to enter mature and adult rooms.");
  const species = text("Species", "species", 64);
  const gender = text("Gender", "gender", 64);
  const orientation = text("Orientation", "orientation", 64);
  const postLength = field("Post length", choice(POST_LENGTHS, character.post_length, { empty: "Not said" }));
  const rpStyle = text("Roleplay style", "rp_style", 200, "A few words: slow burn, plot first, casual…");
  const timezone = field("Time zone", h("input", { value: character.timezone || "", list: "timezone-list", autocomplete: "off", spellcheck: "false", placeholder: "Europe/Paris" }), "A time zone name such as Europe/Paris or America/New_York.");
  const languages = field("Languages", h("input", { value: (character.languages || []).join(", "), autocapitalize: "off", spellcheck: "false", placeholder: "en, pt-BR" }), `Language tags, separated by commas (at most ${MAX_LANGUAGES}): en, de, pt-BR…`);
  const body = area("Body", "body_description", 4);
  const personality = area("Personality", "personality_description", 4);
  const interests = h("ul", { class: "interest-rows", "aria-label": "Interests" }, (character.interests || []).map(interestRow));
  const addInterest = h("button", { type: "button", class: "small", on: { click: () => { const row = interestRow(); interests.append(row); row.querySelector("input").focus(); } } }, "Add interest");
  const limits = field("Hard limits", h("textarea", { rows: "3", value: (character.hard_limits || []).join("\n") }), "One per line: never in a scene with you. Partner search keeps away anyone whose favourites hit them. Members of your scenes always see them.");
  const visibility = character.visibility || {};
  const audiences = SECTIONS.map(([section, label]) => ({ section, ...field(label, choice(AUDIENCES, visibility[section] || "friends", { name: `visibility-${section}` })) }));
  const findable = h("input", { type: "checkbox", id: "findable", checked: Boolean(character.findable), "aria-describedby": "findable-hint" });

  // The kink list arrives from the server; until then (or if it cannot), kinks are not sent,
  // so that saving the rest never clears them.
  let kinks = null;
  const kinkSlot = h("div", { class: "kink-slot" }, h("p", { role: "status" }, "Loading the kink list…"));
  loadCatalogue(app).then(
    (catalogue) => {
      kinks = kinkEditor(catalogue, character.kinks || {}, character.custom_kinks || []);
      replace(kinkSlot, kinks.element);
    },
    (error) => replace(kinkSlot, h("p", { role: "alert", class: "form-message error" }, `The kink list could not be loaded: ${error.message} Your kinks are kept as they are.`)),
  );

  const save = h("button", { type: "submit", class: "primary" }, "Save profile");
  const form = h(
    "form",
    { class: "stack", "aria-label": `Profile of ${character.name}` },
    h("fieldset", { class: "stack" }, h("legend", {}, "Shown to everyone"), pronouns.wrap, short.wrap, long.wrap, age.wrap),
    h("fieldset", { class: "stack details-fields" }, h("legend", {}, "Details"), h("div", { class: "field-grid" }, species.wrap, gender.wrap, orientation.wrap, postLength.wrap, rpStyle.wrap, timezone.wrap, languages.wrap), body.wrap, personality.wrap, timezoneList()),
    h("fieldset", {}, h("legend", {}, "Interests"), h("p", { class: "hint" }, "Free words of your own, beside the kink list below."), interests, addInterest),
    kinkSlot,
    limits.wrap,
    h(
      "fieldset",
      { class: "stack visibility" },
      h("legend", {}, "Who sees each part"),
      h("p", { class: "hint", id: "visibility-hint" }, "Each part starts at Friends: only people you added as friends see it. Your name, pronouns, descriptions and age are for everyone; people you block, or who block you, see no profile at all."),
      h("div", { class: "field-grid" }, audiences.map((audience) => audience.wrap)),
    ),
    h("div", { class: "check" }, findable, h("div", {}, h("label", { for: findable.id }, "Let people find me in partner search"), h("p", { class: "hint", id: "findable-hint" }, "Off unless you turn it on. Search matches on your kinks only for those who may see them."))),
    h("div", { class: "button-row" }, save, h("button", { type: "button", on: { click: () => app.showProfile(character.name) } }, "Preview profile")),
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const ageText = age.control.value.trim();
    const changes = {
      pronouns: pronouns.control.value.trim(),
      short_description: short.control.value.trim(),
      long_description: long.control.value,
      declared_age: ageText === "" ? null : Number(ageText),
      species: species.control.value.trim(),
      gender: gender.control.value.trim(),
      orientation: orientation.control.value.trim(),
      post_length: postLength.control.value || null,
      rp_style: rpStyle.control.value.trim(),
      timezone: timezone.control.value.trim(),
      languages: languages.control.value.split(/[\s,]+/u).filter(Boolean),
      body_description: body.control.value,
      personality_description: personality.control.value,
      interests: [...interests.querySelectorAll(".interest-row")]
        .map((row) => ({ topic: row.querySelector(".interest-topic").value.trim(), level: row.querySelector(".interest-level").value }))
        .filter((interest) => interest.topic),
      hard_limits: limits.control.value.split("\n").map((line) => line.trim()).filter(Boolean),
      visibility: Object.fromEntries(audiences.map((audience) => [audience.section, audience.control.value])),
      findable: findable.checked,
      ...(kinks ? kinks.value() : {}),
    };
    if (changes.languages.length > MAX_LANGUAGES) {
      messages.error(`At most ${MAX_LANGUAGES} languages; you listed ${changes.languages.length}.`);
      languages.control.focus();
      return;
    }
    submitting(save, messages, async () => {
      await app.api.patch(`/api/v1/characters/${segment(character.name)}`, changes);
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
      onDelete();
    });
  });
  return h(
    "section",
    { class: "card profile-editor", "aria-labelledby": "edit-title" },
    h("h2", { id: "edit-title" }, `Profile of ${character.name}`),
    pictureSection(app, character),
    form,
    count > 1 && !app.isMe(character.name) ? h("div", { class: "danger-zone" }, remove, deleteMessages.element) : null,
  );
}
