"""IRC, sans I/O: messages, the server side of a client connection, and its events.

Follows Modern IRC (https://modern.ircdocs.horse/) and the IRCv3 specifications named in each
module. Standard library only.
"""

from boudoir.wire.irc.capabilities import CAP_VERSION_302, CAP_VERSION_LEGACY
from boudoir.wire.irc.connection import (
    DEFAULT_PRE_REGISTRATION_COMMANDS,
    MAX_HELD_LINES,
    IrcConnection,
)
from boudoir.wire.irc.events import (
    CommandReceived,
    ConnectionLost,
    IrcEvent,
    QuitRequested,
    RegistrationRequested,
    SaslPlainReceived,
)
from boudoir.wire.irc.framing import MAX_BUFFERED, MAX_CLIENT_TAGS, MAX_LINE, MAX_TAGS_SECTION
from boudoir.wire.irc.message import (
    MAX_PARAMS,
    IrcSyntaxError,
    Message,
    escape_tag_value,
    parse_message,
    render,
    render_message,
    unescape_tag_value,
)
from boudoir.wire.irc.responses import MAX_LABEL
from boudoir.wire.irc.sasl import MAX_SASL_ATTEMPTS, MAX_SASL_CHUNK, MAX_SASL_PAYLOAD

__all__ = [
    "CAP_VERSION_302",
    "CAP_VERSION_LEGACY",
    "DEFAULT_PRE_REGISTRATION_COMMANDS",
    "MAX_BUFFERED",
    "MAX_CLIENT_TAGS",
    "MAX_HELD_LINES",
    "MAX_LABEL",
    "MAX_LINE",
    "MAX_PARAMS",
    "MAX_SASL_ATTEMPTS",
    "MAX_SASL_CHUNK",
    "MAX_SASL_PAYLOAD",
    "MAX_TAGS_SECTION",
    "CommandReceived",
    "ConnectionLost",
    "IrcConnection",
    "IrcEvent",
    "IrcSyntaxError",
    "Message",
    "QuitRequested",
    "RegistrationRequested",
    "SaslPlainReceived",
    "escape_tag_value",
    "parse_message",
    "render",
    "render_message",
    "unescape_tag_value",
]
