"""The pieces of IRC lines (``boudoir.wire.irc.event_lines``) under the names the command
modules import: masks, channel names, server-time and text split to fit a line. Events are
rendered by ``wire.irc.render_events.render``."""

from boudoir.wire.irc.event_lines import EMIT_MARK as EMIT_MARK
from boudoir.wire.irc.event_lines import HOST as HOST
from boudoir.wire.irc.event_lines import SERVICE_MASK as SERVICE_MASK
from boudoir.wire.irc.event_lines import USER as USER
from boudoir.wire.irc.event_lines import channel as channel
from boudoir.wire.irc.event_lines import hidden_topic as hidden_topic
from boudoir.wire.irc.event_lines import mask_of as mask_of
from boudoir.wire.irc.event_lines import message_lines as message_lines
from boudoir.wire.irc.event_lines import server_time as server_time
from boudoir.wire.irc.event_lines import split_text as split_text
from boudoir.wire.irc.event_lines import tag_mask as tag_mask
