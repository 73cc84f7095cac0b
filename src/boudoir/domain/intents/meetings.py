"""Intents about meeting requests (MUCK ``meetme``): asking someone to meet, the requests
waiting for one, and declining one. Saying yes moves someone, which the gateway does.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class MeetingIntent:
    """Base of the intents about meeting requests."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class RequestMeeting(MeetingIntent):
    """Ask the character ``name`` to meet; refused as a direct message is, never saying why."""

    name: str


@dataclass(frozen=True, slots=True)
class ListMeetingRequests(MeetingIntent):
    """Who is asking to meet one."""


@dataclass(frozen=True, slots=True)
class DeclineMeeting(MeetingIntent):
    """Say no to ``name``'s request (``block``: and block them; they read the same)."""

    name: str
    block: bool = False


MeetingIntents = RequestMeeting | ListMeetingRequests | DeclineMeeting
