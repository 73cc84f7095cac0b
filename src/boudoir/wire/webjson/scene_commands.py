"""The limits of the scene commands a browser sends (docs/websocket.md, "Scenes"); the
commands themselves are the domain's scene intents (``boudoir.domain.intents.scenes``), and
``commands.SPECS`` holds how each is parsed.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final

from boudoir.domain.ratings import Rating

RATINGS: Final = {rating.label: rating for rating in Rating}
MAX_LIST: Final = 32
"""Items in a list field (tags, names to block): a scene is small."""
