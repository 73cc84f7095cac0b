"""Account lifecycle: register, attest, authenticate, settings, export and erase."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from boudoir.core.invitations import InvitationService
from boudoir.core.log_export import export_logs
from boudoir.core.login_queue import LoginQueue, Told, lower_thread_priority
from boudoir.core.login_throttle import LoginThrottle
from boudoir.core.mail import export_mail
from boudoir.core.moderation import Actor, export_reports
from boudoir.core.naming import claim_name
from boudoir.core.passwords import MAX_PASSWORD, MIN_PASSWORD, weakness
from boudoir.core.places import export_world
from boudoir.core.ports import Clock, PasswordHasher, Store
from boudoir.core.rooms import refused
from boudoir.core.throttle import SignupThrottle
from boudoir.core.verified_credentials import VerifiedCredentials
from boudoir.domain import consent, moderation
from boudoir.domain.entities import (
    ATTESTATION_STATEMENT,
    Account,
    Attestation,
    Character,
    DirectMessagePolicy,
    PresenceVisibility,
    Role,
    check_born,
)
from boudoir.domain.errors import (
    AuthenticationFailed,
    AwaitingApproval,
    ConsentRefused,
    InvalidInput,
    NotFound,
)
from boudoir.domain.ids import AccountId, new_account_id, new_character_id
from boudoir.domain.invitations import Invitation, SignupMode
from boudoir.domain.mentions import check_mention_words
from boudoir.domain.names import name_key
from boudoir.domain.profiles import sections_document
from boudoir.domain.ratings import Rating

EXPORT_FORMAT = "boudoir.account-export.v1"

AccountListener = Callable[[AccountId, Account | None], None]
"""Told of every change to an account: the new value, or ``None`` once it is erased."""
LoginCheck = Callable[[Account], Awaitable[None]]
"""Run on every successful login (password, SASL, IDENTIFY); raises to refuse it (a
suspension)."""


def check_password(password: str, names: Iterable[str] = ()) -> str:
    """``password`` if it may be set for the account whose account and character names are
    ``names``; ``InvalidInput`` saying why not."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"A password is at least {MIN_PASSWORD} characters long.")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"A password is at most {MAX_PASSWORD} characters long.")
    why = weakness(password, names)
    if why is not None:
        raise InvalidInput(why)
    return password


T = TypeVar("T")

HASHING_THREADS = 2
"""Threads that run argon2 (one core each, parallelism 1). More would not hash faster on a
small machine, and each thread's allocator keeps the 19 MiB a hash needs: with the default
executor's six threads a login burst left the process 100 MiB larger for good."""


async def _image_export(store: Store, character: Character) -> dict[str, str] | None:
    """The character's stored image as ``{"type", "data" (base64)}``, or None."""
    found = await store.characters.image(character.id) if character.has_image else None
    if found is None:
        return None
    return {"type": found[0], "data": base64.b64encode(found[1]).decode("ascii")}


class AccountService:
    def __init__(self, store: Store, hasher: PasswordHasher, clock: Clock) -> None:
        self._store = store
        self._hasher = hasher
        self._hashing = ThreadPoolExecutor(
            HASHING_THREADS, thread_name_prefix="argon2", initializer=lower_thread_priority
        )
        self._clock = clock
        self._listeners: list[AccountListener] = []
        self.changed_here: list[Callable[[AccountId], None]] = []
        """Told of every change this process made to an account (a cluster node tells the
        other nodes, which read it from the store), before the listeners."""
        self.login_checks: list[LoginCheck] = []
        self.login_throttle = LoginThrottle()
        self.signups: SignupThrottle | None = None
        """Limits sign-ups through the gateways per address and overall; the composition root
        sets it from the operator's settings (a world built without it, as in tests, does not
        limit them)."""
        self.signups_counted_here: list[Callable[[str], None]] = []
        """Told of every sign-up ``signups`` counted here, with its address."""
        self.signup_mode = SignupMode.OPEN
        """Who may sign up through the gateways (``register`` with an address): anyone, the
        holders of an invitation code, or anyone but only to log in once approved. The
        composition root sets it from the operator's settings."""
        self.invitations = InvitationService(store, clock)
        # Verifying against a real hash when the account does not exist keeps the time of a
        # failed login the same whether or not the name exists.
        self._dummy_hash: str | None = None
        self._dummy_made = asyncio.Lock()
        self.queue = LoginQueue()
        """Verifications wait their turn here, fairly, a few at a time."""
        self.verified = VerifiedCredentials()
        """Passwords verified since start (in memory only): a reconnection skips argon2."""
        self._listeners.append(self._forget_old_passwords)

    def add_listener(self, listener: AccountListener) -> None:
        self._listeners.append(listener)

    def _notify(self, account_id: AccountId, account: Account | None, *, here: bool = True) -> None:
        if here:
            for changed in self.changed_here:
                changed(account_id)
        for listener in self._listeners:
            listener(account_id, account)

    async def _hash(self, password: str) -> str:
        # argon2 takes tens of milliseconds of CPU: keep it off the event loop.
        return await self._off_loop(self._hasher.hash, password)

    async def _verify(
        self,
        stored: str,
        password: str,
        account: Account | None,
        address: str = "",
        told: Told | None = None,
    ) -> bool:
        """Whether ``password`` matches ``stored`` (``account``'s hash, or the dummy one):
        at once if it was verified since start, else in its turn in ``queue``."""
        if account is not None and self.verified.holds(account.id, stored, password[:MAX_PASSWORD]):
            return True
        async with self.queue.turn(address, told):
            return await self._matches(stored, password, account)

    async def _matches(self, stored: str, password: str, account: Account | None) -> bool:
        """``_verify`` for a caller already holding its turn in ``queue``."""
        password = password[:MAX_PASSWORD]
        if account is not None and self.verified.holds(account.id, stored, password):
            return True
        ok = await self._off_loop(self._hasher.verify, stored, password)
        if ok and account is not None:
            self.verified.add(account.id, stored, password)
        return ok

    async def _dummy(self) -> str:
        async with self._dummy_made:  # made once, however many logins ask at the same time
            if self._dummy_hash is None:
                self._dummy_hash = await self._hash("not a password of anyone's")
        return self._dummy_hash

    def _forget_old_passwords(self, account_id: AccountId, account: Account | None) -> None:
        self.verified.forget(
            account_id, keep_hash=account.password_hash if account is not None else None
        )

    async def _check_password(self, password: str, names: list[str]) -> None:
        # zxcvbn takes up to tens of milliseconds of CPU too.
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._hashing, check_password, password, names)

    async def _off_loop(self, work: Callable[..., T], *arguments: str) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._hashing, work, *arguments)

    async def get(self, account_id: AccountId) -> Account:
        account = await self._store.accounts.get(account_id)
        if account is None:
            raise NotFound("No such account.")
        return account

    async def find(self, name: str) -> Account:
        account = await self._store.accounts.find_by_name(name)
        if account is None:
            raise NotFound(f"No account is named {name!r}.")
        return account

    async def list_all(self) -> list[Account]:
        return await self._store.accounts.list_all()

    async def register(
        self,
        name: str,
        password: str,
        born: dt.date,
        *,
        attest: bool = False,
        role: Role = Role.MEMBER,
        with_character: bool = True,
        address: str | None = None,
        invitation: str | None = None,
        told: Told | None = None,
    ) -> Account:
        """Create an account (and, by default, a first character of the same name).

        ``attest`` records the person's explicit statement that they are an adult at once.
        ``address`` is where a sign-up through a gateway comes from: such sign-ups are limited
        per address and overall (``Throttled``), then held to the sign-up mode, before the
        password is hashed. None is an operator's, neither limited nor held.

        In the ``invitation`` mode a gateway's sign-up needs the code ``invitation``
        (``InvitationRequired``, ``InvitationInvalid``), which loses one use when the account
        is stored. In the ``approval`` mode the account is made ``awaiting_approval``: the
        gateway tells the person so instead of logging them in.

        The password's checks and its hashing cost CPU as a login's verification does: they
        wait their turn in ``queue`` with the logins (``told`` hears how many are ahead), so a
        storm of sign-ups neither starves the event loop nor jumps ahead of the logins.
        """
        now = self._clock()
        check_born(born, now.date())
        signing_up = address is not None
        if address is not None and self.signups is not None:
            # Counted before the password's checks and its hashing, which cost CPU.
            self.signups.attempt(address)
            for counted in self.signups_counted_here:
                counted(address)
        chosen: Invitation | None = None
        if signing_up and self.signup_mode is SignupMode.INVITATION:
            chosen = await self.invitations.check(invitation, now)
        # The name first: a store read, which must not hold one of the queue's few places.
        name, shape = await claim_name(self._store, name, None, "account")
        async with self.queue.turn(address or "", told):
            await self._check_password(password, [name])
            password_hash = await self._hash(password)
        account_id = new_account_id()
        account = Account(
            id=account_id,
            name=name,
            password_hash=password_hash,
            born=born,
            created_at=now,
            role=role,
            attestation=Attestation(ATTESTATION_STATEMENT, now) if attest else None,
            awaiting_approval=signing_up and self.signup_mode is SignupMode.APPROVAL,
        )
        if chosen is not None:
            # Taken last, so a refused name or password costs the code nothing.
            await self.invitations.use(chosen, self._clock())
        try:
            await self._store.accounts.add(account, shape)
        except BaseException:
            if chosen is not None:
                await self.invitations.give_back(chosen)
            raise
        if with_character:
            character = Character(
                id=new_character_id(), account_id=account_id, name=name, created_at=now
            )
            await self._store.characters.add(character, shape)
        return account

    async def _save(self, account: Account, **changes: Any) -> Account:
        account = dataclasses.replace(account, revision=account.revision + 1, **changes)
        await self._store.accounts.update(account)
        self._notify(account.id, account)
        return account

    async def attest(
        self, account_id: AccountId, *, statement: str = ATTESTATION_STATEMENT, method: str = "self"
    ) -> Account:
        """Record that the account holder affirmed ``statement`` (or that an operator's age
        verification named by ``method`` vouched for them)."""
        account = await self.get(account_id)
        now = self._clock()
        check_born(account.born, now.date())
        if not statement.strip():
            raise InvalidInput("An attestation needs the statement the person affirmed.")
        return await self._save(account, attestation=Attestation(statement, now, method))

    async def authenticate(
        self, name: str, password: str, *, address: str = "", told: Told | None = None
    ) -> Account:
        """Check a login. Guesses are throttled (``core.login_throttle``) before the password
        is hashed; the error is the same whether the name or the password was wrong. The
        verification waits its turn in ``queue``; ``told`` hears how many are ahead."""
        key = name_key(name)[:64]
        delay = self.login_throttle.attempt(address, key)
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            account = await self._store.accounts.find_by_name(name) if name else None
            stored = account.password_hash if account is not None else await self._dummy()
            ok = await self._verify(stored, password, account, address, told)
        finally:
            self.login_throttle.settled(address)
        if account is None or not ok:
            raise AuthenticationFailed()
        self.login_throttle.succeeded(address, key)
        if account.awaiting_approval:
            # Said only to whoever knows the password: to anyone else this login failed
            # like any other.
            raise AwaitingApproval()
        for login_check in self.login_checks:
            await login_check(account)
        if self._hasher.needs_rehash(account.password_hash):
            # Once per account after the hashing parameters changed, in the queue too: after
            # such an upgrade a storm's every login would otherwise hash outside it.
            async with self.queue.turn(address, told):
                password_hash = await self._hash(password)
            account = await self._save(account, password_hash=password_hash)
        return account

    async def change_password(
        self,
        account_id: AccountId,
        new_password: str,
        *,
        old_password: str | None = None,
        address: str = "",
        told: Told | None = None,
    ) -> Account:
        """Set a new password. People give their old one; operators resetting pass ``None``.

        Checking the new password, verifying the old one and hashing the new cost CPU as a
        login does: they take one turn in ``queue`` with the logins, fairly by ``address``
        (``told`` hears how many are ahead), so a crowd of password changes can neither jump
        ahead of a login storm nor take the hashing threads from it."""
        account = await self.get(account_id)
        characters = await self._store.characters.list_for_account(account_id)
        names = [account.name, *(c.name for c in characters)]
        key = name_key(account.name)[:64]
        if old_password is not None:
            # Throttled like a login: a session left open must not be a way to guess it. Any
            # delay is waited out before the turn, which must not hold a place asleep.
            delay = self.login_throttle.attempt("", key)
            if delay > 0:
                await asyncio.sleep(delay)
        async with self.queue.turn(address, told):
            if old_password is not None:
                if not await self._matches(account.password_hash, old_password, account):
                    raise AuthenticationFailed("Your current password is not right.")
                self.login_throttle.succeeded("", key)
            await self._check_password(new_password, names)
            password_hash = await self._hash(new_password)
        return await self._save(account, password_hash=password_hash)

    async def approve(self, account_id: AccountId) -> Account:
        """Let an account made in the ``approval`` mode log in. Approving twice is no error."""
        account = await self.get(account_id)
        if not account.awaiting_approval:
            return account
        return await self._save(account, awaiting_approval=False)

    async def awaiting_approval(self) -> list[Account]:
        """Accounts no operator has approved yet, oldest first."""
        return [a for a in await self.list_all() if a.awaiting_approval]

    async def approve_as(self, actor: Actor, name: str) -> Account:
        """``approve`` by a server moderator or operator (ModServ, the HTTP API's
        moderation endpoints); the name is the account's or one of its characters'."""
        self._admits(actor)
        account = await self._store.accounts.find_by_name(name)
        if account is None:
            character = await self._store.characters.find_by_name(name)
            account = await self._store.accounts.get(character.account_id) if character else None
        if account is None:
            raise NotFound(f"No account is named {name!r}.")
        return await self.approve(account.id)

    async def awaiting_approval_as(self, actor: Actor) -> list[Account]:
        """``awaiting_approval``, for server staff."""
        self._admits(actor)
        return await self.awaiting_approval()

    @staticmethod
    def _admits(actor: Actor) -> None:
        decision = moderation.admit_accounts(actor.person)
        if not decision:
            raise refused(decision)

    async def set_role(self, account_id: AccountId, role: Role) -> Account:
        return await self._save(await self.get(account_id), role=role)

    async def update_settings(
        self,
        account_id: AccountId,
        *,
        dm_policy: DirectMessagePolicy | None = None,
        presence_visibility: PresenceVisibility | None = None,
        ratings: Iterable[Rating] | None = None,
        mention_words: Iterable[str] | None = None,
    ) -> Account:
        account = await self.get(account_id)
        changes: dict[str, Any] = {}
        if mention_words is not None:
            changes["mention_words"] = check_mention_words(mention_words)
        if dm_policy is not None:
            changes["dm_policy"] = dm_policy
        if presence_visibility is not None:
            changes["presence_visibility"] = presence_visibility
        if ratings is not None:
            chosen = frozenset(ratings) | {Rating.GENERAL}
            person = consent.Person.of(account)
            for rating in chosen:
                decision = consent.choose_rating(person, rating)
                if not decision and decision.reason is not None:
                    raise ConsentRefused(decision.reason.value, decision.reason.message)
            changes["ratings"] = chosen
        if not changes:
            return account
        return await self._save(account, **changes)

    async def export(self, account_id: AccountId) -> dict[str, Any]:
        """Everything the server holds about the account, as one JSON-ready document."""
        account = await self.get(account_id)
        store = self._store
        characters = await store.characters.list_for_account(account_id)
        rooms = await store.rooms.list_all()
        return {
            "format": EXPORT_FORMAT,
            "exported_at": self._clock().isoformat(),
            "account": {
                "name": account.name,
                "born": account.born.isoformat(),
                "created_at": account.created_at.isoformat(),
                "role": account.role.value,
                "attestation": None
                if account.attestation is None
                else {
                    "statement": account.attestation.statement,
                    "attested_at": account.attestation.attested_at.isoformat(),
                    "method": account.attestation.method,
                },
                "ratings": sorted(r.label for r in account.ratings),
                "direct_message_policy": account.dm_policy.value,
                "presence_visibility": account.presence_visibility.value,
                "mention_words": list(account.mention_words),
            },
            "characters": [
                {
                    "name": c.name,
                    "created_at": c.created_at.isoformat(),
                    "pronouns": c.pronouns,
                    "short_description": c.short_description,
                    "long_description": c.long_description,
                    "declared_age": c.declared_age,
                    "interests": [{"topic": i.topic, "level": i.level.value} for i in c.interests],
                    "hard_limits": list(c.hard_limits),
                    **sections_document(c.details, c.kinks, c.custom_kinks, c.visibility),
                    "findable": c.findable,
                    "image": await _image_export(store, c),
                }
                for c in characters
            ],
            # Others are named as the character through which this person met them: an account
            # name or another character of theirs would reveal what they have not shared.
            "friends": sorted((await store.relations.friends_of(account_id)).values()),
            "blocks": sorted((await store.relations.blocks_by(account_id)).values()),
            "accepted_contacts": sorted((await store.relations.contacts_of(account_id)).values()),
            "rooms_owned": sorted(r.name for r in rooms if r.owner_id == account_id),
            "rooms_moderated": sorted(r.name for r in rooms if account_id in r.moderator_ids),
            "rooms_banned_from": sorted(r.name for r in rooms if account_id in r.banned_ids),
            # Where the account is logged in from a browser; no address is kept.
            "login_sessions": [
                {
                    "created_at": login.created_at.isoformat(),
                    "last_seen_at": login.last_seen_at.isoformat(),
                    "client": login.client,
                }
                for login in await store.logins.list_for_account(account_id)
            ],
            "messages": "Boudoir stores message text only in logs that everyone present agreed "
            "to, and in mail; those this account may read are under 'logs' and 'mail'.",
            "logs": await export_logs(store, account_id),
            # The reports this person made; reports about them are the moderators' record.
            "reports": await export_reports(store, account_id),
            # The walkable world (exits and things it owns, homes, last seen) and its mail.
            "world": await export_world(store, account_id),
            "mail": await export_mail(store, account_id),
        }

    async def erase(self, account_id: AccountId) -> None:
        """Delete the account and everything tied to it; its live sessions end."""
        await self.get(account_id)
        await self._store.accounts.erase(account_id)
        self._notify(account_id, None)

    def refresh_from_store(self, account_id: AccountId, account: Account | None) -> None:
        """A change made elsewhere (the CLI, another node) was noticed: tell the listeners."""
        self._notify(account_id, account, here=False)

    def changed_elsewhere(self, account_id: AccountId) -> None:
        """Another node (or the CLI) changed the account, perhaps its password: forget the
        passwords verified for it here, whether or not anyone is logged in to it here."""
        self.verified.forget(account_id)
