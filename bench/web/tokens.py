"""Login tokens for benchmark browsers, made before any clock starts.

A browser that logged in yesterday comes back with its session cookie and opens the socket
without a password: no argon2id verification, as after a reload or a reopened tab. The
benchmarks that hold thousands of browsers (``bench.memory``, ``bench.soak``) make the login
sessions here, through the core's own ``LoginService.start`` on the data directory the server
will open, and the clients resume with them (``bench.web.clients.resume``). The tokens are kept
in a JSON file beside the database (``TOKENS_FILE``): a template reused by a later run keeps
its sessions and their tokens together. Imports the standard library and ``boudoir``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from pathlib import Path

TOKENS_FILE = "bench-web-tokens.json"
CLIENT_LABEL = "bench browser"

_CHUNK = 200
"""Sessions made at once: one store transaction each, a few hundred in flight is plenty."""


def issue(data_dir: Path, names: Iterable[str]) -> dict[str, str]:
    """A login token for each account in ``names`` (reusing those already in the file); the
    file is rewritten with them all. Each is a session the store holds, as a login makes."""
    path = data_dir / TOKENS_FILE
    tokens: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = [name for name in names if name not in tokens]
    if missing:
        tokens.update(asyncio.run(_start_sessions(data_dir, missing)))
        path.write_text(json.dumps(tokens) + "\n")
    return tokens


async def _start_sessions(data_dir: Path, names: list[str]) -> dict[str, str]:
    from boudoir.app import open_core
    from boudoir.settings import Settings

    made: dict[str, str] = {}
    async with open_core(Settings(data_dir=data_dir)) as core:
        world = core.world

        async def one(name: str) -> None:
            account = await world.accounts.find(name)
            token, _ = await world.logins.start(account.id, CLIENT_LABEL)
            made[name] = token

        for first in range(0, len(names), _CHUNK):
            await asyncio.gather(*(one(name) for name in names[first : first + _CHUNK]))
    return made
