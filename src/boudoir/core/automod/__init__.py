"""Automod: screens every message against the operators' rules before anyone receives it.

``AutomodService.screen`` is a ``messaging.SpeechScreen``: it costs nothing where no enabled
rule applies, and one regex search per action that has rules there otherwise. On a hit:

- ``flag``: the message is delivered, and an item is put in the moderators' queue;
- ``hold``: nobody receives it; the sender is told ``MessageHeld`` and the message waits in
  the queue until a moderator releases it (delivered then, if its place still exists) or drops
  it;
- ``block``: nobody receives it; the sender is told the rule's message (``MessageBlocked``).

Screening never waits: the queue is written by tasks this service owns (``settle`` waits for
them). Held room messages keep their text in the queue item, since moderators need it and may
read rooms anyway; a held scene message or direct message shows moderators only the rule and
the words it matched (nobody's role opens a private conversation), and its text waits in
memory for a release.

Rules are kept in the store; the default packs' rules are inserted at start when missing (by
id), so an operator disables rather than removes them.

``AutomodService`` (``world.automod``) is one object made of two parts over a shared base
(``base.py``): ``screening.py`` and ``rules.py``. This module is the public face: import from
``boudoir.core.automod``. Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from boudoir.core.automod.base import (
    FLAG_KIND,
    HOLD_KIND,
    OPERATOR,
    HeldMessage,
    ModerationQueue,
    QueueItemLike,
    Resolver,
)
from boudoir.core.automod.rules import AutomodRules, RuleFields, rule_fields
from boudoir.core.automod.screening import AutomodScreening

__all__ = [
    "FLAG_KIND",
    "HOLD_KIND",
    "OPERATOR",
    "AutomodService",
    "HeldMessage",
    "ModerationQueue",
    "QueueItemLike",
    "Resolver",
    "RuleFields",
    "rule_fields",
]


class AutomodService(AutomodScreening, AutomodRules):
    """Every automod operation, as ``world.automod``: the parts share one ``AutomodBase``."""
