// A character's picture: the uploaded image where the viewer may see it, otherwise the
// initials on a colour derived from the name (the same colour as the name everywhere).

import { h, nameColourClass } from "./dom.js";
import { segment } from "./api.js";

/** The address of a character's image; `version` defeats the cache after an upload. */
export function imageUrl(name, version = "") {
  return `/api/v1/profiles/${segment(name)}/image${version ? `?v=${encodeURIComponent(version)}` : ""}`;
}

/** Up to two letters standing for a name: its words' first letters, or its first two. */
export function initials(name) {
  const words = String(name).split(/[\s_-]+/u).filter(Boolean);
  const letters = words.length > 1 ? words.slice(0, 2).map((word) => [...word][0]) : [...(words[0] || "?")].slice(0, 2);
  return letters.join("").toUpperCase();
}

/** The initials badge, for a character without a picture (or one you may not see). */
export function initialsBadge(name, size = "large") {
  return h("span", { class: ["avatar", "avatar-initials", `avatar-${size}`, nameColourClass(name)], role: "img", "aria-label": `${name} (no picture)` }, h("span", { "aria-hidden": "true" }, initials(name)));
}

/**
 * The picture of `name`: with `hasImage`, the image (falling back to the initials if it
 * cannot be loaded, as when its visibility changed meanwhile); otherwise the initials.
 */
export function avatar(name, { hasImage = false, version = "", size = "large" } = {}) {
  if (!hasImage) return initialsBadge(name, size);
  const image = h("img", { class: ["avatar", `avatar-${size}`], src: imageUrl(name, version), alt: `Picture of ${name}` });
  image.addEventListener("error", () => image.replaceWith(initialsBadge(name, size)), { once: true });
  return image;
}
