"""Telnet options over real sockets: TLS with the generated certificate, MCCP2 only on the
plain port, MSSP for MUD lists, and window-width wrapping."""

from __future__ import annotations

import asyncio
import ssl
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from boudoir.gateways.telnet import TelnetGateway, TelnetLimits
from boudoir.settings import Settings
from boudoir.tls import Certificates, ensure_certificate

from .harness import PASSWORD, All, TelnetPerson, strip_telnet

IAC, WILL, DO, SB, SE = 255, 251, 253, 250, 240
MSSP, MCCP2, NAWS = 70, 86, 31


async def test_tls_login_with_the_generated_certificate(
    world_of_three: All, tmp_path: Path
) -> None:
    everything = world_of_three
    await everything.site.person("Tilda")
    paths = ensure_certificate(Settings(data_dir=tmp_path, telnet_tls_port=4202))
    assert paths is not None
    gateway = TelnetGateway(
        everything.site.world,
        host="127.0.0.1",
        port=0,
        server_name="boudoir.local",
        welcome="Welcome, securely.",
        limits=TelnetLimits(),
        certificates=Certificates(*paths),
        shutdown_timeout_seconds=1,
    )
    port = urlsplit(await gateway.start()).port
    assert port is not None
    running = asyncio.create_task(gateway.run())
    trusted = ssl.create_default_context(cafile=paths[0])
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, ssl=trusted, server_hostname="localhost"
    )
    tilda = TelnetPerson("Tilda", reader, writer)
    try:
        await tilda.expect("Welcome, securely.")
        await tilda.command(f"connect Tilda {PASSWORD}", "You are Tilda.")
        # Compression next to secrets over TLS leaks them (CRIME): never offered there.
        assert bytes((IAC, WILL, MCCP2)) not in tilda.commands
    finally:
        await tilda.close()
        gateway.close("test over")
        await running


async def test_mccp2_compresses_everything_after_it_starts(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Zip")
    reader, writer = await asyncio.open_connection("127.0.0.1", everything.telnet_port)
    try:
        received = b""
        while bytes((IAC, WILL, MCCP2)) not in received:
            received += await asyncio.wait_for(reader.read(4096), 5)
        writer.write(bytes((IAC, DO, MCCP2)))
        start = bytes((IAC, SB, MCCP2, IAC, SE))
        while start not in received:
            received += await asyncio.wait_for(reader.read(4096), 5)
        writer.write(f"connect Zip {PASSWORD}\r\n".encode())
        inflate = zlib.decompressobj()
        text = strip_telnet(inflate.decompress(received.split(start, 1)[1]))[0]
        while b"You are Zip." not in text:
            compressed = await asyncio.wait_for(reader.read(4096), 5)
            text += strip_telnet(inflate.decompress(compressed))[0]
        assert b"lobby (general)" in text or b"You are Zip." in text
    finally:
        writer.close()


async def test_mssp_tells_mud_lists_the_player_count(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    reader, writer = await asyncio.open_connection("127.0.0.1", everything.telnet_port)
    try:
        received = b""
        while bytes((IAC, WILL, MSSP)) not in received:
            received += await asyncio.wait_for(reader.read(4096), 5)
        writer.write(bytes((IAC, DO, MSSP)))
        while bytes((IAC, SB, MSSP)) not in received or bytes((IAC, SE)) not in received:
            received += await asyncio.wait_for(reader.read(4096), 5)
        table = received.split(bytes((IAC, SB, MSSP)), 1)[1].split(bytes((IAC, SE)), 1)[0]
        assert b"\x01PLAYERS\x021" in table
        assert b"\x01CODEBASE\x02Boudoir" in table
    finally:
        writer.close()
        await tess.close()


async def test_lines_wrap_to_the_window_and_rewrap_on_resize(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    web = await everything.site.browser("Willow")
    try:
        await web.call("join", room="lobby")
        await tess.expect("Willow has arrived.")
        tess.writer.write(bytes((IAC, WILL, NAWS, IAC, SB, NAWS, 0, 30, 0, 24, IAC, SE)))
        long_line = "word " * 20
        await web.call("say", room="lobby", text=long_line.strip())
        text = await tess.expect('word"\n')
        lines = text[text.index("Willow says") :].splitlines()
        assert len(lines) > 2
        assert all(len(line) <= 30 for line in lines)
        tess.writer.write(bytes((IAC, SB, NAWS, 0, 200, 0, 24, IAC, SE)))
        await web.call("say", room="lobby", text="wide " + long_line.strip())
        wide = await tess.expect(r"Willow says, \"wide [^\n]*\n", regex=True)
        assert wide.count("word") == 20
    finally:
        await tess.close()
        await web.socket.close()
