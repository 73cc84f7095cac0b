// Form helpers shared by the pages: labelled fields and an error area that is announced.

import { h, replace } from "./dom.js";

let fieldCount = 0;

/** A labelled control: returns {wrap, control}. `hint` is tied with aria-describedby. */
export function field(label, control, hint = null) {
  const id = control.id || `field-${++fieldCount}`;
  control.id = id;
  const hintElement = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintElement) control.setAttribute("aria-describedby", hintElement.id);
  return { wrap: h("div", { class: "field" }, h("label", { for: id }, label), control, hintElement), control };
}

/** A form's message area: role="alert" for errors, role="status" for confirmations. */
export function messageArea() {
  const area = h("div", { class: "form-message", hidden: true });
  return {
    element: area,
    error(text) {
      area.className = "form-message error";
      area.setAttribute("role", "alert");
      replace(area, text);
      area.hidden = false;
    },
    ok(text) {
      area.className = "form-message ok";
      area.setAttribute("role", "status");
      replace(area, text);
      area.hidden = false;
    },
    clear() {
      area.hidden = true;
      replace(area);
    },
  };
}

/** Run an async submit with the button disabled; show the ApiError's message on failure. */
export async function submitting(button, messages, action) {
  button.disabled = true;
  messages.clear();
  try {
    return await action();
  } catch (error) {
    messages.error(error.message);
    return undefined;
  } finally {
    button.disabled = false;
  }
}
