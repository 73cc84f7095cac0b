// The kink list: the server's catalogue (GET /api/v1/kinks, fetched once per page load), the
// editor of a character's levels (by category, folded, with a filter: the list has about 200
// entries) and its kinks of its own.

import { h, replace } from "./dom.js";

export const KINK_LEVELS = [["favourite", "Favourite"], ["yes", "Yes"], ["maybe", "Maybe"], ["no", "No"]];
export const LEVEL_LABELS = Object.fromEntries(KINK_LEVELS);

// The server's bounds (docs/http-api.md): at most 50 kinks of one's own.
const MAX_CUSTOM_KINKS = 50;
const MAX_CUSTOM_NAME = 64;
const MAX_CUSTOM_DESCRIPTION = 300;

/** The catalogue, asked for once: {version, categories: [{id, name, kinks: [{id, name, description}]}]}. */
export function loadCatalogue(app) {
  if (!app.kinkCatalogue) {
    app.kinkCatalogue = app.api.get("/api/v1/kinks").catch((error) => {
      app.kinkCatalogue = null; // asked again next time
      throw error;
    });
  }
  return app.kinkCatalogue;
}

/** id -> {name, description, category} for every kink of the catalogue. */
export function kinkIndex(catalogue) {
  const index = new Map();
  for (const category of (catalogue && catalogue.categories) || []) {
    for (const kink of category.kinks) index.set(kink.id, { ...kink, category: category.name });
  }
  return index;
}

function levelSelect(attrs, level) {
  return h(
    "select",
    { class: "kink-level", ...attrs },
    h("option", { value: "", selected: !level }, "Not set"),
    KINK_LEVELS.map(([value, label]) => h("option", { value, selected: value === level }, label)),
  );
}

/**
 * The editor of `kinks` ({id: level}) over `catalogue`, and of `custom` ([{name, description,
 * level}]). Returns {element, value()}; value() gives {kinks, custom_kinks} as PATCH takes them.
 */
export function kinkEditor(catalogue, kinks = {}, custom = []) {
  const rows = [];
  const categories = catalogue.categories.map((category) => {
    const count = h("span", { class: "count" });
    const items = category.kinks.map((kink) => {
      const id = `kink-${kink.id}`;
      const select = levelSelect({ id, dataset: { kink: kink.id }, "aria-describedby": kink.description ? `${id}-hint` : null }, kinks[kink.id] || "");
      const row = h(
        "li",
        { class: "kink-row" },
        h("label", { for: id, class: "kink-name" }, kink.name),
        select,
        kink.description ? h("p", { class: "hint kink-hint", id: `${id}-hint` }, kink.description) : null,
      );
      const text = `${kink.name} ${kink.description || ""}`.toLowerCase();
      rows.push({ row, select, text });
      return { row, select, text };
    });
    const details = h("details", { class: "kink-category" }, h("summary", {}, h("span", { class: "kink-category-name" }, category.name), " ", count), h("ul", { class: "kink-rows" }, items.map((item) => item.row)));
    const showCount = () => {
      const set = items.filter((item) => item.select.value).length;
      count.textContent = set ? `(${set} of ${items.length} set)` : `(${items.length})`;
    };
    details.addEventListener("change", showCount);
    showCount();
    return { details, items, open: false };
  });

  const total = h("p", { class: "hint", "aria-live": "polite" });
  const showTotal = () => {
    const set = rows.filter((item) => item.select.value).length;
    total.textContent = `${set} of ${rows.length} kinks set.`;
  };
  showTotal();
  const filter = h("input", { type: "search", id: "kink-filter", "aria-describedby": "kink-filter-hint", autocomplete: "off", placeholder: "bondage, praise…" });
  const onlySet = h("input", { type: "checkbox", id: "kink-only-set" });
  const nothing = h("p", { class: "muted", hidden: true }, "No kink matches.");
  const applyFilter = () => {
    const words = filter.value.trim().toLowerCase().split(/\s+/u).filter(Boolean);
    const narrowed = words.length > 0 || onlySet.checked;
    let shown = 0;
    for (const category of categories) {
      let visible = 0;
      for (const item of category.items) {
        const show = words.every((word) => item.text.includes(word)) && (!onlySet.checked || item.select.value);
        item.row.hidden = !show;
        if (show) visible += 1;
      }
      category.details.hidden = visible === 0;
      // Narrowed, every category with a match opens; widened again, each goes back to how
      // its reader left it.
      if (narrowed) category.details.open = visible > 0;
      else category.details.open = category.open;
      shown += visible;
    }
    nothing.hidden = shown > 0;
  };
  for (const category of categories) {
    category.details.addEventListener("toggle", () => {
      if (!filter.value.trim() && !onlySet.checked) category.open = category.details.open;
    });
  }
  filter.addEventListener("input", applyFilter);
  onlySet.addEventListener("change", applyFilter);

  const customList = h("ul", { class: "custom-kinks", "aria-label": "Kinks of your own" });
  const addCustom = h("button", { type: "button", class: "small" }, "Add a kink of your own");
  const customHint = h("p", { class: "hint" }, `Up to ${MAX_CUSTOM_KINKS}, for what the list does not name.`);
  const customRow = (kink = { name: "", description: "", level: "yes" }) => {
    const row = h(
      "li",
      { class: "custom-kink" },
      h("input", { class: "custom-kink-name", "aria-label": "Name of your kink", value: kink.name, maxlength: String(MAX_CUSTOM_NAME), placeholder: "Name" }),
      levelSelect({ "aria-label": "Level of your kink", class: "kink-level custom-kink-level" }, kink.level),
      h("input", { class: "custom-kink-description", "aria-label": "Description of your kink", value: kink.description || "", maxlength: String(MAX_CUSTOM_DESCRIPTION), placeholder: "Description (optional)" }),
    );
    row.append(h("button", { type: "button", class: "small", on: { click: () => { row.remove(); showAdd(); addCustom.focus(); } } }, "Remove"));
    return row;
  };
  const showAdd = () => {
    const full = customList.children.length >= MAX_CUSTOM_KINKS;
    addCustom.disabled = full;
    customHint.textContent = full ? `That is the most: ${MAX_CUSTOM_KINKS} kinks of your own.` : `Up to ${MAX_CUSTOM_KINKS}, for what the list does not name.`;
  };
  for (const kink of custom) customList.append(customRow(kink));
  addCustom.addEventListener("click", () => {
    const row = customRow();
    customList.append(row);
    showAdd();
    row.querySelector("input").focus();
  });
  showAdd();

  const element = h(
    "div",
    { class: "kink-editor" },
    h(
      "fieldset",
      { class: "kink-list" },
      h("legend", {}, "Kinks"),
      h("p", { class: "hint" }, "Favourite, Yes, Maybe or No for what you want people to know; leave the rest unset. Open a category to see its kinks."),
      h(
        "div",
        { class: "kink-filter" },
        h("div", { class: "field" }, h("label", { for: filter.id }, "Filter kinks"), filter, h("p", { class: "hint", id: "kink-filter-hint" }, "Type words from a kink's name or description: matching categories open.")),
        h("div", { class: "check" }, onlySet, h("label", { for: onlySet.id }, "Only those I have set")),
      ),
      total,
      nothing,
      categories.map((category) => category.details),
    ),
    h("fieldset", { class: "custom-kink-list" }, h("legend", {}, "Kinks of your own"), customHint, customList, addCustom),
  );
  element.addEventListener("change", showTotal);
  return {
    element,
    value() {
      const chosen = {};
      for (const item of rows) if (item.select.value) chosen[item.select.dataset.kink] = item.select.value;
      const own = [...customList.querySelectorAll(".custom-kink")]
        .map((row) => ({
          name: row.querySelector(".custom-kink-name").value.trim(),
          description: row.querySelector(".custom-kink-description").value.trim(),
          level: row.querySelector(".custom-kink-level").value,
        }))
        .filter((kink) => kink.name);
      return { kinks: chosen, custom_kinks: own };
    },
  };
}

/** A list of someone's kinks grouped by level (favourites first), for the profile viewer. */
export function kinkSummary(index, kinks = {}, custom = []) {
  const groups = KINK_LEVELS.map(([level, label]) => {
    const names = [
      ...Object.entries(kinks).filter(([, value]) => value === level).map(([id]) => (index.get(id) || { name: id }).name),
      ...custom.filter((kink) => kink.level === level).map((kink) => kink.name),
    ].sort((a, b) => a.localeCompare(b));
    return { level, label, names };
  }).filter((group) => group.names.length);
  if (!groups.length) return h("p", { class: "muted" }, "No kinks set.");
  const list = h("div", { class: "kink-summary" });
  replace(
    list,
    groups.map((group) =>
      h("section", { class: `kink-group level-${group.level}`, "aria-label": `${group.label}: ${group.names.length}` }, h("h4", {}, h("span", { class: "kink-level-word" }, group.label), " ", h("span", { class: "count" }, `(${group.names.length})`)), h("ul", { class: "tags" }, group.names.map((name) => h("li", { class: "tag" }, name)))),
    ),
  );
  return list;
}
