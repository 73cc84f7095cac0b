// Partner search (#/search): characters who opted in, ranked by how well their kinks meet
// yours (GET /api/v1/search; the score is explained in docs/http-api.md). Each result opens
// its profile in the side panel.

import { h, nameKey, replace } from "./dom.js";
import { messageArea, submitting } from "./forms.js";
import { avatar } from "./avatar.js";
import { statusLabel } from "./lobby.js";

const RATINGS = [["", "Any rating"], ["general", "General"], ["mature", "Mature"], ["adult", "Adult 18+"]];
// The server's bounds: 1 to 50 results.
const RESULTS = 30;

function describeScore(score) {
  // Normalised so that a perfect match is 1; below 0 when the noes outweigh the yeses.
  const percent = Math.round(Math.max(0, score) * 100);
  return `${percent}% match`;
}

/** The partner search page. */
export function renderSearch(app) {
  const messages = messageArea();
  const mine = app.characters;
  const as = h("select", { id: "search-as" }, mine.map((name) => h("option", { value: name, selected: app.isMe(name) }, name)));
  const rating = h("select", { id: "search-rating" }, RATINGS.map(([value, label]) => h("option", { value }, label)));
  const language = h("input", { id: "search-language", autocapitalize: "off", spellcheck: "false", placeholder: "en, pt-BR… (empty: any)", maxlength: "35" });
  const looking = h("input", { type: "checkbox", id: "search-looking" });
  const search = h("button", { type: "submit", class: "primary" }, "Search");
  const results = h("div", { class: "search-results", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "search-form", "aria-label": "Partner search" },
    h("div", { class: "field" }, h("label", { for: as.id }, "Search as"), as),
    h("div", { class: "field" }, h("label", { for: rating.id }, "Rating"), rating),
    h("div", { class: "field" }, h("label", { for: language.id }, "Language"), language),
    h("div", { class: "check" }, looking, h("label", { for: looking.id }, "Only people looking for roleplay now")),
    search,
  );
  const run = () =>
    submitting(search, messages, async () => {
      const query = new URLSearchParams({ as: as.value, limit: String(RESULTS) });
      if (rating.value) query.set("rating", rating.value);
      if (language.value.trim()) query.set("language", language.value.trim());
      if (looking.checked) query.set("looking", "true");
      replace(results, h("p", { class: "muted" }, "Searching…"));
      try {
        const reply = await app.api.get(`/api/v1/search?${query}`);
        replace(results, ...drawResults(app, reply.results, as.value));
      } catch (error) {
        replace(results);
        throw error;
      }
    });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  const element = h(
    "section",
    { class: "page search", "aria-labelledby": "search-title" },
    h("h1", { id: "search-title" }, "Partner search"),
    h(
      "p",
      { class: "search-about" },
      "Only characters whose owners turned on “Let people find me in partner search” appear, and only when they let you see their kinks. Nobody you block or who blocks you, and nobody whose hard limits clash with your favourites, is shown. Turn it on for yourself under ",
      h("a", { href: "#/characters" }, "Characters"),
      ".",
    ),
    h("div", { class: "card" }, form, messages.element),
    results,
  );
  if (mine.length) run();
  return { title: "Partner search", element };
}

function drawResults(app, found, as) {
  const others = found.filter((result) => nameKey(result.name) !== nameKey(as));
  if (!others.length) return [h("p", { class: "muted" }, "Nobody found with these filters. Try fewer of them, or later: people turn search on and off.")];
  return [
    h("h2", { class: "visually-hidden" }, "Results"),
    h("p", { class: "muted" }, `${others.length} found, best match first.`),
    h(
      "ol",
      { class: "search-list" },
      others.map((result) =>
        h(
          "li",
          { class: "search-result" },
          avatar(result.name, { hasImage: false, size: "small" }),
          h(
            "div",
            { class: "search-main" },
            h(
              "div",
              { class: "search-head" },
              h("button", { type: "button", class: "name link-button search-name", on: { click: () => app.showProfile(result.name) } }, result.name),
              h("span", { class: "search-score" }, describeScore(result.score)),
              h("span", { class: "person-status" }, result.status ? statusLabel(result.status) : "Offline"),
            ),
            result.species || result.gender ? h("p", { class: "muted small" }, [result.species, result.gender].filter(Boolean).join(" · ")) : null,
            result.short_description ? h("p", { class: "short-description" }, result.short_description) : null,
            result.shared && result.shared.length
              ? h("div", { class: "search-shared" }, h("span", { class: "muted small" }, "Favourites you share: "), h("ul", { class: "tags", "aria-label": "Favourites you share" }, result.shared.map((name) => h("li", { class: "tag" }, name))))
              : null,
            h("div", { class: "button-row" }, h("a", { class: "button small", href: `#/compare/${encodeURIComponent(result.name)}` }, "Compare", h("span", { class: "visually-hidden" }, ` with ${result.name}`))),
          ),
        ),
      ),
    ),
  ];
}
