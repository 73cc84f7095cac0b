// Log in and sign up (with the age gate).

import { h } from "./dom.js";
import { field, messageArea, submitting } from "./forms.js";

export const AGE_STATEMENT =
  "I am at least 18 years old and of legal age to view adult content where I live, and I want to take part in adult roleplay.";

function authPage(title, form, footer) {
  return h(
    "section",
    { class: "auth", "aria-labelledby": "auth-title" },
    h("div", { class: "auth-card" }, h("img", { src: "/static/icon.svg", alt: "", width: "48", height: "48", class: "auth-logo" }), h("h1", { id: "auth-title" }, title), form, footer),
  );
}

export function renderLogin(app) {
  const name = field("Character or account name", h("input", { name: "name", autocomplete: "username", required: true, autocapitalize: "off", spellcheck: "false" }));
  const password = field("Password", h("input", { name: "password", type: "password", autocomplete: "current-password", required: true }));
  const messages = messageArea();
  const button = h("button", { type: "submit", class: "primary" }, "Log in");
  const form = h("form", { class: "stack", "aria-describedby": "login-intro" }, h("p", { id: "login-intro", class: "muted" }, "Welcome back. First time here? ", h("a", { href: "#/signup" }, "Create an account"), ": it takes a minute."), messages.element, name.wrap, password.wrap, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(button, messages, async () => {
      const session = await app.api.post("/api/v1/session", { name: name.control.value.trim(), password: password.control.value });
      app.start(session);
      app.navigate("#/lobby");
    });
  });
  return {
    title: "Log in",
    element: authPage("Log in to Boudoir", form, h("p", { class: "auth-footer" }, "New here? ", h("a", { href: "#/signup" }, "Create an account"))),
    focus: name.control,
  };
}

export function renderSignup(app) {
  const name = field(
    "Name",
    h("input", { name: "name", autocomplete: "username", required: true, minlength: "2", maxlength: "24", autocapitalize: "off", spellcheck: "false" }),
    "Your account and first character. 2 to 24 letters, digits, _ or -, starting with a letter.",
  );
  const password = field("Password", h("input", { name: "password", type: "password", autocomplete: "new-password", required: true }), "Use a long passphrase you do not use elsewhere.");
  const born = field("Date of birth", h("input", { name: "born", type: "date", required: true, max: new Date().toISOString().slice(0, 10) }), "Only used to check your age; never shown to anyone.");
  const attest = h("input", { type: "checkbox", name: "attest", id: "attest", required: true });
  const attestField = h("div", { class: "check" }, attest, h("label", { for: "attest" }, AGE_STATEMENT));
  // Shown once the server says it makes accounts by invitation (GET /api/v1/signup).
  const invitation = field(
    "Invitation code",
    h("input", { name: "invitation", autocomplete: "off", autocapitalize: "characters", spellcheck: "false" }),
    "This server makes accounts by invitation: give the code you were sent.",
  );
  invitation.wrap.hidden = true;
  const approvalNote = h("p", { class: "muted", hidden: true }, "New accounts here wait for an operator's approval before they can log in.");
  const messages = messageArea();
  const button = h("button", { type: "submit", class: "primary" }, "Create account");
  const form = h("form", { class: "stack" }, messages.element, approvalNote, invitation.wrap, name.wrap, password.wrap, born.wrap, attestField, button);
  app.api.get("/api/v1/signup").then(
    (signup) => {
      invitation.wrap.hidden = signup.mode !== "invitation";
      invitation.control.required = signup.mode === "invitation";
      // The code comes first on the form: start there unless the person already began typing.
      if (!invitation.wrap.hidden && document.activeElement === name.control && !name.control.value) {
        invitation.control.focus();
      }
      approvalNote.hidden = signup.mode !== "approval";
    },
    () => {}, // an older server: the sign-up answers for itself
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!attest.checked) {
      messages.error("Please confirm the age statement to join.");
      attest.focus();
      return;
    }
    submitting(button, messages, async () => {
      const wanted = {
        name: name.control.value.trim(),
        password: password.control.value,
        born: born.control.value,
        attest: true,
      };
      if (!invitation.wrap.hidden) wanted.invitation = invitation.control.value.trim();
      const answer = await app.api.post("/api/v1/accounts", wanted);
      if (answer && answer.awaiting_approval) {
        // Made, but not logged in: it waits for an operator.
        form.reset();
        messages.ok(answer.message);
        return;
      }
      app.start(answer);
      app.navigate("#/lobby");
    });
  });
  return {
    title: "Sign up",
    element: authPage("Join Boudoir", form, h("p", { class: "auth-footer" }, "Already have an account? ", h("a", { href: "#/login" }, "Log in"))),
    focus: name.control,
  };
}
