"""Domain errors. Each carries a stable code and a message that is safe to show to the user.

Gateways map codes to their own replies (IRC numerics, JSON errors, telnet text) in one table
each; they never send ``str(exc)`` of any other exception to a client.
"""

from __future__ import annotations


class BoudoirError(Exception):
    """Base of every error a user may be told about."""

    code: str = "error"
    default_message: str = "That did not work."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class InvalidInput(BoudoirError):
    code = "invalid_input"
    default_message = "That input is not valid."


class InvalidName(InvalidInput):
    code = "invalid_name"
    default_message = "That name is not valid."


class ReservedName(InvalidName):
    code = "name_reserved"
    default_message = "That name is reserved."


class NameTaken(BoudoirError):
    code = "name_taken"
    default_message = "That name is already taken."


class NameRegistered(NameTaken):
    """A name held by an account or a character, asked for by someone not logged in to it."""

    code = "name_registered"
    default_message = "That name is registered: log in to use it."


class NameConfusable(NameTaken):
    code = "name_confusable"
    default_message = "That name looks too much like a name already in use."


class NotFound(BoudoirError):
    code = "not_found"
    default_message = "No such thing."


class AuthenticationFailed(BoudoirError):
    code = "authentication_failed"
    default_message = "Wrong name or password."


class Throttled(BoudoirError):
    code = "throttled"
    default_message = "Too many attempts; wait a moment and try again."

    def __init__(self, message: str | None = None, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        """Seconds until an attempt is counted afresh, when known (HTTP ``Retry-After``)."""


class NotAllowed(BoudoirError):
    code = "not_allowed"
    default_message = "You may not do that."


class NotAttested(BoudoirError):
    code = "age_not_attested"
    default_message = "Attest that you are an adult first."


class TooYoung(InvalidInput):
    code = "too_young"
    default_message = "Boudoir is for adults only: you must be 18 or over."


class ConsentRefused(BoudoirError):
    """A consent check said no. ``reason`` is a stable ``consent.Reason`` value."""

    code = "consent_refused"

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


class NotInRoom(BoudoirError):
    code = "not_in_room"
    default_message = "You are not in that room."


class AlreadyInRoom(BoudoirError):
    code = "already_in_room"
    default_message = "You are already in that room."


class LimitExceeded(BoudoirError):
    code = "limit_exceeded"
    default_message = "That is over a limit."


class Unreachable(BoudoirError):
    """The recipient is on another node of a cluster that cannot be reached right now."""

    code = "unreachable"
    default_message = (
        "Part of the server cannot be reached right now: that was not delivered. Try again shortly."
    )


class StoreUnavailable(BoudoirError):
    """The database cannot be reached right now (restarting, or its machine lost): what was
    asked needed it and was not done. People already connected keep talking meanwhile."""

    code = "store_unavailable"
    default_message = "The server cannot reach its database right now: try again in a moment."


class MessageHeld(BoudoirError):
    """Automod stopped a message until a moderator releases or drops it. Nobody received it."""

    code = "held_for_review"
    default_message = "Your message is held for review by the moderators."


class MessageBlocked(BoudoirError):
    """An automod rule refuses the message; its message is the rule's own words."""

    code = "blocked_by_automod"
    default_message = "Your message was not sent: it breaks a rule of this server."


class AccountSuspended(NotAllowed):
    """A login refused while a suspension or account ban is in force."""

    code = "account_suspended"
    default_message = "This account is suspended."


class Muted(NotAllowed):
    """Speech refused in a room where a moderator muted the speaker."""

    code = "muted"
    default_message = "You are muted in this room."


class LogNotWritten(BoudoirError):
    """A line said in a logged room was heard but the store did not take it."""

    code = "log_not_written"
    default_message = (
        "Your line was heard, but the log could not be written just now: it may not be kept."
    )


class InvitationRequired(BoudoirError):
    """A sign-up without an invitation code on a server that asks for one."""

    code = "invitation_required"
    default_message = "This server makes accounts by invitation only: give an invitation code."


class InvitationInvalid(BoudoirError):
    """A sign-up whose invitation code is wrong, used up, revoked or expired (the message
    says which: whoever typed the code has it already)."""

    code = "invitation_invalid"
    default_message = "That invitation code is not valid."


class AwaitingApproval(NotAllowed):
    """A login with the right password to an account an operator has not approved yet."""

    code = "awaiting_approval"
    default_message = (
        "Your account is waiting for an operator's approval: you can log in once it is approved."
    )
