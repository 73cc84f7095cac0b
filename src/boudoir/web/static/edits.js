// Editing and deleting messages (docs/websocket.md, "Editing and deleting"): the actions a
// conversation's lines offer, and what the server's message_edited and message_deleted do.

import { h, timeElement } from "./dom.js";
import { editForm } from "./conversation.js";
import { manages } from "./members.js";
import { isStaff } from "./moderation.js";

// The server's default window, until its welcome says otherwise.
const DEFAULT_EDIT_SECONDS = 600;

/** The options a ConversationView takes for edit, delete and remove. */
export function editingOptions(app, conversation, getView) {
  const failed = (error) => app.announce(error.message, { visible: true });
  return {
    editSeconds: () => app.editSeconds || DEFAULT_EDIT_SECONDS,
    canRemove: () => conversation.kind === "room" && (manages(conversation) || isStaff(app)),
    onDelete: (item) => app.connection.request("delete", { id: item.id }).catch(failed),
    onEdit: (item) => {
      const view = getView();
      const { form, input } = editForm(item, {
        onSave: (text) => {
          if (!text.trim() || text === item.text) {
            view.redraw(item);
            return;
          }
          app.connection.request("edit", { id: item.id, text }).then(() => view.redraw(item), failed);
        },
        onCancel: () => view.redraw(item),
      });
      view.redraw(item, h("li", { class: "item editing", dataset: { id: item.id } }, timeElement(item.at), form));
      input.focus();
    },
  };
}

/** Apply message_edited or message_deleted to the conversation that shows the line. */
export function applyChange(app, event) {
  const conversation = event.room
    ? app.conversation("room", event.room, false)
    : app.conversation("dm", app.isMe(event.from) ? event.to : event.from, false);
  if (!conversation) return;
  const item = conversation.change(event);
  if (item && event.type === "message_deleted" && event.by_moderator && app.isMe(event.from)) {
    app.announce("A moderator removed one of your messages.", { visible: true });
  }
}
