"""The one place that answers "may A do X to B (here)?".

Every question is a pure function over plain data: the two people as ``Person`` values, the
facts between them as ``Ties``, and the room where it matters. Each answer is a ``Decision``:
allow, deliver as a request, or refuse with a stable ``Reason``.

Blocks never reveal themselves: whatever a block refuses is refused with the same reason (and
so the same words, on every gateway) as a person who does not accept that kind of contact, or
who is offline. Presence and profiles are simply not shown, as for anyone hidden.

The rules live in the modules of this package, one kind of question each (``decisions``: the
shapes of an answer; ``contact``, ``scenes``, ``rooms``, ``logs``, ``calls``, ``profiles``);
callers import them from here, as ``consent.direct_message``.
"""

from __future__ import annotations

from boudoir.domain.consent.calls import place_call, see_cam, start_cam, watch_cam
from boudoir.domain.consent.contact import (
    direct_message,
    invite,
    see_presence,
    see_presence_unless_blocked,
    see_presence_unnamed,
    see_profile,
    see_profile_details,
    whisper,
)
from boudoir.domain.consent.decisions import (
    ALLOW,
    NO_TIES,
    REQUEST,
    Decision,
    Outcome,
    Person,
    Reason,
    Ties,
    choose_rating,
    enter_rating,
    refuse,
    ties_of,
)
from boudoir.domain.consent.logs import (
    delete_log_line,
    hear_again,
    logging_on,
    read_log_line,
)
from boudoir.domain.consent.profiles import (
    ad_tags_shown,
    found_in_search,
    sections_shown,
    see_section,
)
from boudoir.domain.consent.rooms import (
    change_moderator,
    change_topic,
    hearing,
    join_room,
    kick,
    list_room,
    manage_room,
    see_room_list,
    shown_as_written,
    speak,
)
from boudoir.domain.consent.scenes import (
    enter_scene,
    invite_to_scene,
    resume_scene,
    scene_limits_shown,
)

__all__ = [
    "ALLOW",
    "NO_TIES",
    "REQUEST",
    "Decision",
    "Outcome",
    "Person",
    "Reason",
    "Ties",
    "ad_tags_shown",
    "change_moderator",
    "change_topic",
    "choose_rating",
    "delete_log_line",
    "direct_message",
    "enter_rating",
    "enter_scene",
    "found_in_search",
    "hear_again",
    "hearing",
    "invite",
    "invite_to_scene",
    "join_room",
    "kick",
    "list_room",
    "logging_on",
    "manage_room",
    "place_call",
    "read_log_line",
    "refuse",
    "resume_scene",
    "scene_limits_shown",
    "sections_shown",
    "see_cam",
    "see_presence",
    "see_presence_unless_blocked",
    "see_presence_unnamed",
    "see_profile",
    "see_profile_details",
    "see_room_list",
    "see_section",
    "shown_as_written",
    "speak",
    "start_cam",
    "ties_of",
    "watch_cam",
    "whisper",
]
