// The settings page: privacy, ratings, theme, mentions and notifications, password, sessions, export and erasure.

import { h, replace, timeElement } from "./dom.js";
import { field, messageArea, submitting } from "./forms.js";
import { AGE_STATEMENT } from "./auth.js";
import { attentionCard } from "./attention.js";

const THEME_STORAGE = "boudoir.theme"; // theme.js reads it before the first paint

/** Apply the saved theme: "light", "dark", or "system" (follow prefers-color-scheme). */
export function applyTheme(theme = localStorage.getItem(THEME_STORAGE) || "system") {
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

const DM_POLICIES = [
  ["anyone", "Anyone (strangers' first messages wait as requests)"],
  ["shared_room", "People I share a room with"],
  ["friends", "Friends only"],
  ["nobody", "Nobody"],
];
const VISIBILITIES = [
  ["everyone", "Everyone"],
  ["friends", "Friends only"],
  ["nobody", "Nobody (appear offline)"],
];

function select(name, options, value) {
  return h("select", { name }, options.map(([optionValue, label]) => h("option", { value: optionValue, selected: optionValue === value }, label)));
}

function card(id, title, ...children) {
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

export function renderSettings(app) {
  const element = h("section", { class: "page settings", "aria-labelledby": "settings-title" }, h("h1", { id: "settings-title" }, "Settings"), h("p", { role: "status" }, "Loading…"));
  app.api.get("/api/v1/account").then(
    (account) => fill(app, element, account),
    (error) => replace(element, h("h1", { id: "settings-title" }, "Settings"), h("p", { role: "alert" }, error.message)),
  );
  return { title: "Settings", element };
}

function fill(app, element, account) {
  app.account = { ...app.account, ...account };
  replace(element, h("h1", { id: "settings-title" }, "Settings"), privacyCard(app, account), appearanceCard(), attentionCard(app), passwordCard(app), sessionsCard(app), dataCard(app));
}

function privacyCard(app, account) {
  const messages = messageArea();
  const dm = field("Who may send me direct messages", select("dm_policy", DM_POLICIES, account.dm_policy));
  const presence = field("Who may see when I am online", select("presence_visibility", VISIBILITIES, account.presence_visibility));
  const ratings = ["general", "mature", "adult"].map((rating) => {
    const box = h("input", {
      type: "checkbox",
      name: "ratings",
      value: rating,
      id: `rating-${rating}`,
      checked: rating === "general" || account.ratings.includes(rating),
      disabled: rating === "general" || !account.attested,
    });
    return { rating, box, wrap: h("div", { class: "check" }, box, h("label", { for: box.id }, { general: "General", mature: "Mature", adult: "Adult" }[rating])) };
  });
  const attestArea = h("div", { class: "attest" });
  if (!account.attested) {
    const button = h("button", { type: "button" }, "I confirm this statement");
    button.addEventListener("click", () =>
      submitting(button, messages, async () => {
        const updated = await app.api.post("/api/v1/account/attestation", { attest: true });
        app.announce("Age statement confirmed: you may now opt in to mature and adult rooms.");
        slot.replaceWith(privacyCard(app, updated));
      }),
    );
    replace(attestArea, h("p", {}, "To opt in to mature or adult rooms, confirm: "), h("blockquote", {}, AGE_STATEMENT), button);
  }
  const save = h("button", { type: "submit", class: "primary" }, "Save privacy settings");
  const form = h(
    "form",
    { class: "stack" },
    dm.wrap,
    presence.wrap,
    h("fieldset", {}, h("legend", {}, "Ratings I want to see"), ratings.map((r) => r.wrap)),
    attestArea,
    save,
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(save, messages, async () => {
      const updated = await app.api.patch("/api/v1/account/settings", {
        dm_policy: dm.control.value,
        presence_visibility: presence.control.value,
        ratings: ratings.filter((r) => r.box.checked).map((r) => r.rating),
      });
      app.account = { ...app.account, ...updated };
      // Other ratings list other rooms: the directory is asked for again.
      if (app.connection && app.connection.isOpen) app.refreshRooms().catch(() => {});
      messages.ok("Saved.");
    });
  });
  const slot = card("privacy-title", "Privacy and content", form);
  return slot;
}

function appearanceCard() {
  const current = localStorage.getItem(THEME_STORAGE) || "system";
  const options = [["system", "Same as my device"], ["light", "Light"], ["dark", "Dark"]].map(([value, label]) => {
    const radio = h("input", { type: "radio", name: "theme", value, id: `theme-${value}`, checked: value === current });
    radio.addEventListener("change", () => {
      localStorage.setItem(THEME_STORAGE, value);
      applyTheme(value);
    });
    return h("div", { class: "check" }, radio, h("label", { for: radio.id }, label));
  });
  return card("appearance-title", "Appearance", h("fieldset", {}, h("legend", {}, "Theme"), options));
}

function passwordCard(app) {
  const messages = messageArea();
  const old = field("Current password", h("input", { type: "password", autocomplete: "current-password", required: true }));
  const fresh = field("New password", h("input", { type: "password", autocomplete: "new-password", required: true }));
  const save = h("button", { type: "submit" }, "Change password");
  const form = h("form", { class: "stack" }, old.wrap, fresh.wrap, save, messages.element);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(save, messages, async () => {
      await app.api.post("/api/v1/account/password", { old_password: old.control.value, new_password: fresh.control.value });
      form.reset();
      messages.ok("Password changed.");
    });
  });
  return card("password-title", "Password", form);
}

function sessionsCard(app) {
  const list = h("ul", { class: "sessions" }, h("li", {}, "Loading…"));
  const messages = messageArea();
  const load = () =>
    app.api.get("/api/v1/sessions").then(
      (reply) =>
        replace(
          list,
          reply.sessions.map((session) =>
            h(
              "li",
              { class: "session" },
              h("span", { class: "session-client" }, session.client || "Unknown client", session.current ? h("span", { class: "badge" }, "This browser") : null),
              h("span", { class: "muted" }, "Since ", timeElement(session.created_at), ", last seen ", timeElement(session.last_seen_at)),
              session.current
                ? null
                : h("button", { type: "button", class: "small", on: { click: (event) => submitting(event.currentTarget, messages, async () => {
                    await app.api.delete(`/api/v1/sessions/${encodeURIComponent(session.id)}`);
                    messages.ok("That session is logged out.");
                    await load();
                  }) } }, "Log out"),
            ),
          ),
        ),
      (error) => messages.error(error.message),
    );
  load();
  return card("sessions-title", "Where you are logged in", list, messages.element);
}

function dataCard(app) {
  const messages = messageArea();
  const password = field("Password, to confirm", h("input", { type: "password", autocomplete: "current-password", required: true }));
  const erase = h("button", { type: "submit", class: "danger" }, "Erase my account now");
  const confirmArea = h("div", { class: "confirm", role: "group", "aria-labelledby": "erase-question", hidden: true });
  const form = h("form", { class: "stack" }, h("p", {}, "Erasing removes your account and all its characters at once. It cannot be undone."), password.wrap, erase, confirmArea, messages.element);
  const cancel = () => {
    confirmArea.hidden = true;
    replace(confirmArea);
    erase.hidden = false;
    erase.focus();
  };
  const eraseNow = (button) =>
    submitting(button, messages, async () => {
      await app.api.delete("/api/v1/account", { password: password.control.value });
      // The server closes this browser's socket (4000); a new account may be made here.
      app.signedOut();
      app.navigate("#/signup");
      app.announce("Your account and all its characters are erased.", { visible: true });
    }).then(() => {
      // Refused (a wrong password): back to the first step, the reason shown below it.
      if (document.contains(form) && !messages.element.hidden && messages.element.classList.contains("error")) cancel();
    });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // Two steps instead of a browser dialog: nothing brings an erased account back.
    const yes = h("button", { type: "button", class: "danger", on: { click: () => eraseNow(yes) } }, "Yes, erase everything");
    replace(
      confirmArea,
      h("p", { id: "erase-question" }, `Erase ${app.account.name} and all its characters for good?`),
      h("div", { class: "button-row" }, yes, h("button", { type: "button", on: { click: cancel } }, "Keep my account")),
    );
    confirmArea.hidden = false;
    erase.hidden = true;
    yes.focus();
  });
  confirmArea.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      cancel();
    }
  });
  return card(
    "data-title",
    "Your data",
    h("p", {}, h("a", { href: "/api/v1/account/export", download: "boudoir-export.json", class: "button" }, "Download my data (JSON)")),
    form,
  );
}
