"""The OpenAPI 3.1 description of the HTTP API (served at ``GET /api/v1/openapi.json``), made
from ``endpoints.ENDPOINTS``, the same table the routes come from. Sans-I/O.

Imports the standard library and ``boudoir.wire.webjson``.
"""

from __future__ import annotations

from typing import Final

from boudoir.wire.webjson.endpoints import (
    API_VERSION,
    ENDPOINTS,
    IMAGE_ANSWERS,
    IMAGE_UPLOADS,
    UNSAFE_METHODS,
    Endpoint,
)
from boudoir.wire.webjson.schemas import SCHEMAS, ref

_ERROR_TEXT: Final = {
    400: "The request is malformed (bad_request).",
    401: "Not logged in (not_authenticated), or a wrong name or password.",
    403: "A foreign Origin (origin_refused), a missing CSRF token (csrf_failed), or refused.",
    404: "No such thing, or one you may not see.",
    409: "The name is taken.",
    413: "The body is over 16 KiB.",
    415: "The body is not application/json.",
    421: "Sent to a host name this server does not answer to (host_refused).",
    422: "The input is not valid.",
    429: "Too many failed attempts; see Retry-After.",
}


def error_statuses(endpoint: Endpoint) -> list[int]:
    """Every error status ``endpoint`` may answer."""
    statuses = {403, 421, *endpoint.errors}
    if endpoint.body is not None:
        statuses |= {400, 413, 415}
    if endpoint.session:
        statuses.add(401)
    return sorted(statuses)


def _operation(endpoint: Endpoint) -> dict[str, object]:
    responses: dict[str, object] = {}
    success: dict[str, object] = {"description": "Success."}
    if endpoint.answer == "OpenApi":
        success["content"] = {"application/json": {"schema": {"type": "object"}}}
    elif endpoint.answer == "Image":
        success["content"] = {
            media: {"schema": {"type": "string", "contentMediaType": media}}
            for media in IMAGE_ANSWERS
        }
    elif endpoint.answer is not None:
        success["content"] = {"application/json": {"schema": ref(endpoint.answer)}}
    if endpoint.sets_cookie:
        success["headers"] = {
            "Set-Cookie": {
                "description": "boudoir_session: HttpOnly, SameSite=Lax, Path=/.",
                "schema": {"type": "string"},
            }
        }
    responses[str(endpoint.status)] = success
    if endpoint.also is not None:
        status, answer = endpoint.also
        responses[str(status)] = {
            "description": "Success, but not yet complete.",
            "content": {"application/json": {"schema": ref(answer)}},
        }
    for status in error_statuses(endpoint):
        error: dict[str, object] = {
            "description": _ERROR_TEXT[status],
            "content": {"application/json": {"schema": ref("Error")}},
        }
        if status == 429:
            error["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        responses[str(status)] = error
    operation: dict[str, object] = {
        "operationId": endpoint.handler,
        "summary": endpoint.summary,
        "responses": responses,
    }
    parameters: list[dict[str, object]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in ("name", "id")
        if "{" + name + "}" in endpoint.path
    ]
    if endpoint.session and endpoint.method in UNSAFE_METHODS:
        parameters.append(
            {
                "name": "X-CSRF-Token",
                "in": "header",
                "required": True,
                "description": "The session's csrf_token.",
                "schema": {"type": "string"},
            }
        )
    if parameters:
        operation["parameters"] = parameters
    if endpoint.image_body:
        operation["requestBody"] = {
            "required": True,
            "content": {
                media: {"schema": {"type": "string", "contentMediaType": media}}
                for media in IMAGE_UPLOADS
            },
        }
    if endpoint.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": endpoint.body.schema}},
        }
    if endpoint.session:
        operation["security"] = [{"session": []}]
    return operation


def openapi_document(server_name: str) -> dict[str, object]:
    """The OpenAPI 3.1 description of ``ENDPOINTS``."""
    paths: dict[str, dict[str, object]] = {}
    for endpoint in ENDPOINTS:
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = _operation(endpoint)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"Boudoir HTTP API ({server_name})",
            "version": API_VERSION,
            "description": "Accounts, sessions, characters, profiles, friends, blocks and the "
            "room directory. Real-time chat is the WebSocket at /api/v1/socket.",
        },
        "paths": paths,
        "components": {
            "schemas": dict(SCHEMAS),
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "boudoir_session"}
            },
        },
    }
