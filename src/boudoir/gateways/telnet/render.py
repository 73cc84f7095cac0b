"""The telnet renderer (``boudoir.wire.telnet.render``), under the names the command modules
import: events as MU* text for one ``View``, ``columns`` for their tables, and the words that
stand for text hidden by the reader's own block."""

from boudoir.wire.telnet.render import HIDDEN_TEXT as HIDDEN_TEXT
from boudoir.wire.telnet.render import HIDDEN_TOPIC as HIDDEN_TOPIC
from boudoir.wire.telnet.render import View as View
from boudoir.wire.telnet.render import render as render_event
from boudoir.wire.telnet.text import columns as columns

__all__ = ["HIDDEN_TEXT", "HIDDEN_TOPIC", "View", "columns", "render_event"]
