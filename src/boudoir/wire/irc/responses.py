"""IRCv3 labeled-response (https://ircv3.net/specs/extensions/labeled-response): rendering the
answer to one labeled command.

Standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from boudoir.wire.irc.message import Message, render, render_message

MAX_LABEL = 64
"""labeled-response: a label "MUST NOT exceed 64 bytes"; a longer one is ignored, so a client
cannot make us echo kilobytes of tag."""


def render_labeled(
    messages: Sequence[Message], label: str, *, server_name: str, batch_reference: str
) -> list[bytes]:
    """The lines of one labeled response, per labeled-response:

    - no message: ``@label=<label> :<server> ACK``;
    - one message: that message, with the label tag added;
    - more: a ``labeled-response`` batch named ``batch_reference`` (unique among the client's
      open batches), the label on its start. A message already in a (nested) batch keeps it.
    """
    if not messages:
        return [render("ACK", source=server_name, tags={"label": label})]
    if len(messages) == 1:
        message = messages[0]
        return [render_message(replace(message, tags={**message.tags, "label": label}))]
    # "If a response consists of more than one message, a batch MUST be used to group them
    # into a single logical response. The start of the batch MUST be tagged with the label."
    lines = [
        render(
            "BATCH",
            f"+{batch_reference}",
            "labeled-response",
            source=server_name,
            tags={"label": label},
        )
    ]
    for message in messages:
        if "batch" not in message.tags:
            message = replace(message, tags={**message.tags, "batch": batch_reference})
        lines.append(render_message(message))
    lines.append(render("BATCH", f"-{batch_reference}", source=server_name))
    return lines
