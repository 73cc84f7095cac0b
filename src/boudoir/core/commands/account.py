"""Handlers of the intents about one's own account, characters and profiles.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.core.ports import Session
from boudoir.domain.entities import ATTESTATION_STATEMENT, Character, Interest, InterestLevel
from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents.account import (
    AccountIntents,
    Attest,
    ChangeCharacter,
    ChangePassword,
    ChangeSettings,
    CreateCharacter,
    DeleteCharacter,
    Describe,
    EndSession,
    EraseAccount,
    ExportAccount,
    ListCharacters,
    ListSessions,
    ReadAttestation,
    SetAge,
    SetHardLimits,
    SetInterests,
    SetLongDescription,
    SetProfileAudience,
    SetPronouns,
    ShowAccount,
    ShowProfile,
    SwitchCharacter,
)
from boudoir.domain.names import name_key
from boudoir.domain.replies.account import (
    AccountErased,
    AccountExported,
    AccountReplies,
    AccountShown,
    AgeSet,
    AttestationStatement,
    Attested,
    CharacterChanged,
    CharacterCreated,
    CharacterDeleted,
    CharacterList,
    CharacterSwitched,
    Described,
    HardLimitsSet,
    InterestsSet,
    LoginEntry,
    LongDescriptionSet,
    PasswordChanged,
    ProfileAudienceSet,
    ProfileShown,
    PronounsSet,
    SessionEnded,
    SessionList,
    SettingsChanged,
)


def with_level(
    interests: Iterable[Interest], level: InterestLevel, topics: Iterable[str]
) -> list[Interest]:
    """``interests`` with those of ``level`` replaced by ``topics`` (a topic listed at another
    level moves to this one)."""
    chosen = list(topics)
    keys = {t.casefold() for t in chosen}
    kept = [i for i in interests if i.level is not level and i.topic.casefold() not in keys]
    return kept + [Interest(t, level) for t in chosen]


async def run(context: Context, intent: AccountIntents) -> AccountReplies:
    world, me = context.world, context.account_id
    match intent:
        case ReadAttestation():
            return AttestationStatement(ATTESTATION_STATEMENT)
        case Attest():
            return Attested(await world.accounts.attest(me))
        case ShowAccount():
            conn = context.connection
            account = await world.accounts.get(me)
            return AccountShown(account, None if conn is None else conn.character)
        case ChangeSettings(dm_policy, presence_visibility, ratings, mention_words):
            account = await world.accounts.update_settings(
                me,
                dm_policy=dm_policy,
                presence_visibility=presence_visibility,
                ratings=ratings,
                mention_words=mention_words,
            )
            given = (dm_policy, presence_visibility, ratings, mention_words)
            names = ("dm_policy", "presence_visibility", "ratings", "mention_words")
            return SettingsChanged(
                account, tuple(n for n, v in zip(names, given, strict=True) if v is not None)
            )
        case ChangePassword(old, new):
            return await _change_password(context, old, new)
        case ListSessions():
            return await _sessions(context)
        case EndSession(login_id):
            await world.logins.end(me, login_id)
            return SessionEnded(login_id, login_id == context.login_id)
        case ExportAccount():
            await world.logs.flush()  # lines logged a moment ago are part of it
            return AccountExported(await world.accounts.export(me))
        case EraseAccount(password):
            return await _erase(context, password)
        case ListCharacters():
            conn = context.connection
            owned = tuple(await world.characters.of_account(me))
            return CharacterList(owned, None if conn is None else conn.character.id)
        case CreateCharacter(name):
            return CharacterCreated(await world.characters.create(me, name))
        case SwitchCharacter(name):
            return await _switch(context, name)
        case DeleteCharacter(name):
            await world.delete_character(me, name)
            return CharacterDeleted(name)
        case ChangeCharacter():
            return CharacterChanged(await _change_character(context, intent))
        case ShowProfile(name):
            name = name or _acting(context)  # no name: one's own
            profile = await world.profile(await world.accounts.get(me), name)
            kinks = world.characters.kink_list
            rated = tuple((k, kinks.name_of(k)) for k, _level in profile.character.kinks)
            return ProfileShown(
                profile.character, profile.online, profile.status, profile.sections, rated
            )
        case Describe(text):
            await world.describe(context.conn, text)
            return Described(text)
        case SetPronouns(text):
            await world.update_character(me, _acting(context), pronouns=text)
            return PronounsSet(text)
        case SetLongDescription(text):
            await world.update_character(me, _acting(context), long_description=text)
            return LongDescriptionSet(text)
        case SetAge(years):
            await world.update_character(me, _acting(context), declared_age=years)
            return AgeSet(years)
        case SetInterests(level, topics):
            interests = with_level(context.conn.character.interests, level, topics)
            await world.update_character(me, _acting(context), interests=interests)
            return InterestsSet(level, topics)
        case SetHardLimits(topics):
            await world.update_character(me, _acting(context), hard_limits=list(topics))
            return HardLimitsSet(topics)
        case SetProfileAudience(audience):
            await world.update_character(me, _acting(context), profile_audience=audience)
            return ProfileAudienceSet(audience)
        case _:
            assert_never(intent)


async def _sessions(context: Context) -> SessionList:
    logins = await context.world.logins.of_account(context.account_id)
    return SessionList(
        tuple(
            LoginEntry(
                each.id,
                each.created_at,
                each.last_seen_at,
                each.client,
                each.id == context.login_id,
            )
            for each in logins
        )
    )


async def _erase(context: Context, password: str) -> AccountErased:
    world, me = context.world, context.account_id
    account = await world.accounts.get(me)
    # Checked (and throttled) as a log-in: a browser left open must not be enough.
    await world.accounts.authenticate(account.name, password, address=context.address)
    logins = tuple(each.id for each in await world.logins.of_account(me))
    await world.accounts.erase(me)
    return AccountErased(logins)


def _acting(context: Context) -> str:
    """The name of the acting character: its own fields are changed from a live connection."""
    return context.conn.character.name


async def _change_password(context: Context, old: str, new: str) -> PasswordChanged:
    world, me = context.world, context.account_id
    await world.accounts.change_password(
        me, new, old_password=old, address=context.address, told=context.told
    )
    # Whoever held the old password may be logged in elsewhere: those sessions end on every
    # gateway; the connection (or browser login, and its sockets) that made the change goes on.
    conn, login_id = context.connection, context.login_id

    def spare(session: Session) -> bool:
        if conn is not None:
            return session is conn.session
        return login_id is not None and getattr(session, "login_id", None) == login_id

    ended = await world.end_other_sessions(me, keep_login=login_id, spare=spare)
    return PasswordChanged(tuple(ended))


async def _switch(context: Context, name: str) -> CharacterSwitched:
    world, conn = context.world, context.conn
    before = conn.ref
    rooms = [world.registry.rooms[room_id].ref for room_id in sorted(conn.rooms)]
    await world.switch_character(conn, name)
    if conn.character.id == before.id:
        return CharacterSwitched(conn.character.name)
    return CharacterSwitched(conn.character.name, before, tuple(rooms))


async def _change_character(context: Context, intent: ChangeCharacter) -> Character:
    world, me = context.world, context.account_id
    current = await world.characters.owned(me, intent.name)
    wanted = intent.new_name
    if wanted is not None and name_key(wanted) != name_key(current.name):
        raise InvalidInput(
            "A character's name cannot be changed, only the case of its letters; "
            "create another one."
        )
    if intent.created_at is not None and intent.created_at != current.created_at.isoformat():
        raise InvalidInput("A character's creation time cannot be changed.")
    if intent.clears_age and current.declared_age is not None:
        raise InvalidInput("A declared age can be changed but not removed.")
    character = await world.update_character(
        me,
        intent.name,
        pronouns=intent.pronouns,
        short_description=intent.short_description,
        long_description=intent.long_description,
        declared_age=intent.declared_age,
        interests=None if intent.interests is None else list(intent.interests),
        hard_limits=None if intent.hard_limits is None else list(intent.hard_limits),
        profile_audience=intent.profile_audience,
        profile=intent.profile,
    )
    if wanted is not None and wanted != character.name:
        # The same name in another case: shown so from now on, everywhere. Checked for
        # look-alikes as a new name would be; changed after the profile.
        character = await world.recase_character(me, character.name, wanted)
    return character
