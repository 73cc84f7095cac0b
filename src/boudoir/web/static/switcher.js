// Ctrl+K: a quick switcher over rooms, direct messages and pages.

import { h, nameKey, replace } from "./dom.js";

export function openSwitcher(app) {
  const panel = app.el.panel;
  const input = h("input", { type: "search", "aria-label": "Go to a room or person", placeholder: "Go to…", autocomplete: "off", role: "combobox", "aria-controls": "switcher-list", "aria-expanded": "true" });
  const list = h("ul", { class: "switcher-list", id: "switcher-list", role: "listbox", "aria-label": "Matches" });
  const targets = () => [
    ...app.orderedConversations().map((c) => ({ label: c.label, route: c.route, unread: c.unread })),
    { label: "Lobby", route: "#/lobby" },
    { label: "Requests", route: "#/requests" },
    { label: "Settings", route: "#/settings" },
    { label: "Characters", route: "#/characters" },
  ];
  let matches = [];
  const go = (target) => {
    panel.hidden = true;
    app.el.root.classList.remove("panel-open");
    replace(panel);
    app.navigate(target.route);
  };
  const show = () => {
    const query = nameKey(input.value.trim().replace(/^#/u, ""));
    matches = targets().filter((t) => nameKey(t.label.replace(/^#/u, "")).includes(query));
    replace(list, matches.map((t, index) => h("li", { role: "option", "aria-selected": String(index === 0) }, h("button", { type: "button", tabindex: "-1", on: { click: () => go(t) } }, t.label, t.unread ? ` (${t.unread} unread)` : ""))));
  };
  input.addEventListener("input", show);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && matches.length) {
      event.preventDefault();
      go(matches[0]);
    }
  });
  replace(panel, h("div", { class: "panel-head" }, h("h2", { id: "panel-title" }, "Switch to")), h("div", { class: "panel-body" }, input, list));
  panel.hidden = false;
  app.el.root.classList.add("panel-open");
  show();
  input.focus();
}
