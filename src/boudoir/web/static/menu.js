// Menu buttons (WAI-ARIA "menu button" pattern): the button opens its menu with a click,
// Enter or Space; arrows move between items; Escape or Tab closes it and focus returns to
// the button; a click elsewhere closes it. At most one menu is open at a time.

import { h } from "./dom.js";

let open = null; // {menu, button, close}
let count = 0;

/** Close whatever menu is open when the click lands outside it (installed once by boot). */
export function installMenus() {
  document.addEventListener("click", (event) => {
    if (open && !open.menu.contains(event.target) && !open.button.contains(event.target)) open.close(false);
  });
}

/**
 * A menu item: `label`, `action` (run after the menu closed), optional `checked` (a radio
 * item), `danger`. Null entries are skipped; the string "-" is a separator.
 */
export function menuButton({ label, items, buttonClass = "menu-button", menuLabel, align = "right" }) {
  const id = `menu-${++count}`;
  const menu = h("div", { class: ["menu", align === "left" && "menu-left"], id, role: "menu", "aria-label": menuLabel, hidden: true });
  const button = h("button", { type: "button", class: buttonClass, "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": id }, label);
  const entry = { menu, button, close };

  function close(returnFocus = true) {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (open === entry) open = null;
    if (returnFocus) button.focus();
  }

  const show = () => {
    if (open && open !== entry) open.close(false);
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    open = entry;
    const first = menu.querySelector("[role^=menuitem]");
    if (first) first.focus();
  };

  button.addEventListener("click", () => (menu.hidden ? show() : close()));
  menu.addEventListener("keydown", (event) => {
    const items = [...menu.querySelectorAll("[role^=menuitem]")];
    const index = items.indexOf(document.activeElement);
    if (event.key === "ArrowDown") items[(index + 1) % items.length].focus();
    else if (event.key === "ArrowUp") items[(index - 1 + items.length) % items.length].focus();
    else if (event.key === "Home") items[0].focus();
    else if (event.key === "End") items[items.length - 1].focus();
    else if (event.key === "Escape") close();
    else if (event.key === "Tab") {
      close(false);
      return; // let the focus move on as Tab does
    } else return;
    event.preventDefault();
    event.stopPropagation();
  });

  for (const item of items) {
    if (!item) continue;
    if (item === "-") {
      menu.append(h("hr", { "aria-hidden": "true" }));
      continue;
    }
    const radio = item.checked !== undefined;
    menu.append(
      h(
        "button",
        {
          type: "button",
          role: radio ? "menuitemradio" : "menuitem",
          "aria-checked": radio ? String(item.checked) : null,
          tabindex: "-1",
          class: item.danger ? "danger-item" : null,
          on: {
            click: () => {
              // Focus goes back to the button first, so that an action that opens something
              // (a form, a panel) can move it on from there.
              close();
              item.action();
            },
          },
        },
        item.label,
      ),
    );
  }
  return { element: h("div", { class: "menu-wrap" }, button, menu), button, menu, close };
}
