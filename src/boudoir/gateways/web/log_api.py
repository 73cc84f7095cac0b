"""The HTTP endpoints of logs kept by consent (docs/http-api.md, "Logs"): the parts of logs I
may read, one part's lines (also as a download), and deleting one of my own lines.

Imports ``boudoir.core``, ``boudoir.domain`` and Starlette.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from boudoir.core.logs import line_json
from boudoir.core.ports import LogLine, LogSegment
from boudoir.core.world import World
from boudoir.domain.errors import InvalidInput
from boudoir.gateways.web.sessions import current_login

FORMATS = ("json", "text")


def segment_json(segment: LogSegment) -> dict[str, object]:
    return {
        "id": segment.id,
        "room": segment.room_name,
        "started_at": segment.started_at.isoformat(),
        "ended_at": None if segment.ended_at is None else segment.ended_at.isoformat(),
        "readers": len(segment.readers),
    }


def text_line(line: LogLine) -> str:
    """One line of the plain-text download, as a person reads a chat log."""
    when = line.at.strftime("%Y-%m-%d %H:%M:%S")
    if line.kind == "pose":
        return f"[{when}] * {line.sender_name} {line.text}"
    if line.kind == "ooc":
        return f"[{when}] <{line.sender_name}> (({line.text}))"
    if line.kind == "emit":
        return f"[{when}] {line.text} (emit by {line.sender_name})"
    if line.kind == "notice":
        return f"[{when}] -{line.sender_name}- {line.text}"
    return f"[{when}] <{line.sender_name}> {line.text}"


async def list_logs(world: World, request: Request) -> Response:
    login = current_login(request)
    segments = await world.logs.segments(login.account_id)
    return JSONResponse({"logs": [segment_json(s) for s in segments]})


async def read_log(world: World, request: Request) -> Response:
    """``?format=json`` or ``?format=text`` make it a download (Content-Disposition)."""
    login = current_login(request)
    wanted = request.query_params.get("format")
    if wanted is not None and wanted not in FORMATS:
        raise InvalidInput("The format is json or text.")
    segment = await world.logs.segment(login.account_id, request.path_params["id"])
    lines = await world.logs.lines(login.account_id, segment.id)
    headers = {"Cache-Control": "no-store"}
    if wanted is not None:
        extension = "txt" if wanted == "text" else "json"
        # The id only: a room name may hold characters a header cannot carry as they are.
        filename = f"boudoir-log-{segment.id}.{extension}"
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if wanted == "text":
        header = f"# {segment.room_name}, from {segment.started_at.isoformat()}\n"
        body = header + "".join(text_line(line) + "\n" for line in lines)
        return Response(body, media_type="text/plain; charset=utf-8", headers=headers)
    document = {**segment_json(segment), "lines": [line_json(line) for line in lines]}
    return Response(
        json.dumps(document, ensure_ascii=False).encode(),
        media_type="application/json",
        headers=headers,
    )


async def delete_log_line(world: World, request: Request) -> Response:
    login = current_login(request)
    await world.logs.delete_line(login.account_id, request.path_params["id"])
    return Response(status_code=204)
