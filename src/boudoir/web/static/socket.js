// The real-time connection (docs/websocket.md, protocol boudoir.v1): commands with refs that
// resolve to their reply, events to a listener, and reconnection with backoff.

export const PROTOCOL = "boudoir.v1";

// Backoff after an unexpected drop: start at one second (a server restart takes about that)
// and double up to 30 s, so that a long outage does not hammer the server; jitter of up to a
// quarter spreads many clients that lost the same server.
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30000;

// Closes after which reconnecting would only repeat the refusal: the server ended the
// session (4000) or there is no valid session (4001).
const FINAL_CLOSE_CODES = new Set([4000, 4001]);

// After a `closed` message every close is final (a log-out closes with 1000), except 1001:
// the server is shutting down and the session lives on when it is back.
const GOING_AWAY = 1001;

/** A failed command: `code` from the protocol's table, `message` for people. */
export class CommandError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class Connection {
  /**
   * onEvent(message): every event (and `welcome`, `closed`).
   * onState(state, detail): "connecting", "open", "retrying" (detail: ms), "ended" (detail: close code).
   */
  constructor({ onEvent, onState }) {
    this.onEvent = onEvent;
    this.onState = onState;
    this.character = null;
    this.socket = null;
    this.pending = new Map();
    this.nextRef = 1;
    this.retryDelay = FIRST_RETRY_MS;
    this.retryTimer = null;
    this.stopped = true;
  }

  /** Connect (or reconnect) as `character` (null: the account's first). */
  open(character = null) {
    this.character = character;
    this.stopped = false;
    clearTimeout(this.retryTimer);
    this._connect();
  }

  /** Close for good (log out): no reconnect. */
  close() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.socket) this.socket.close(1000);
    this.socket = null;
    this._failPending("The connection was closed.");
  }

  get isOpen() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  /** Send a command and resolve with its `ok` reply, or reject with CommandError. */
  request(type, fields = {}) {
    if (!this.isOpen) {
      return Promise.reject(new CommandError("offline", "Not connected. Your message was not sent; it is still in the box."));
    }
    const ref = String(this.nextRef++);
    return new Promise((resolve, reject) => {
      this.pending.set(ref, { resolve, reject });
      this.socket.send(JSON.stringify({ type, ref, ...fields }));
    });
  }

  /** Send a command with no reply wanted (typing signals). */
  notify(type, fields = {}) {
    if (this.isOpen) this.socket.send(JSON.stringify({ type, ...fields }));
  }

  _connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const query = this.character ? `?character=${encodeURIComponent(this.character)}` : "";
    const socket = new WebSocket(`${scheme}//${location.host}/api/v1/socket${query}`, PROTOCOL);
    this.socket = socket;
    this.toldClosed = false;
    this.onState("connecting");
    socket.addEventListener("message", (event) => {
      if (socket !== this.socket) return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // the server sends JSON only; nothing else could be shown meaningfully
      }
      this._receive(message);
    });
    socket.addEventListener("close", (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this._failPending("The connection dropped before the server answered.");
      if (this.stopped) return;
      if (FINAL_CLOSE_CODES.has(event.code) || (this.toldClosed && event.code !== GOING_AWAY)) {
        this.stopped = true;
        this.onState("ended", event.code);
        return;
      }
      const delay = this.retryDelay * (1 + Math.random() / 4);
      this.retryDelay = Math.min(this.retryDelay * 2, MAX_RETRY_MS);
      this.onState("retrying", delay);
      this.retryTimer = setTimeout(() => this._connect(), delay);
    });
  }

  _receive(message) {
    if (message.type === "closed") this.toldClosed = true;
    if (message.type === "welcome") {
      this.retryDelay = FIRST_RETRY_MS;
      this.onState("open");
    }
    if ((message.type === "ok" || message.type === "error") && message.ref !== undefined) {
      const waiting = this.pending.get(message.ref);
      if (waiting) {
        this.pending.delete(message.ref);
        if (message.type === "ok") waiting.resolve(message);
        else waiting.reject(new CommandError(message.code, message.message));
        return;
      }
    }
    this.onEvent(message);
  }

  _failPending(text) {
    for (const waiting of this.pending.values()) waiting.reject(new CommandError("offline", text));
    this.pending.clear();
  }
}
