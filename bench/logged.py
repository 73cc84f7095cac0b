"""Speech in a logged room against an unlogged one: messages per second and the sender's
acknowledgement latency, over IRC (echo-message), on a real ``boudoir serve``.

A fresh data directory per run; ``--speakers`` IRC clients (SASL) in one room, with or without
a log everyone agreed to; each keeps ``--window`` lines in flight for ``--seconds`` and times
every line from sending to its echo (its acknowledgement). A logged line is acknowledged only
once it is stored, so the logged room measures the store's group commit.

    .venv/bin/python -m bench.logged                       # both rooms, defaults below
    .venv/bin/python -m bench.logged --speakers 20 --window 8 --seconds 10

Run from the repository root. It measures and prints; it never fails a build.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from bench.startup import TIMEOUT_SECONDS, wait_ready

PASSWORD = "bench password, long enough"  # a fixture for a throwaway data directory
ROOM = "#bench"
UNTHROTTLED = {
    f"BOUDOIR_{gateway}_COMMAND_{what}": "1000000"
    for gateway in ("IRC", "WEB")
    for what in ("BURST", "RATE")
} | {
    # Every speaker signs up from 127.0.0.1.
    "BOUDOIR_SIGNUPS_PER_ADDRESS_PER_HOUR": "1000000",
    "BOUDOIR_SIGNUPS_PER_MINUTE": "1000000",
}


class Speaker:
    def __init__(self, name: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.name = name
        self.reader = reader
        self.writer = writer

    @classmethod
    async def connect(cls, port: int, name: str) -> Speaker:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        speaker = cls(name, reader, writer)
        token = base64.b64encode(f"\0{name}\0{PASSWORD}".encode()).decode()
        speaker.send(
            "CAP REQ :echo-message sasl", f"NICK {name}", f"USER {name} 0 * :{name}",
            "AUTHENTICATE PLAIN", f"AUTHENTICATE {token}", "CAP END",
        )  # fmt: skip
        await speaker.until(" 221 ")
        speaker.send(f"JOIN {ROOM}")
        await speaker.until(" 366 ")
        return speaker

    def send(self, *lines: str) -> None:
        self.writer.write(b"".join(line.encode() + b"\r\n" for line in lines))

    async def until(self, marker: str) -> str:
        while True:
            line = (await self.reader.readline()).decode()
            if not line:
                raise ConnectionError(f"{self.name}: closed")
            if marker in line:
                return line

    async def speak(self, window: int, seconds: float) -> list[float]:
        """Keep ``window`` lines in flight for ``seconds``; each line's latency to its echo."""
        latencies: list[float] = []
        sent: dict[int, float] = {}
        number = 0
        end = time.perf_counter() + seconds
        prefix = f":{self.name}!"
        while number < window:
            sent[number] = time.perf_counter()
            self.send(f"PRIVMSG {ROOM} :{number} bench line")
            number += 1
        while sent:
            line = (await self.reader.readline()).decode()
            if not line:
                raise ConnectionError(f"{self.name}: closed")
            if not line.startswith(prefix) or " PRIVMSG " not in line:
                continue
            echoed = int(line.rsplit(":", 1)[1].split(" ", 1)[0])
            latencies.append(time.perf_counter() - sent.pop(echoed))
            if time.perf_counter() < end:
                sent[number] = time.perf_counter()
                self.send(f"PRIVMSG {ROOM} :{number} bench line")
                number += 1
        return latencies


async def measure(port: int, names: list[str], logged: bool, window: int, seconds: float) -> str:
    speakers = [await Speaker.connect(port, name) for name in names]
    if logged:
        for speaker in speakers:
            speaker.send(f"LOG PROPOSE {ROOM}")
            await speaker.until("LogServ")
        speakers[0].send("TOPIC " + ROOM)
        assert "[logged]" in await speakers[0].until(" 332 ")
    started = time.perf_counter()
    results = await asyncio.gather(*(s.speak(window, seconds) for s in speakers))
    elapsed = time.perf_counter() - started
    for speaker in speakers:
        speaker.writer.close()
    latencies = sorted(x for result in results for x in result)
    p99 = latencies[int(len(latencies) * 0.99)]
    return (
        f"{'logged' if logged else 'not logged':>10}: {len(latencies) / elapsed:8.0f} lines/s, "
        f"ack latency median {statistics.median(latencies) * 1000:6.2f} ms, "
        f"p99 {p99 * 1000:6.2f} ms ({len(latencies)} lines)"
    )


def serve(data_dir: Path) -> tuple[subprocess.Popen[bytes], int, str]:
    command = [
        sys.executable, "-m", "boudoir", "serve", "--data-dir", str(data_dir),
        "--web-port", "auto", "--irc-port", "auto", "--irc-tls-port", "0",
        "--telnet-port", "0", "--telnet-tls-port", "0",
    ]  # fmt: skip
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BOUDOIR_")}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment | UNTHROTTLED
    )
    words = dict(
        word.split("=", 1)
        for word in wait_ready(process, TIMEOUT_SECONDS).decode().split()
        if "=" in word
    )
    return process, int(words["irc"].rsplit(":", 1)[1]), words["web"]


def one_run(arguments: argparse.Namespace, logged: bool) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        process, port, web = serve(Path(scratch) / "data")
        try:
            names = [f"s{i:03}" for i in range(arguments.speakers)]
            for name in names:
                body = {"name": name, "password": PASSWORD, "born": "1990-01-01", "attest": True}
                httpx.post(f"{web}/api/v1/accounts", json=body, timeout=30).raise_for_status()
            return asyncio.run(measure(port, names, logged, arguments.window, arguments.seconds))
        finally:
            process.terminate()
            process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speakers", type=int, default=10)
    parser.add_argument("--window", type=int, default=4, help="lines in flight per speaker")
    parser.add_argument("--seconds", type=float, default=5.0)
    arguments = parser.parse_args()
    for logged in (False, True):
        print(one_run(arguments, logged), flush=True)


if __name__ == "__main__":
    main()
