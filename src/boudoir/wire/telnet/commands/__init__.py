"""Telnet command lines, sans-I/O: the MUCK line parser and the table of commands that become
intents (``boudoir.domain.intents``).

A line is read the MUCK way (FuzzBall's conventions): ``"hi`` says, ``:waves`` poses,
``;'s eyes glint`` semiposes, ``((brb))`` is out of character; otherwise the first word (up to
a ``/switch``) names a command. Each ``Spec`` gives a command's word, aliases, switches, usage
and help (``help`` is generated from them) and ``parse``, which turns the ``Line`` into an
intent or raises ``Usage``. The gateway runs the intent through the core and prints the reply
(``wire.telnet.replies``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.wire.telnet.commands.building import BUILDING_SPECS
from boudoir.wire.telnet.commands.lines import PREFIXES, Line, parse_line
from boudoir.wire.telnet.commands.mail import MAIL_SPECS
from boudoir.wire.telnet.commands.meetings import MEETING_SPECS
from boudoir.wire.telnet.commands.presence import PRESENCE_SPECS
from boudoir.wire.telnet.commands.profile import PROFILE_SPECS
from boudoir.wire.telnet.commands.relations import RELATION_SPECS
from boudoir.wire.telnet.commands.rooms import ROOM_SPECS
from boudoir.wire.telnet.commands.spec import Spec, Usage, one_name
from boudoir.wire.telnet.commands.speech import REQUEST_SPECS
from boudoir.wire.telnet.commands.world import WORLD_SPECS

SPECS: tuple[Spec, ...] = (
    *RELATION_SPECS,
    *PRESENCE_SPECS,
    *MAIL_SPECS,
    *WORLD_SPECS,
    *BUILDING_SPECS,
    *MEETING_SPECS,
    *ROOM_SPECS,
    *REQUEST_SPECS,
    *PROFILE_SPECS,
)
"""Every telnet command that is an intent, of every family."""

__all__ = ["PREFIXES", "SPECS", "Line", "Spec", "Usage", "one_name", "parse_line"]
