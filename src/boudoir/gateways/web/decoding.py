"""Reading an HTTP request's JSON body (its decoding into typed values and intents is
``wire.webjson.http``), and the room listing's shape.

Imports ``boudoir.core``, ``boudoir.domain`` and Starlette.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.requests import Request

from boudoir.gateways.web.errors import MAX_BODY_BYTES, RequestRejected, bad_request


async def read_limited(request: Request, limit: int, message: str) -> bytes:
    """The request's body, refused with 413 (``message``) once over ``limit`` bytes."""
    too_large = RequestRejected(413, "body_too_large", message)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


async def read_json_object(request: Request) -> Mapping[str, object]:
    """The request's body as a JSON object, read up to ``MAX_BODY_BYTES``.

    Only ``application/json`` is accepted: a browser cannot send that cross-site without a
    CORS preflight, which this server never grants, so forms on other sites cannot post here.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise RequestRejected(
            415, "unsupported_media_type", "Send the request body as application/json."
        )
    body = await read_limited(
        request, MAX_BODY_BYTES, f"The request body is over {MAX_BODY_BYTES} bytes."
    )
    try:
        value = json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both are
        raise bad_request("The request body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise bad_request("The request body must be a JSON object.")
    return value
