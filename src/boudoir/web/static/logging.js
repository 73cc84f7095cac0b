// Logging by consent (docs/websocket.md, "Logging"): the bar in a room or scene (the
// indicator while on, the open proposal with who said yes, the buttons), the `log_state`
// event, and the Logs page (read, download, delete your own lines) over HTTP.

import { h, replace, timeElement } from "./dom.js";
import { segment } from "./api.js";
import { renderItem } from "./conversation.js";

// A stop never says who: only why, in neutral words.
const STOP_WORDS = {
  stopped_arrival: "Logging stopped: someone new arrived.",
  stopped_withdrawal: "Logging stopped: someone withdrew.",
};

/** Apply a `log_state` event to its room's conversation. */
export function handleLogState(app, event) {
  const conversation = app.conversation("room", event.room, false);
  if (!conversation) return;
  const { type, at, room, ...state } = event;
  conversation.logging = state;
  const text =
    STOP_WORDS[state.change] ||
    (state.change === "started" ? `Logging is on: everyone present said yes (${state.agreed.join(", ")}).` : state.change === "proposed" ? "Logging was proposed: it starts once everyone present says yes." : null);
  if (text) conversation.push({ type: "line", text, at }, { counts: false });
  if (STOP_WORDS[state.change]) app.announce(STOP_WORDS[state.change], { visible: true });
  app.emit("room:" + conversation.key);
}

/** The logging bar for a room or scene's header. */
export function loggingBar(app, conversation) {
  const state = conversation.logging || { on: false, proposed: false, agreed: [], missing: [], waiting: 0 };
  const room = conversation.name;
  const failed = (error) => conversation.push({ type: "error", label: "Not done", text: error.message }, { counts: false });
  const command = (type) => () =>
    app.connection.request(type, { room }).then((reply) => {
      if (reply.logging) {
        conversation.logging = reply.logging;
        app.emit("room:" + conversation.key);
      }
    }, failed);
  const iAgreed = (state.agreed || []).some((name) => app.isMe(name));
  const withdraw = h("button", { type: "button", class: "small secondary", id: "log-withdraw", on: { click: command("log_withdraw") } }, "Withdraw");
  if (state.on) {
    return h(
      "div",
      { class: "logging-bar logging-on", role: "status", "aria-label": "Logging" },
      h("span", { class: "logging-dot", "aria-hidden": "true" }, "●"),
      h("strong", {}, " Logging"),
      h("span", {}, ` — consented: ${state.agreed.join(", ")}`),
      withdraw,
    );
  }
  if (state.proposed) {
    const others = state.waiting - (state.missing || []).length;
    return h(
      "div",
      { class: "logging-bar logging-proposed", role: "status", "aria-label": "Logging proposal" },
      h("span", {}, "Logging proposed. ", `Yes: ${state.agreed.join(", ") || "nobody yet"}. `, `Not yet: ${[...state.missing, ...(others > 0 ? [`${others} more`] : [])].join(", ") || "nobody"}.`),
      iAgreed ? null : h("button", { type: "button", class: "small primary", id: "log-agree", on: { click: command("log_agree") } }, "Yes, log"),
      withdraw,
    );
  }
  return h("div", { class: "logging-bar logging-off" }, h("button", { type: "button", class: "link-button small", id: "log-propose", on: { click: command("log_propose") } }, "Propose logging"));
}

/** #/logs: the logs you may read; #/logs/<id>: one of them. */
export function renderLogs(app, id) {
  const element = h("section", { class: "page logs", "aria-labelledby": "logs-title" }, h("h1", { id: "logs-title" }, "Logs"), h("p", { role: "status" }, "Loading…"));
  const failed = (error) => replace(element, h("h1", { id: "logs-title" }, "Logs"), h("p", { role: "alert" }, error.message));
  if (id) app.api.get(`/api/v1/logs/${segment(id)}`).then((log) => showLog(app, element, log), failed);
  else app.api.get("/api/v1/logs").then((reply) => showList(element, reply.logs), failed);
  return { title: "Logs", element };
}

function placeName(room) {
  return room.startsWith("scene-") ? "A scene" : `#${room}`;
}

function showList(element, logs) {
  replace(
    element,
    h("h1", { id: "logs-title" }, "Logs"),
    h("p", { class: "muted" }, "Only what was said while everyone present agreed to log it, and only the parts you were there for."),
    logs.length
      ? h(
          "ul",
          { class: "log-list" },
          logs.map((log) =>
            h(
              "li",
              { class: "card" },
              h("a", { href: `#/logs/${encodeURIComponent(log.id)}` }, placeName(log.room)),
              h("span", { class: "muted" }, " from ", timeElement(log.started_at), log.ended_at ? [" to ", timeElement(log.ended_at)] : " (still being written)", `, ${log.readers} may read it`),
            ),
          ),
        )
      : h("p", {}, "No logs yet. A room is logged only while everyone present says yes."),
  );
}

function showLog(app, element, log) {
  const base = `/api/v1/logs/${segment(log.id)}`;
  const mine = (name) => app.characters.some((own) => own.toLowerCase() === name.toLowerCase());
  const lines = h(
    "ol",
    { class: "log-lines", "aria-label": "Logged lines" },
    log.lines.map((entry) => {
      const remove = mine(entry.from)
        ? h("button", { type: "button", class: "small link-button", "aria-label": `Delete your line: ${entry.text}` }, "Delete")
        : null;
      // Read back as it was seen live: a pose as a pose, OOC marked as OOC, an emit as narration.
      const item = renderItem({ type: "message", ...entry }, { me: app.character, onName: app.showProfile });
      if (remove) item.querySelector(".body").append(" ", remove);
      if (remove) {
        remove.addEventListener("click", () => {
          remove.disabled = true;
          app.api.delete(`/api/v1/logs/lines/${segment(entry.id)}`).then(
            () => {
              item.remove();
              app.announce("Your line is deleted from the log.", { visible: true });
            },
            (error) => {
              remove.disabled = false;
              app.announce(error.message, { visible: true });
            },
          );
        });
      }
      return item;
    }),
  );
  replace(
    element,
    h("p", {}, h("a", { href: "#/logs" }, "← All logs")),
    h("h1", { id: "logs-title" }, `Log of ${placeName(log.room)}`),
    h("p", { class: "muted" }, "From ", timeElement(log.started_at), log.ended_at ? [" to ", timeElement(log.ended_at)] : " (still being written)"),
    h("div", { class: "button-row" }, h("a", { class: "button", href: `${base}?format=text`, download: "" }, "Download as text"), h("a", { class: "button", href: `${base}?format=json`, download: "" }, "Download as JSON")),
    log.lines.length ? lines : h("p", {}, "No lines."),
  );
}
