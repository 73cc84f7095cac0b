// The HTTP JSON API (docs/http-api.md): cookie session plus the X-CSRF-Token header.

/** An error answer: `code` is stable (for the program), `message` is for people. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export class Api {
  constructor() {
    /** The session's CSRF token, from log in, sign up or GET /api/v1/session. */
    this.csrfToken = null;
  }

  /** Send a request; resolves with the decoded body (null for 204), rejects with ApiError.
   * A Blob `body` (a file) is sent as it is, with its own type; anything else as JSON. */
  async request(method, path, body) {
    const headers = { Accept: "application/json" };
    const raw = body instanceof Blob;
    if (raw) headers["Content-Type"] = body.type || "application/octet-stream";
    else if (body !== undefined) headers["Content-Type"] = "application/json";
    if (UNSAFE_METHODS.has(method) && this.csrfToken) headers["X-CSRF-Token"] = this.csrfToken;
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch {
      throw new ApiError(0, "network", "The server cannot be reached. Check your connection and try again.");
    }
    if (response.status === 204) return null;
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      const error = data && data.error;
      throw new ApiError(
        response.status,
        error ? error.code : "http_" + response.status,
        error ? error.message : `The server answered ${response.status} ${response.statusText}.`,
      );
    }
    return data;
  }

  get(path) {
    return this.request("GET", path);
  }
  post(path, body = {}) {
    return this.request("POST", path, body);
  }
  put(path, body) {
    return this.request("PUT", path, body);
  }
  patch(path, body) {
    return this.request("PATCH", path, body);
  }
  delete(path, body) {
    return this.request("DELETE", path, body);
  }

  /** Remember the CSRF token of a session answer and return the session. */
  adopt(session) {
    this.csrfToken = session ? session.csrf_token : null;
    return session;
  }
}

/** A path segment for a name, encoded. */
export function segment(name) {
  return encodeURIComponent(name);
}
