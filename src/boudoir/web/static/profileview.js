// What the profile panel shows of a character's profile beyond its public part: the picture
// (or initials), the details, kinks and interests, hard limits. The server leaves out each
// section the viewer may not see (docs/http-api.md, "Profiles, kinks and partner search"),
// and so does this: an absent section is not drawn at all, never drawn empty.

import { h } from "./dom.js";
import { avatar } from "./avatar.js";
import { kinkIndex, kinkSummary, loadCatalogue } from "./kinks.js";
import { POST_LENGTHS } from "./profileeditor.js";

const INTEREST_LEVELS = { favourite: "Favourite", yes: "Yes", maybe: "Maybe", no: "No" };
const POST_LENGTH_LABELS = Object.fromEntries(POST_LENGTHS);

/** The picture: the image when the viewer may see it, otherwise initials on a colour. */
export function profilePicture(profile) {
  return h("div", { class: "profile-picture" }, avatar(profile.name, { hasImage: Boolean(profile.has_image) }));
}

/** The detail facts present in `profile`, as [term, value] pairs (none when hidden). */
export function detailFacts(profile) {
  const facts = [];
  const add = (term, value) => {
    if (value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && !value.length)) facts.push([term, value]);
  };
  add("Species", profile.species);
  add("Gender", profile.gender);
  add("Orientation", profile.orientation);
  add("Post length", profile.post_length ? POST_LENGTH_LABELS[profile.post_length] || profile.post_length : null);
  add("Roleplay style", profile.rp_style);
  add("Time zone", profile.timezone);
  add("Languages", profile.languages ? languageNames(profile.languages) : null);
  return facts;
}

function languageNames(tags) {
  let names = null;
  try {
    names = new Intl.DisplayNames(undefined, { type: "language" });
  } catch {
    names = null;
  }
  return tags.map((tag) => {
    try {
      const name = names && names.of(tag);
      return name && name !== tag ? `${name} (${tag})` : tag;
    } catch {
      return tag;
    }
  }).join(", ");
}

function paragraphs(text) {
  return text.split(/\n{2,}/u).map((paragraph) => h("p", {}, paragraph));
}

/** The sections after the facts: details' long texts, kinks and interests, hard limits. */
export function profileSections(app, profile) {
  const sections = [];
  if (profile.body_description) sections.push(h("section", { "aria-label": "Body", class: "profile-section" }, h("h3", {}, "Body"), h("div", { class: "long-description" }, paragraphs(profile.body_description))));
  if (profile.personality_description) sections.push(h("section", { "aria-label": "Personality", class: "profile-section" }, h("h3", {}, "Personality"), h("div", { class: "long-description" }, paragraphs(profile.personality_description))));
  if ("kinks" in profile || "custom_kinks" in profile) {
    const slot = h("div", {}, h("p", { class: "muted" }, "Loading the kink list…"));
    const custom = profile.custom_kinks || [];
    loadCatalogue(app).then(
      (catalogue) => slot.replaceChildren(kinkSummary(kinkIndex(catalogue), profile.kinks || {}, custom)),
      // Without the list the ids stand for the names: the levels are still true.
      () => slot.replaceChildren(kinkSummary(new Map(), profile.kinks || {}, custom)),
    );
    sections.push(h("section", { "aria-label": "Kinks", class: "profile-section" }, h("h3", {}, "Kinks"), slot));
  }
  if (profile.interests && profile.interests.length) {
    sections.push(
      h(
        "section",
        { "aria-label": "Interests", class: "profile-section" },
        h("h3", {}, "Interests"),
        h("ul", { class: "interests" }, profile.interests.map((interest) => h("li", { class: `interest level-${interest.level}` }, h("span", { class: "interest-level" }, INTEREST_LEVELS[interest.level] || interest.level), " ", interest.topic))),
      ),
    );
  }
  if (profile.hard_limits) {
    sections.push(
      h(
        "section",
        { "aria-label": "Hard limits", class: "profile-section" },
        h("h3", {}, "Hard limits"),
        profile.hard_limits.length ? h("ul", { class: "limits" }, profile.hard_limits.map((limit) => h("li", {}, limit))) : h("p", { class: "muted" }, "None listed."),
      ),
    );
  }
  return sections;
}
