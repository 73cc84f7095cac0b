"""The HTTP endpoints of logs kept by consent (docs/http-api.md, "Logs"): the parts of logs I
may read, one part's lines (also as a download), and deleting one of my own lines. Each is a
log intent run as the login's account; the bodies are ``wire.webjson.replies.logs``'s.

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.wire`` and Starlette.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from boudoir.core.commands import Context, run
from boudoir.core.world import World
from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents import DeleteLogLine, ListLogs, LogIntents, ReadLog
from boudoir.domain.replies import LogRead, Reply
from boudoir.gateways.web.sessions import current_login
from boudoir.wire.webjson.replies import fields
from boudoir.wire.webjson.replies.logs import log_text

FORMATS = ("json", "text")


async def _run(world: World, request: Request, intent: LogIntents) -> Reply | None:
    return await run(Context.of_account(world, current_login(request).account_id), intent)


async def list_logs(world: World, request: Request) -> Response:
    reply = await _run(world, request, ListLogs())
    return JSONResponse(None if reply is None else fields(reply))


async def read_log(world: World, request: Request) -> Response:
    """``?format=json`` or ``?format=text`` make it a download (Content-Disposition)."""
    current_login(request)
    wanted = request.query_params.get("format")
    if wanted is not None and wanted not in FORMATS:
        raise InvalidInput("The format is json or text.")
    reply = await _run(world, request, ReadLog(request.path_params["id"]))
    assert isinstance(reply, LogRead)
    headers = {"Cache-Control": "no-store"}
    if wanted is not None:
        extension = "txt" if wanted == "text" else "json"
        # The id only: a room name may hold characters a header cannot carry as they are.
        filename = f"boudoir-log-{reply.part.id}.{extension}"
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if wanted == "text":
        return Response(log_text(reply), media_type="text/plain; charset=utf-8", headers=headers)
    return Response(
        json.dumps(fields(reply), ensure_ascii=False).encode(),
        media_type="application/json",
        headers=headers,
    )


async def delete_log_line(world: World, request: Request) -> Response:
    await _run(world, request, DeleteLogLine(request.path_params["id"]))
    return Response(status_code=204)
