"""The web gateway: the HTTP JSON API, the WebSocket endpoint and the browser client's files,
served by uvicorn inside Boudoir's own event loop.

``app`` builds the Starlette app, ``server`` runs it; ``api`` answers the HTTP endpoints that
``wire.webjson.endpoints`` declares, ``socket`` and ``browser`` the WebSocket; ``errors`` holds
the one table from domain errors to HTTP replies.
"""

from boudoir.gateways.web.app import create_app
from boudoir.gateways.web.errors import ERROR_STATUSES, MAX_BODY_BYTES, status_for
from boudoir.gateways.web.server import WebGateway

__all__ = ["ERROR_STATUSES", "MAX_BODY_BYTES", "WebGateway", "create_app", "status_for"]
