// Invitations to rooms: a card for each, with a button to go there, until it is used or
// dismissed. They sit apart from the conversation on screen, so none is missed.

import { h, nameKey, replace } from "./dom.js";
import { describeInvitation } from "./eventtext.js";
import { sceneInvitationCards } from "./sceneinvite.js";

// Old invitations give way to new ones: a few are worth a glance, a pile is noise.
const MAX_INVITATIONS = 5;

/** Show an `invited` event (a newer one for the same room replaces the older). */
export function addInvitation(app, event) {
  const key = nameKey(event.room);
  app.invitations = [...(app.invitations || []).filter((invitation) => nameKey(invitation.room) !== key), event].slice(-MAX_INVITATIONS);
  renderInvitations(app);
}

function dismiss(app, invitation) {
  app.invitations = (app.invitations || []).filter((other) => other !== invitation);
  renderInvitations(app);
}

export function renderInvitations(app) {
  const area = app.el.invitations;
  const invitations = app.session ? app.invitations || [] : [];
  const scenes = app.session ? sceneInvitationCards(app) : [];
  area.hidden = invitations.length === 0 && scenes.length === 0;
  replace(
    area,
    scenes,
    invitations.map((invitation) => {
      const error = h("p", { class: "form-message error", role: "alert", hidden: true });
      const join = h("button", { type: "button", class: "primary small" }, `Join #${invitation.room}`);
      join.addEventListener("click", async () => {
        join.disabled = true;
        try {
          const conversation = await app.joinRoom(invitation.room);
          dismiss(app, invitation);
          app.navigate(conversation.route);
        } catch (failure) {
          join.disabled = false;
          error.textContent = failure.message;
          error.hidden = false;
        }
      });
      const close = h("button", { type: "button", class: "small", "aria-label": `Dismiss the invitation to #${invitation.room}`, on: { click: () => dismiss(app, invitation) } }, "Dismiss");
      return h("div", { class: "invitation", role: "group", "aria-label": `Invitation to #${invitation.room}` }, h("p", {}, `${describeInvitation(invitation)}.`), error, h("div", { class: "button-row" }, join, close));
    }),
  );
}
