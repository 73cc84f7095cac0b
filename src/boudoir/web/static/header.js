// The header's menu: who you act as (switch, new, edit), your status and status message,
// settings and log out.

import { h, replace } from "./dom.js";
import { menuButton } from "./menu.js";
import { STATUSES } from "./composer.js";
import { statusLabel } from "./lobby.js";

const STATUS_MESSAGE_CHARS = 200; // as the lobby's status form: a line, not a profile

export function renderHeader(app) {
  const actions = app.el.actions;
  if (!app.session) {
    replace(actions);
    return;
  }
  const failed = (error) => app.announce(error.message, { visible: true });
  const status = app.myStatus.status;
  const { element, button } = menuButton({
    menuLabel: "Characters and status",
    label: [
      h("span", { class: `status-dot status-${status}`, "aria-hidden": "true" }),
      h("span", { class: "visually-hidden" }, "Acting as "),
      app.character || "…",
      h("span", { class: "visually-hidden" }, `, ${statusLabel(status)}`),
      h("span", { "aria-hidden": "true" }, " ▾"),
    ],
    items: [
      ...app.characters.map((name) => ({
        label: name,
        checked: app.isMe(name),
        action: () => !app.isMe(name) && app.switchCharacter(name).catch(failed),
      })),
      "-",
      ...STATUSES.map((value) => ({
        label: statusLabel(value),
        checked: value === status,
        action: () => value !== status && app.setStatus(value, app.myStatus.message).catch(failed),
      })),
      { label: "Status message…", action: () => openStatusForm(app, button) },
      "-",
      { label: "New character…", action: () => app.navigate("#/characters/new") },
      { label: "Edit characters", action: () => app.navigate("#/characters") },
      { label: "Settings", action: () => app.navigate("#/settings") },
      { label: "Log out", action: () => app.logOut() },
    ],
  });
  button.id = "character-button";
  replace(actions, element);
}

/** A small form under the header's menu button for the status message; Escape cancels. */
function openStatusForm(app, button) {
  const existing = document.getElementById("status-form");
  if (existing) existing.remove();
  const input = h("input", { id: "status-message-input", maxlength: String(STATUS_MESSAGE_CHARS), value: app.myStatus.message, placeholder: "Up for a slow-burn mystery" });
  const error = h("p", { class: "form-message error", role: "alert", hidden: true });
  const save = h("button", { type: "submit", class: "primary small" }, "Save");
  const form = h(
    "form",
    { class: "popover", id: "status-form", "aria-label": "Set your status message" },
    h("label", { for: input.id }, "Status message"),
    input,
    error,
    h("div", { class: "button-row" }, save, h("button", { type: "button", class: "small", on: { click: () => done() } }, "Cancel")),
  );
  const done = () => {
    form.remove();
    // The header may have been rebuilt meanwhile (the status changed): focus the new button.
    (document.getElementById("character-button") || button).focus();
  };
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      done();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save.disabled = true;
    app.setStatus(app.myStatus.status, input.value.trim()).then(
      () => done(),
      (failure) => {
        save.disabled = false;
        error.textContent = failure.message;
        error.hidden = false;
      },
    );
  });
  button.parentElement.append(form);
  input.focus();
}
