// "Compare with me": your character's kinks beside someone's, as far as you may see theirs
// (GET /api/v1/profiles/{name}/compare). Hard-limit clashes first, then conflicts, then
// matches: each marked by a symbol, a word and a border, not by colour alone.

import { h, nameKey, replace } from "./dom.js";
import { segment } from "./api.js";
import { LEVEL_LABELS } from "./kinks.js";

// The server's verdicts, in its order (docs/http-api.md, "comparison").
const VERDICTS = [
  { verdict: "limit", title: "Hard-limit clashes", mark: "!!", word: "Hard limit", hint: "One of you has this as a hard limit; the other wants it." },
  { verdict: "conflict", title: "Conflicts", mark: "✕", word: "Conflict", hint: "One of you wants it, the other said no." },
  { verdict: "match", title: "Matches", mark: "✓", word: "Match", hint: "You both want it." },
  { verdict: "maybe", title: "Maybes", mark: "?", word: "Maybe", hint: "At least one of you said maybe." },
  { verdict: "neither", title: "Rated by only one of you", mark: "·", word: "One side", hint: "Only one of you rated it, or you both said no." },
];

function level(value) {
  if (!value) return h("span", { class: "muted" }, h("span", { "aria-hidden": "true" }, "—"), h("span", { class: "visually-hidden" }, "not rated"));
  return h("span", { class: `level-word level-${value}` }, LEVEL_LABELS[value] || value);
}

/** The page #/compare/<name>. */
export function renderCompare(app, name) {
  if (!name) return { element: h("p", {}, "No one named to compare with.") };
  const element = h("section", { class: "page compare", "aria-labelledby": "compare-title" });
  const results = h("div", { class: "compare-results" }, h("p", { role: "status" }, "Comparing…"));
  const mine = app.characters.filter((character) => nameKey(character) !== nameKey(name));
  let as = mine.find((character) => app.isMe(character)) || mine[0];
  const picker =
    mine.length > 1
      ? h(
          "div",
          { class: "field compare-as" },
          h("label", { for: "compare-as" }, "Compare as"),
          h("select", { id: "compare-as", on: { change: (event) => { as = event.target.value; load(); } } }, mine.map((character) => h("option", { value: character, selected: character === as }, character))),
        )
      : null;
  const load = () => {
    replace(results, h("p", { role: "status" }, "Comparing…"));
    app.api.get(`/api/v1/profiles/${segment(name)}/compare?as=${encodeURIComponent(as)}`).then(
      (comparison) => replace(results, ...draw(comparison)),
      (error) => replace(results, h("p", { role: "alert", class: "form-message error" }, error.status === 404 ? `There is no profile of ${name} to compare with.` : error.message)),
    );
  };
  replace(
    element,
    h("h1", { id: "compare-title" }, `Compare with ${name}`),
    h("div", { class: "button-row compare-tools" }, picker, h("button", { type: "button", on: { click: () => app.showProfile(name) } }, `${name}'s profile`)),
    results,
  );
  if (as) load();
  else replace(results, h("p", {}, "You have no other character to compare with."));
  return { title: `Compare with ${name}`, element };
}

function draw(comparison) {
  const rows = comparison.rows || [];
  const theirsHidden = rows.length > 0 && rows.every((row) => row.theirs === null || row.theirs === undefined);
  const groups = VERDICTS.map((kind) => ({ ...kind, rows: rows.filter((row) => row.verdict === kind.verdict) })).filter((group) => group.rows.length);
  const counts = groups.filter((group) => group.verdict !== "neither").map((group) => `${group.rows.length} ${group.rows.length === 1 ? group.word.toLowerCase() : group.title.toLowerCase()}`);
  const parts = [
    h("p", { class: "compare-summary", role: "status" }, counts.length ? `${comparison.as} and ${comparison.name}: ${counts.join(", ")}.` : `Nothing to compare yet between ${comparison.as} and ${comparison.name}.`),
  ];
  if (theirsHidden) parts.push(h("p", { class: "muted" }, `${comparison.name}'s kinks are not shown to you, so only your side appears.`));
  for (const group of groups) {
    const id = `compare-${group.verdict}`;
    const table = h(
      "table",
      { class: `compare-table verdict-${group.verdict}`, "aria-labelledby": id },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Kink"), h("th", { scope: "col" }, `${comparison.as} (you)`), h("th", { scope: "col" }, comparison.name))),
      h(
        "tbody",
        {},
        group.rows.map((row) =>
          h(
            "tr",
            { class: `compare-row verdict-${group.verdict}` },
            h("th", { scope: "row" }, h("span", { class: "verdict-mark", "aria-hidden": "true" }, group.mark), " ", row.name, row.kink === null ? h("span", { class: "muted small" }, " (custom)") : null, h("span", { class: "visually-hidden" }, `: ${group.word}`)),
            h("td", {}, level(row.mine)),
            h("td", {}, level(row.theirs)),
          ),
        ),
      ),
    );
    const section = h(
      "section",
      { class: `compare-group verdict-${group.verdict}` },
      h("h2", { id }, h("span", { class: "verdict-mark", "aria-hidden": "true" }, group.mark), " ", group.title, " ", h("span", { class: "count" }, `(${group.rows.length})`)),
      h("p", { class: "hint" }, group.hint),
      h("div", { class: "table-wrap" }, table),
    );
    parts.push(group.verdict === "neither" ? h("details", { class: "compare-neither" }, h("summary", {}, `${group.title} (${group.rows.length})`), section) : section);
  }
  return parts;
}
