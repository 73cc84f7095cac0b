"""IRC services as tables, sans-I/O: ``/msg <service> <verb> <arguments>`` parsed into
intents (``boudoir.domain.intents``).

Each service (NickServ, SceneServ, LogServ, ModServ, AutoMod) is a table of
``ServiceCommand``: the verb, its usage, its help line, and ``parse``, which makes the intent
from the words after the verb (quoted as a shell would: ``"two words"``) or raises ``Usage``.
The gateway runs the intent through the core and sends the reply as the service's notices
(``wire.irc.replies.service_text``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.wire.irc.services.automod import AUTOMOD
from boudoir.wire.irc.services.logserv import LOGSERV
from boudoir.wire.irc.services.modserv import MODSERV
from boudoir.wire.irc.services.nickserv import NICKSERV
from boudoir.wire.irc.services.sceneserv import SCENESERV
from boudoir.wire.irc.services.table import ServiceCommand, ServiceTable, Usage

__all__ = ["AUTOMOD", "MODSERV", "NICKSERV", "ServiceCommand", "ServiceTable", "Usage"]
__all__ = ["LOGSERV", "NICKSERV", "SCENESERV", "ServiceCommand", "ServiceTable", "Usage"]
