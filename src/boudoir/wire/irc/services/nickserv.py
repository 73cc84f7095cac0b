"""NickServ's table: accounts, characters, settings, friends, blocks and message requests.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents.relations import Block, ListBlocks, Unblock
from boudoir.domain.intents.speech import AcceptRequest, DeclineRequest, ListRequests
from boudoir.wire.irc.services.table import ServiceCommand, ServiceTable, one

NICKSERV = ServiceTable(
    "NickServ",
    (
        ServiceCommand(
            "BLOCK",
            "BLOCK <name>",
            "block a person: all their characters, never told",
            lambda words: Block(one(words)),
        ),
        ServiceCommand(
            "UNBLOCK", "UNBLOCK <name>", "lift a block", lambda words: Unblock(one(words))
        ),
        ServiceCommand("BLOCKS", "BLOCKS", "the people you block", lambda words: ListBlocks()),
        ServiceCommand(
            "REQUESTS",
            "REQUESTS",
            "message requests from strangers",
            lambda words: ListRequests(),
        ),
        ServiceCommand(
            "ACCEPT",
            "ACCEPT <name>",
            "answer a message request",
            lambda words: AcceptRequest(one(words)),
        ),
        ServiceCommand(
            "DECLINE",
            "DECLINE <name>",
            "answer a message request",
            lambda words: DeclineRequest(one(words)),
        ),
    ),
)
