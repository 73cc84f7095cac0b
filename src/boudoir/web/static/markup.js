// Message markup as DOM nodes. The server parses the markup (src/boudoir/wire/markup.py) and
// sends its tree beside the text as sent (docs/websocket.md, "Markup"): the browser never
// parses message text itself, so it cannot disagree with the server or the other clients
// about what is markup. It only builds elements from the tree, and checks it again: a tag it
// does not know shows its contents as text, a colour must be one of the twelve, and a link
// must be http or https. Every piece of text enters the page as a text node.

import { h } from "./dom.js";

const SIMPLE = { b: "strong", i: "em", u: "u", s: "s", sup: "sup", sub: "sub" };
export const COLOURS = new Set(["red", "orange", "yellow", "green", "cyan", "blue", "purple", "pink", "black", "white", "gray", "brown"]);

/** The http(s) URL of `href`, or null for anything else (javascript:, data:, relative). */
export function safeLink(href) {
  try {
    const url = new URL(String(href));
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** A message's body: its markup as elements when the server sent a tree, else its text.
 * `words` turns each piece of text into nodes (e.g. marking the words that mention you). */
export function messageBody(item, words = (text) => text) {
  return Array.isArray(item.markup) ? markupNodes(item.markup, words) : [words(item.text)];
}

/** The tree (strings and {tag, children, color|href}) as nodes and strings for h(). */
export function markupNodes(nodes, words = (text) => text) {
  return nodes.map((node) => {
    if (typeof node === "string") return words(node);
    if (!node || typeof node !== "object" || !Array.isArray(node.children)) return "";
    const children = markupNodes(node.children, words);
    if (Object.hasOwn(SIMPLE, node.tag)) return h(SIMPLE[node.tag], {}, children);
    if (node.tag === "color" && COLOURS.has(node.color)) return h("span", { class: ["bb-color", `bb-${node.color}`] }, children);
    if (node.tag === "spoiler") return spoiler(children);
    if (node.tag === "url") {
      const url = safeLink(node.href);
      if (url) return link(url, children);
    }
    return h("span", {}, children);
  });
}

function spoiler(children) {
  const element = h("span", { class: "spoiler", role: "button", tabindex: "0", "aria-expanded": "false", title: "Spoiler: select to show" }, children);
  const show = (event) => {
    if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    element.classList.add("shown");
    element.setAttribute("aria-expanded", "true");
    element.removeAttribute("role");
    element.removeAttribute("tabindex");
  };
  element.addEventListener("click", show, { once: true });
  element.addEventListener("keydown", show);
  return element;
}

function link(url, children) {
  const anchor = h("a", { href: url.href, rel: "noopener noreferrer", target: "_blank", class: "bb-link" }, children);
  anchor.addEventListener("click", (event) => {
    event.preventDefault();
    leaveNotice(url);
  });
  return anchor;
}

/** Ask before leaving for another site, naming its host; open it only on a yes. */
export function leaveNotice(url) {
  const go = h("button", { type: "button", class: "primary" }, `Open ${url.host}`);
  const stay = h("button", { type: "button" }, "Stay here");
  const dialog = h(
    "dialog",
    { class: "leave-notice", "aria-labelledby": "leave-notice-title" },
    h("h2", { id: "leave-notice-title" }, "You are leaving Boudoir"),
    h("p", {}, "This link goes to ", h("strong", { class: "leave-host" }, url.host), ", a site Boudoir does not control."),
    h("p", { class: "leave-address" }, url.href),
    h("div", { class: "actions" }, stay, go),
  );
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  stay.addEventListener("click", close);
  dialog.addEventListener("cancel", () => dialog.remove());
  go.addEventListener("click", () => {
    window.open(url.href, "_blank", "noopener,noreferrer");
    close();
  });
  document.body.append(dialog);
  dialog.showModal();
  stay.focus();
  return dialog;
}
