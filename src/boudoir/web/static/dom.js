// DOM helpers. Everything that comes from a user or the server enters the page as text:
// h() turns string children into text nodes and never parses HTML.

/**
 * Build an element. attrs: plain attributes, plus `class`, `on` (event name -> handler),
 * `dataset`, and boolean properties (`hidden`, `disabled`, `checked`, `selected`, `required`).
 * Children: nodes, strings (inserted as text), numbers, null/false (skipped) or arrays.
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "on") {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (key === "dataset") {
      Object.assign(element.dataset, value);
    } else if (key === "class") {
      element.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (BOOLEAN_PROPERTIES.has(key)) {
      element[key] = Boolean(value);
    } else if (key === "value") {
      element.value = value;
    } else {
      element.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

const BOOLEAN_PROPERTIES = new Set(["hidden", "disabled", "checked", "selected", "required", "multiple"]);

/** Append children (same rules as h()) to element. */
export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replace all of element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/**
 * The comparison form of a name. The server uses NFKC plus Unicode case folding; NFKC and
 * toLowerCase agree with it for every name the server accepts in practice (letters, digits,
 * '_' and '-'), which is all the client needs to match people and rooms.
 */
export function nameKey(name) {
  return String(name).normalize("NFKC").toLowerCase();
}

// Twelve hues picked to keep 4.5:1 contrast on both themes: the CSS gives each class a
// lighter shade in the dark theme. Twelve is enough to tell a busy room apart without
// neighbouring hues becoming indistinguishable.
const NAME_COLOURS = 12;

/** The palette class for a name: the same for a person everywhere, in either theme. */
export function nameColourClass(name) {
  let hash = 2166136261; // FNV-1a: small, fast, and spreads short similar names well
  for (const char of nameKey(name)) {
    hash ^= char.codePointAt(0);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return `name-c${hash % NAME_COLOURS}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** A <time> element for an ISO 8601 timestamp (now when missing). */
export function timeElement(iso) {
  const date = iso ? new Date(iso) : new Date();
  return h("time", { datetime: date.toISOString(), title: fullFormat.format(date) }, timeFormat.format(date));
}

/** Trigger a download of text as a file, without a navigation. */
export function download(filename, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: filename, class: "visually-hidden" });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
