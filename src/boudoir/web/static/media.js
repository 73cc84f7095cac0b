// WebRTC plumbing shared by calls (calls.js) and room cams (cams.js), docs/websocket.md
// "Calls and cams": the peer connection of one media session, always through the server's
// TURN relay and never without it, and the camera and microphone, asked for only after the
// person's own click and stopped as soon as nothing needs them.
//
// The server only relays signals; media flows browser to relay to browser. Relay-only ICE
// means neither side learns the other's address.

// A video size that a phone's camera and a slow uplink both manage; the browser may go lower.
const VIDEO = { width: { ideal: 640 }, height: { ideal: 480 } };

/** The RTCPeerConnection configuration for a `media_session` event. Throws (and nothing is
 * opened) unless the server gave TURN servers and the relay-only policy. */
export function rtcConfiguration(session) {
  if (!session || session.ice_transport_policy !== "relay") throw new Error("The server did not ask for relay-only media: nothing was opened.");
  const iceServers = (session.ice_servers || [])
    .filter((server) => server && server.urls && server.username && server.credential)
    .map((server) => ({ urls: server.urls, username: server.username, credential: server.credential }));
  if (!iceServers.length) throw new Error("The server gave no TURN relay: nothing was opened.");
  return { iceServers, iceTransportPolicy: "relay" };
}

/** getUserMedia constraints for what the person chose to send. */
export function mediaConstraints({ audio, video }) {
  return { audio: Boolean(audio), video: video ? VIDEO : false };
}

/** Stop every track of `stream` (the camera's and microphone's lights go out). */
export function stopStream(stream) {
  if (!stream) return;
  for (const track of stream.getTracks()) track.stop();
}

/** Ask for the camera and/or microphone. Call only from the person's own click (an accept, a
 * Call, a Broadcast): never on an incoming event. Rejects with a readable Error. */
export async function openDevices({ audio, video }) {
  if (!audio && !video) return new MediaStream();
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error("This browser cannot use a camera or microphone here (it needs a secure https:// page).");
  try {
    return await navigator.mediaDevices.getUserMedia(mediaConstraints({ audio, video }));
  } catch (error) {
    const what = video && audio ? "camera and microphone" : video ? "camera" : "microphone";
    if (error && error.name === "NotAllowedError") throw new Error(`The browser did not allow the ${what}: allow it in the site's settings, then try again.`);
    if (error && error.name === "NotFoundError") throw new Error(`No ${what} was found.`);
    throw new Error(`The ${what} could not be started.`);
  }
}

/** Show the media dock (calls and cams) while it holds a card; on a wide screen the page
 * makes room for it instead of lying under it. */
export function updateDock(app) {
  const empty = app.el.calls.childElementCount === 0;
  app.el.calls.hidden = empty;
  document.body.classList.toggle("media-open", !empty);
}

/** Point a <video> (or <audio>) at a stream and start playing; a refused autoplay is left
 * for the person's next click (the element keeps its controls hidden but plays on play()). */
export function attach(element, stream) {
  if (element.srcObject !== stream) element.srcObject = stream;
  if (stream) element.play().catch(() => {});
}

/**
 * One media session's RTCPeerConnection. `send` is {audio, video}: the kinds of track this
 * side may send (a transceiver each, so that a camera turned on later needs no new offer);
 * `stream` the local tracks to send now (may lack some kinds). The offerer makes the one offer.
 *   onTrack(stream): the remote media arrived; onState(state): "connecting", "connected",
 *   "failed", "closed" (RTCPeerConnection.connectionState).
 */
export class PeerLink {
  constructor(app, session, { send = { audio: false, video: false }, receive = { audio: true, video: true }, stream = null, onTrack = () => {}, onState = () => {} }) {
    this.app = app;
    this.id = session.session;
    this.role = session.role;
    this.send = send;
    this.wanted = receive;
    this.onTrack = onTrack;
    this.onState = onState;
    this.pending = []; // candidates that came before the remote description
    this.closed = false;
    this.remote = new MediaStream();
    this.pc = new RTCPeerConnection(rtcConfiguration(session));
    this.pc.addEventListener("icecandidate", (event) => {
      if (event.candidate) this.signal("candidate", event.candidate.toJSON());
    });
    this.pc.addEventListener("track", (event) => {
      if (!this.remote.getTracks().includes(event.track)) this.remote.addTrack(event.track);
      this.onTrack(this.remote);
    });
    this.pc.addEventListener("connectionstatechange", () => {
      if (!this.closed) this.onState(this.pc.connectionState);
    });
    this.transceivers = {};
    if (this.role === "offerer") {
      for (const kind of ["audio", "video"]) {
        if (!send[kind] && !receive[kind]) continue;
        const direction = send[kind] && receive[kind] ? "sendrecv" : send[kind] ? "sendonly" : "recvonly";
        this.transceivers[kind] = this.pc.addTransceiver(kind, { direction });
      }
      if (stream) this.useStream(stream);
      this.offer();
    } else {
      this.stream = stream;
    }
  }

  async offer() {
    try {
      await this.pc.setLocalDescription(await this.pc.createOffer());
      this.signal("offer", this.pc.localDescription.toJSON());
    } catch {
      this.onState("failed");
    }
  }

  /** Send the tracks of `stream` (one of each kind; a missing kind sends nothing). */
  useStream(stream) {
    this.stream = stream;
    for (const kind of ["audio", "video"]) {
      const transceiver = this.transceivers[kind];
      if (!transceiver || !this.send[kind]) continue;
      const track = stream ? stream.getTracks().find((t) => t.kind === kind) || null : null;
      transceiver.sender.replaceTrack(track).catch(() => {});
    }
  }

  /** Send this track in place of the current one of its kind (null: send nothing). */
  replaceTrack(kind, track) {
    const transceiver = this.transceivers[kind];
    if (transceiver) return transceiver.sender.replaceTrack(track).catch(() => {});
    return Promise.resolve();
  }

  /** A `signal` event from the other side. */
  async receive(event) {
    if (this.closed) return;
    try {
      if (event.kind === "offer" && this.role === "answerer") {
        await this.pc.setRemoteDescription(event.data);
        // The offer made the transceivers; say which of them this side sends on.
        for (const transceiver of this.pc.getTransceivers()) {
          const kind = transceiver.receiver.track.kind;
          this.transceivers[kind] = transceiver;
          const sending = Boolean(this.send[kind]);
          const receiving = Boolean(this.wanted[kind]);
          transceiver.direction = sending && receiving ? "sendrecv" : sending ? "sendonly" : receiving ? "recvonly" : "inactive";
        }
        if (this.stream) this.useStream(this.stream);
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        this.signal("answer", this.pc.localDescription.toJSON());
        await this.flush();
      } else if (event.kind === "answer" && this.role === "offerer") {
        await this.pc.setRemoteDescription(event.data);
        await this.flush();
      } else if (event.kind === "candidate") {
        if (this.pc.remoteDescription) await this.pc.addIceCandidate(event.data);
        else this.pending.push(event.data);
      }
    } catch {
      // A description or candidate the browser cannot use: the connection cannot be made.
      this.onState("failed");
    }
  }

  async flush() {
    const pending = this.pending;
    this.pending = [];
    for (const candidate of pending) await this.pc.addIceCandidate(candidate).catch(() => {});
  }

  signal(kind, data) {
    if (this.closed || !this.app.connection) return;
    this.app.connection.request("signal", { session: this.id, kind, data }).catch(() => {});
  }

  /** Close the connection; the local stream is its owner's to stop. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.pc.close();
    for (const track of this.remote.getTracks()) track.stop();
  }
}

// Signals that arrive before their session's peer connection exists (an offer racing the
// answerer's own `media_session` handling) wait here, a few per session at most.
const EARLY_SIGNALS = 64;

/** The live media sessions of this tab, by session id, whichever module owns them. */
export class MediaSessions {
  constructor() {
    this.links = new Map();
    this.early = new Map();
  }

  add(link) {
    this.links.set(link.id, link);
    const waiting = this.early.get(link.id) || [];
    this.early.delete(link.id);
    for (const event of waiting) link.receive(event);
  }

  /** A `signal` event: to its peer connection, or kept until it exists. */
  signal(event) {
    const link = this.links.get(event.session);
    if (link) return void link.receive(event);
    const waiting = this.early.get(event.session) || [];
    if (waiting.length < EARLY_SIGNALS) waiting.push(event);
    this.early.set(event.session, waiting);
  }

  /** Close and forget one session (its owner stops the local tracks). */
  end(id) {
    const link = this.links.get(id);
    this.links.delete(id);
    this.early.delete(id);
    if (link) link.close();
    return link || null;
  }
}
