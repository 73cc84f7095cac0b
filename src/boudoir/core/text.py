"""The text checks of ``boudoir.domain.text``, under the name the core's services import."""

from boudoir.domain.text import PDF as PDF
from boudoir.domain.text import PDI as PDI
from boudoir.domain.text import balance_bidi as balance_bidi
from boudoir.domain.text import bidi_openers as bidi_openers
from boudoir.domain.text import has_control_characters as has_control_characters
