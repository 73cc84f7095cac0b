"""WeeChat, a real terminal IRC client, driven without a terminal (``weechat-headless``).

WeeChat runs its startup commands (``-r``), then connects; what it must do once in the room
is set up as triggers on the IRC messages it receives (``/help trigger``), so that nothing
waits on a clock. It keeps its configuration and logs in a directory of the test's own
(``--dir``) and is stopped by its pid.
"""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

WEECHAT = "weechat-headless"
PACKAGES = "apt-get install --no-install-recommends weechat-headless weechat-plugins"
PLUGINS = "irc,trigger,logger"
"""Only what the test uses: no Perl, Python or Ruby to start."""
STOP_TIMEOUT = 10.0


def weechat_or_skip() -> str:
    """The path of ``weechat-headless`` (with its trigger plugin); a skip on a developer's
    machine without them, a failure under CI (``CI=true``), where ``scripts/test`` installs
    them."""
    path = shutil.which(WEECHAT)
    plugins = glob.glob("/usr/lib/*/weechat/plugins/trigger.so") + glob.glob(
        "/usr/lib/weechat/plugins/trigger.so"
    )
    if path is not None and plugins:
        return path
    reason = f"{WEECHAT} or its trigger plugin is missing (Debian: {PACKAGES})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true requires them: scripts/test installs them as root")
    pytest.skip(reason)


def sasl_session(
    port: int, nick: str, password: str, room: str, *, say: str, reply: str
) -> list[str]:
    """WeeChat commands: log in to 127.0.0.1:``port`` with SASL PLAIN as ``nick``, join
    ``room``, say ``say`` there once in (at the end of NAMES), and ``reply`` to the first
    message someone else sends there.

    WeeChat evaluates ``-r`` commands (``${...}``) as it reads them, so the triggers use no
    variables: its own messages do not come back (no echo-message), so the first PRIVMSG it
    receives is someone else's."""
    return [
        f"/server add boudoir 127.0.0.1/{port} -notls",
        "/set irc.server.boudoir.sasl_mechanism plain",
        f"/set irc.server.boudoir.sasl_username {nick}",
        f"/set irc.server.boudoir.sasl_password {password}",
        "/set irc.server.boudoir.sasl_fail disconnect",
        f"/set irc.server.boudoir.nicks {nick}",
        f"/set irc.server.boudoir.autojoin {room}",
        # WeeChat 3.8 spaces messages 2 s apart by default; the server has its own limits.
        "/set irc.server.boudoir.anti_flood_prio_high 0",
        "/set irc.server.boudoir.anti_flood_prio_low 0",
        # 366 (RPL_ENDOFNAMES) ends our JOIN: then speak, once.
        f'/trigger add joined signal boudoir,irc_in2_366 "" "" '
        f'"/msg -server boudoir {room} {say}" "" delete',
        f'/trigger add answer signal boudoir,irc_in2_privmsg "" "" '
        f'"/msg -server boudoir {room} {reply}" "" delete',
        "/connect boudoir",
    ]


@asynccontextmanager
async def weechat(binary: str, home: Path, commands: Sequence[str]) -> AsyncIterator[Path]:
    """Run WeeChat with ``commands`` at startup; yields its log directory. Stopped on leaving
    (SIGTERM, which WeeChat answers with ``/quit``; SIGKILL if it lingers)."""
    await asyncio.to_thread(home.mkdir, parents=True)
    with (home / "weechat.out").open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            binary,
            *("--dir", str(home), "--stdout", "--plugins", PLUGINS),
            *("-r", "; ".join(commands)),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield home / "logs"
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                async with asyncio.timeout(STOP_TIMEOUT):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()
