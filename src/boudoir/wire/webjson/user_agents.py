"""The label a browser's log-in session is listed with, from its User-Agent. Sans-I/O.

Imports the standard library only.
"""

from __future__ import annotations

import re
from typing import Final

_BROWSERS: Final = (
    # Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari".
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS: Final = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)
_PROGRAM: Final = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,30}")


def describe_client(user_agent: str) -> str:
    """A short label for the list of sessions ("Firefox on Linux"), from the User-Agent. Only
    the browser's family and system are kept: a full User-Agent helps fingerprint a person.
    At most 31 characters (a program's name), within the login service's limit."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or f"A browser on {system}"
    program = _PROGRAM.match(user_agent.strip())
    return program.group() if program else "Unknown client"
