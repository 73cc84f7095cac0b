"""The one error of the browser protocol's parser: a message that is not a valid command.

Imports the standard library only.
"""

from __future__ import annotations

from typing import Final


class BadMessage(Exception):
    """The client sent something that is not a valid command. ``message`` says what, for a
    person; ``ref`` is the command's ``ref`` when it could be read, so the error can carry it."""

    code: Final = "bad_message"

    def __init__(self, message: str, ref: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.ref = ref
