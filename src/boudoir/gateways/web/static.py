"""The browser client's files: ``index.html`` at ``/`` and the rest under ``/static/``.

Every reference to ``/static/PATH`` in ``index.html`` becomes ``/static/<version>/PATH``, where
the version is a hash of the static directory computed once at start. Because the version is a
path segment, the JavaScript modules that ``app.js`` imports by relative URL (``./api.js``)
carry it too: a browser may keep every file for a year, and a new release (a new hash) is
fetched at once. ``index.html`` itself is revalidated every time. Files are read once, at
start, and served from memory.

Imports Starlette and the standard library.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
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
_VERSION_SEGMENT: Final = re.compile(rf"[0-9a-f]{{{VERSION_LENGTH}}}")

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


@dataclass(frozen=True, slots=True)
class _File:
    content: bytes
    etag: str
    media_type: str


def _load(directory: Path) -> dict[str, _File]:
    """Every file under ``directory`` except hidden ones (editor swap files, .DS_Store), by
    its relative path."""
    files: dict[str, _File] = {}
    if not directory.is_dir():
        return files
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        content = path.read_bytes()
        media_type = _TYPES.get(path.suffix.lower()) or (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        files[relative.as_posix()] = _File(content, _etag(content), media_type)
    return files


class StaticSite:
    """The handlers for ``GET /`` and ``GET /static/{path}``."""

    def __init__(self, root: Path) -> None:
        self._root = root.resolve()
        static = self._root / "static"
        self.version = directory_version(static)
        self._files = _load(static)
        self._index: str | None = None
        try:
            html = (self._root / "index.html").read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        self._index = _STATIC_REFERENCE.sub(
            lambda m: f"{m['quote']}/static/{self.version}/{m['path']}", html
        )

    async def index(self, request: Request) -> Response:
        if self._index is None:
            raise _not_found()
        return Response(
            self._index,
            media_type="text/html; charset=utf-8",
            headers={"Cache-Control": REVALIDATE},
        )

    async def file(self, request: Request) -> Response:
        relative: str = request.path_params["path"]
        cache = REVALIDATE
        first, _, rest = relative.partition("/")
        if rest and _VERSION_SEGMENT.fullmatch(first):
            # A page of an older release may still ask for its version: it gets today's
            # file, not to be kept.
            cache = IMMUTABLE if first == self.version else REVALIDATE
            relative = rest
        # Only the files loaded at start: no path leads out of the directory.
        found = self._files.get(relative)
        if found is None:
            raise _not_found()
        headers = {"ETag": found.etag, "Cache-Control": cache}
        if _matches(request, found.etag):
            return Response(status_code=304, headers=headers)
        return Response(found.content, media_type=found.media_type, headers=headers)
