// A room's ads lane: "looking for roleplay" ads, apart from the chat (docs/websocket.md,
// "Ads"), and the form to post one. Shown only in rooms whose owner lets them take ads.

import { h, replace, timeElement } from "./dom.js";
import { messageArea } from "./forms.js";

// The server's bounds: 1000 characters an ad; the lane keeps the latest this many.
const MAX_AD_CHARS = 1000;
const KEPT_ADS = 50;

/** Add ads (from the `ads` reply or an `ad` event) to the conversation, none twice. */
export function addAds(app, conversation, ads) {
  const known = new Set((conversation.ads || []).map((ad) => ad.id));
  const fresh = ads.filter((ad) => !known.has(ad.id));
  if (!fresh.length) return;
  conversation.ads = [...(conversation.ads || []), ...fresh].sort((a, b) => String(a.at).localeCompare(String(b.at))).slice(-KEPT_ADS);
  app.emit("ads:" + conversation.key);
}

/** The ads lane of `conversation`'s page; `cleanup` stops listening. */
export function adsSection(app, conversation) {
  const count = h("span", { class: "count" });
  const list = h("ol", { class: "ads-list", "aria-label": `Ads in #${conversation.name}` });
  const messages = messageArea();
  const text = h("textarea", { id: "ad-text", rows: "2", maxlength: String(MAX_AD_CHARS), "aria-describedby": "ad-text-hint" });
  const post = h("button", { type: "submit", class: "primary small" }, "Post ad");
  const form = h(
    "form",
    { class: "ad-form", "aria-label": "Post an ad" },
    h("div", { class: "field" }, h("label", { for: text.id }, "Your ad"), text, h("p", { class: "hint", id: "ad-text-hint" }, "What you are looking for. One ad per room every ten minutes; your favourite kinks go with it only if everyone may see your kinks.")),
    post,
    messages.element,
  );
  const details = h("details", { class: "ads-lane", id: "ads-lane" }, h("summary", { class: "ads-summary" }, "Ads ", count), h("div", { class: "ads-body" }, list, form));
  // Folded until opened (the chat keeps the room), then as its reader left it in this room.
  details.open = Boolean(conversation.adsOpen);
  details.addEventListener("toggle", () => (conversation.adsOpen = details.open));
  let asked = false;

  const draw = () => {
    const ads = conversation.ads || [];
    count.textContent = `(${ads.length})`;
    replace(
      list,
      ads.length
        ? [...ads].reverse().map((ad) =>
            h(
              "li",
              { class: "ad" },
              h("div", { class: "ad-head" }, h("button", { type: "button", class: "name link-button", on: { click: () => app.showProfile(ad.from) } }, ad.from), " ", timeElement(ad.at)),
              h("p", { class: "ad-text" }, ad.text),
              ad.tags && ad.tags.length ? h("ul", { class: "tags", "aria-label": `Favourites of ${ad.from}` }, ad.tags.map((tag) => h("li", { class: "tag" }, tag))) : null,
            ),
          )
        : h("li", { class: "muted" }, "No ads yet."),
    );
  };
  const show = () => {
    const on = Boolean(conversation.room && conversation.room.ads);
    details.hidden = !on;
    if (on && !asked && conversation.joined && app.connection && app.connection.isOpen) {
      asked = true;
      app.connection.request("ads", { room: conversation.name }).then(
        (reply) => addAds(app, conversation, reply.ads || []),
        () => (asked = false), // asked again at the next change
      );
    }
    draw();
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const words = text.value.trim();
    if (!words) {
      messages.error("Write what you are looking for first.");
      text.focus();
      return;
    }
    post.disabled = true;
    messages.clear();
    try {
      await app.connection.request("ad", { room: conversation.name, text: words });
      text.value = "";
      messages.ok("Your ad is posted.");
    } catch (error) {
      // `throttled` says when the next may go; the text stays to post then.
      messages.error(error.message);
    } finally {
      post.disabled = false;
    }
  });
  const offAds = app.on("ads:" + conversation.key, draw);
  const offRoom = app.on("room:" + conversation.key, show);
  show();
  return {
    element: details,
    cleanup: () => {
      offAds();
      offRoom();
    },
  };
}
