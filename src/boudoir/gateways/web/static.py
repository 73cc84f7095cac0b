"""The browser client's files: ``index.html`` at ``/`` and the rest under ``/static/``.

Every reference to ``/static/...`` in ``index.html`` is given ``?v=<version>``, a hash of the
static directory computed once at start: a browser may then keep those files for a year, and a
new release (a new hash) is fetched at once. ``index.html`` itself is revalidated every time.

Imports Starlette and the standard library.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from pathlib import Path
from typing import Final

from starlette.requests import Request
from starlette.responses import Response

from boudoir.gateways.web.errors import RequestRejected

DEFAULT_WEB_ROOT: Final = Path(__file__).resolve().parents[2] / "web"
"""``src/boudoir/web``: where the package ships the client."""

IMMUTABLE: Final = "public, max-age=31536000, immutable"
"""A year, the longest lifetime HTTP caches honour (RFC 9111 notes); ``immutable`` spares the
revalidation on reload. Only for a URL carrying the current version."""
REVALIDATE: Final = "no-cache"

VERSION_LENGTH: Final = 16
"""Hex digits of the version hash kept: 64 bits tell releases apart with room to spare."""

_STATIC_REFERENCE: Final = re.compile(r"""(?P<quote>["'(])/static/(?P<path>[^"'()?#\s]+)""")

_TYPES: Final = {
    # mimetypes reads the system's tables, which differ between hosts; these must not.
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}


def _not_found() -> RequestRejected:
    return RequestRejected(404, "not_found", "No such file.")


def directory_version(directory: Path) -> str:
    """A hash of every file's relative path and contents under ``directory``."""
    digest = hashlib.sha256()
    if directory.is_dir():
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:VERSION_LENGTH]


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return any(tag.strip().removeprefix("W/") == etag for tag in wanted.split(","))


class StaticSite:
    """The handlers for ``GET /`` and ``GET /static/{path}``."""

    def __init__(self, root: Path) -> None:
        self._root = root.resolve()
        self._static = self._root / "static"
        self.version = directory_version(self._static)

    async def index(self, request: Request) -> Response:
        try:
            html = (self._root / "index.html").read_text(encoding="utf-8")
        except FileNotFoundError:
            raise _not_found() from None
        versioned = _STATIC_REFERENCE.sub(
            lambda m: f"{m['quote']}/static/{m['path']}?v={self.version}", html
        )
        return Response(
            versioned,
            media_type="text/html; charset=utf-8",
            headers={"Cache-Control": REVALIDATE},
        )

    async def file(self, request: Request) -> Response:
        relative = request.path_params["path"]
        path = (self._static / relative).resolve()
        # No way out of the directory, and no hidden files (editor swap files, .DS_Store).
        if not path.is_relative_to(self._static) or any(
            part.startswith(".") for part in path.relative_to(self._static).parts
        ):
            raise _not_found()
        try:
            content = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise _not_found() from None
        etag = _etag(content)
        cache = IMMUTABLE if request.query_params.get("v") == self.version else REVALIDATE
        headers = {"ETag": etag, "Cache-Control": cache}
        if _matches(request, etag):
            return Response(status_code=304, headers=headers)
        media_type = _TYPES.get(path.suffix.lower()) or (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        return Response(content, media_type=media_type, headers=headers)
