"""Accounts: registering, names, attesting, logging in, throttling, passwords and settings."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.login_throttle import FREE_ADDRESS_FAILURES, FREE_PAIR_FAILURES, NAME_SOFT_LIMIT
from boudoir.core.passwords import MAX_PASSWORD, MIN_PASSWORD
from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.errors import (
    AuthenticationFailed,
    ConsentRefused,
    InvalidInput,
    NameConfusable,
    NameTaken,
    ReservedName,
    Throttled,
    TooYoung,
)
from boudoir.domain.ratings import Rating
from boudoir.testing.harness import ADULT_BIRTHDAY, PASSWORD, TestWorld

TODAY = dt.datetime(2025, 6, 15, 12, 0, tzinfo=dt.UTC)


async def fixed_world() -> TestWorld:
    return await TestWorld.start(clock=lambda: TODAY)


# --- registering -------------------------------------------------------------------------------


async def test_someone_who_turns_18_tomorrow_cannot_register_but_can_today_a_year_on() -> None:
    world = await fixed_world()
    accounts = world.world.accounts
    with pytest.raises(TooYoung):
        await accounts.register("juniper", PASSWORD, dt.date(2007, 6, 16))
    account = await accounts.register("juniper", PASSWORD, dt.date(2007, 6, 15))
    assert account.name == "juniper"


@pytest.mark.parametrize(
    "born",
    [
        pytest.param(dt.date(2025, 6, 16), id="tomorrow"),
        pytest.param(dt.date(2090, 1, 1), id="far-future"),
        pytest.param(dt.date(1890, 1, 1), id="135-years-ago"),
        pytest.param(dt.date(1, 1, 1), id="year-one"),
    ],
)
async def test_an_impossible_date_of_birth_is_refused(born: dt.date) -> None:
    world = await fixed_world()
    with pytest.raises(InvalidInput) as refused:
        await world.world.accounts.register("juniper", PASSWORD, born)
    assert not isinstance(refused.value, TooYoung), "a date that cannot be is not 'too young'"
    assert await world.world.accounts.list_all() == []


@pytest.mark.parametrize(
    "password", ["", "x" * (MIN_PASSWORD - 1), "x" * (MAX_PASSWORD + 1)], ids=len
)
async def test_a_password_too_short_or_too_long_is_refused(password: str) -> None:
    world = await TestWorld.start()
    with pytest.raises(InvalidInput, match="password"):
        await world.world.accounts.register("juniper", password, ADULT_BIRTHDAY)
    assert await world.world.accounts.list_all() == []


@pytest.mark.parametrize(
    ("password", "why"),
    [
        pytest.param("password", "one of the most common", id="common"),
        pytest.param("Password1", "one of the most common", id="common-capitalised"),
        pytest.param("qwertyuiop", "one of the most common", id="keyboard-row"),
        pytest.param(" " * 8, "only spaces", id="eight-spaces"),
        pytest.param("\t \u3000" + " " * 6, "only spaces", id="other-whitespace"),
        pytest.param("juniper1", "built on your name", id="name-and-a-digit"),
        pytest.param("JUNIPERjuniper", "built on your name", id="name-twice"),
        pytest.param("repinuj-rocks", "built on your name", id="name-backwards"),
        pytest.param("aaaaaaaaaaaa", "too easy to guess", id="repeat"),
    ],
)
async def test_a_guessable_password_is_refused_saying_why(password: str, why: str) -> None:
    world = await TestWorld.start()
    with pytest.raises(InvalidInput, match=why):
        await world.world.accounts.register("juniper", password, ADULT_BIRTHDAY)
    assert await world.world.accounts.list_all() == []


async def test_a_new_password_cannot_be_built_on_any_character_name() -> None:
    world = await TestWorld.start()
    accounts = world.world.accounts
    account = await accounts.register("juniper", PASSWORD, ADULT_BIRTHDAY)
    await world.world.characters.create(account.id, "Marigold")
    with pytest.raises(InvalidInput, match="built on your name"):
        await accounts.change_password(account.id, "marigold-2024!", old_password=PASSWORD)
    with pytest.raises(InvalidInput, match="one of the most common"):
        await accounts.change_password(account.id, "password")  # an operator's reset too
    await accounts.change_password(account.id, "tulip kettle orbit")
    assert await accounts.authenticate("juniper", "tulip kettle orbit")


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "tulip kettle orbit", "x7#Lq!9vR2", "é" + "Zq9!" * 255],
    ids=len,
)
async def test_a_hard_to_guess_password_needs_no_digits_or_symbols(password: str) -> None:
    # The longest is past zxcvbn's own limit: only its first characters are scored.
    world = await TestWorld.start()
    await world.world.accounts.register("juniper", password, ADULT_BIRTHDAY)
    assert await world.world.accounts.authenticate("juniper", password)


@pytest.mark.parametrize(
    ("taken", "wanted", "error"),
    [
        pytest.param("Alice", "alice", NameTaken, id="same-name-other-case"),
        pytest.param("alice", "ALICE", NameTaken, id="upper-case"),
        pytest.param("Alice", "AIice", NameConfusable, id="capital-I-for-l"),
        pytest.param("Alice", "\u0410lice", NameConfusable, id="cyrillic-A"),
        pytest.param("alice", "\u0430lice", NameConfusable, id="cyrillic-a"),
    ],
)
async def test_a_name_that_equals_or_looks_like_one_in_use_is_refused(
    taken: str, wanted: str, error: type[NameTaken]
) -> None:
    world = await TestWorld.start()
    await world.register(taken)
    with pytest.raises(NameTaken) as refused:
        await world.register(wanted)
    assert type(refused.value) is error
    assert [a.name for a in await world.world.accounts.list_all()] == [taken]


@pytest.mark.parametrize("name", ["admin", "NickServ", "nick-serv", "Admin_2", "SYSOP"])
async def test_reserved_names_are_refused_in_any_case_or_dress(name: str) -> None:
    world = await TestWorld.start()
    with pytest.raises(ReservedName):
        await world.register(name)


async def test_an_accounts_login_name_is_free_for_its_own_first_character_only() -> None:
    world = await TestWorld.start()
    accounts, characters = world.world.accounts, world.world.characters
    alice = await accounts.register("alice", PASSWORD, ADULT_BIRTHDAY, with_character=False)
    bob = await accounts.register("bob", PASSWORD, ADULT_BIRTHDAY)
    # Nobody else may take it as a character name, exactly or as a look-alike...
    with pytest.raises(NameTaken) as exact:
        await characters.create(bob.id, "Alice")
    assert type(exact.value) is NameTaken
    with pytest.raises(NameConfusable):
        await characters.create(bob.id, "AIice")
    # ...but alice may.
    mine = await characters.create(alice.id, "Alice")
    assert mine.name == "Alice"
    assert [c.name for c in await characters.of_account(bob.id)] == ["bob"]


async def test_a_character_name_may_not_look_like_another_accounts_character() -> None:
    world = await TestWorld.start()
    bob = await world.register("bob")
    await world.register("alice")
    rook = await world.world.characters.create(bob.id, "Rook")
    assert rook.name == "Rook"
    carol = await world.register("carol")
    with pytest.raises(NameTaken):
        await world.world.characters.create(carol.id, "rook")
    with pytest.raises(NameTaken):
        await world.register("ROOK")


# --- attesting and settings ----------------------------------------------------------------------


async def test_ratings_above_general_need_an_attested_age() -> None:
    world = await TestWorld.start()
    accounts = world.world.accounts
    account = await world.register("alice", attested=False)
    for rating in (Rating.MATURE, Rating.ADULT):
        with pytest.raises(ConsentRefused) as refused:
            await accounts.update_settings(account.id, ratings=[rating])
        assert refused.value.reason == "age_not_attested"
    assert (await accounts.get(account.id)).ratings == {Rating.GENERAL}

    attested = await accounts.attest(account.id)
    assert attested.attested
    updated = await accounts.update_settings(account.id, ratings=[Rating.ADULT])
    assert updated.ratings == {Rating.GENERAL, Rating.ADULT}, "general is always kept"
    assert updated.revision > account.revision


async def test_unattested_people_still_choose_who_may_message_them() -> None:
    world = await TestWorld.start()
    account = await world.register("alice", attested=False)
    updated = await world.world.accounts.update_settings(
        account.id, dm_policy=DirectMessagePolicy.FRIENDS
    )
    assert updated.dm_policy is DirectMessagePolicy.FRIENDS


async def test_mention_words_are_kept_checked_and_replaced_whole() -> None:
    world = await TestWorld.start()
    accounts = world.world.accounts
    account = await world.register("alice")
    updated = await accounts.update_settings(account.id, mention_words=[" captain", "Captain"])
    assert updated.mention_words == ("captain",)
    assert updated.revision > account.revision
    with pytest.raises(InvalidInput):
        await accounts.update_settings(account.id, mention_words=[f"w{n}" for n in range(21)])
    with pytest.raises(InvalidInput):
        await accounts.update_settings(account.id, mention_words=["x" * 41])
    assert (await accounts.get(account.id)).mention_words == ("captain",)
    # Other settings leave them as they are; an empty list clears them.
    await accounts.update_settings(account.id, dm_policy=DirectMessagePolicy.FRIENDS)
    assert (await accounts.get(account.id)).mention_words == ("captain",)
    assert (await accounts.export(account.id))["account"]["mention_words"] == ["captain"]
    cleared = await accounts.update_settings(account.id, mention_words=[])
    assert cleared.mention_words == ()


async def test_an_attestation_needs_a_statement() -> None:
    world = await TestWorld.start()
    account = await world.register("alice", attested=False)
    with pytest.raises(InvalidInput):
        await world.world.accounts.attest(account.id, statement="   ")
    assert not (await world.world.accounts.get(account.id)).attested


# --- logging in ----------------------------------------------------------------------------------


async def test_login_compares_names_without_case() -> None:
    world = await TestWorld.start()
    account = await world.register("Alice")
    found = await world.world.accounts.authenticate("aLICE", PASSWORD)
    assert found.id == account.id


async def test_a_wrong_password_and_an_unknown_name_fail_with_the_same_words() -> None:
    world = await TestWorld.start()
    accounts = world.world.accounts
    await world.register("alice")
    with pytest.raises(AuthenticationFailed) as wrong_password:
        await accounts.authenticate("alice", "not the password")
    with pytest.raises(AuthenticationFailed) as unknown_name:
        await accounts.authenticate("nobody-here", PASSWORD)
    assert wrong_password.value.message == unknown_name.value.message
    assert wrong_password.value.code == unknown_name.value.code


async def test_guessing_at_a_name_does_not_lock_its_owner_out() -> None:
    world = await TestWorld.start()
    accounts = world.world.accounts
    await world.register("alice")
    assert await accounts.authenticate("alice", PASSWORD, address="192.0.2.1")
    # Guesses from many addresses: the name is under attack, and a guesser is held back.
    for attempt in range(NAME_SOFT_LIMIT):
        with pytest.raises(AuthenticationFailed):
            await accounts.authenticate("alice", f"guess {attempt}", address=f"10.0.0.{attempt}")
    with pytest.raises(Throttled):
        await accounts.authenticate("ALICE", "guess again", address="10.0.0.0")
    # Alice, from where she logged in before and from an address that never failed.
    assert (await accounts.authenticate("alice", PASSWORD, address="192.0.2.1")).name == "alice"
    assert (await accounts.authenticate("Alice", PASSWORD, address="192.0.2.9")).name == "alice"
    # A guesser's other address, with failures behind it, waits while alice is under attack.
    with pytest.raises(Throttled):
        await accounts.authenticate("alice", PASSWORD, address="10.0.0.1")


async def test_a_successful_login_clears_the_accounts_failures() -> None:
    world = await TestWorld.start()
    accounts = world.world.accounts
    await world.register("alice")
    for _ in range(2):
        for _ in range(FREE_PAIR_FAILURES):
            with pytest.raises(AuthenticationFailed):
                await accounts.authenticate("alice", "typo")
        assert (await accounts.authenticate("alice", PASSWORD)).name == "alice"


async def test_one_address_guessing_many_names_is_stopped() -> None:
    world = await TestWorld.start()
    accounts = world.world.accounts
    await world.register("alice")
    assert await accounts.authenticate("alice", PASSWORD, address="198.51.100.7")
    await world.register("bob")
    for number in range(FREE_ADDRESS_FAILURES + 1):
        with pytest.raises(AuthenticationFailed):
            await accounts.authenticate(f"guess{number}", "hunter22", address="198.51.100.7")
    with pytest.raises(Throttled):
        await accounts.authenticate("bob", PASSWORD, address="198.51.100.7")
    assert (await accounts.authenticate("bob", PASSWORD, address="192.0.2.1")).name == "bob"
    # Alice, who logged in from that address before, is not held up by her neighbour.
    assert (await accounts.authenticate("alice", PASSWORD, address="198.51.100.7")).name == "alice"


async def test_changing_the_password_needs_the_old_one_and_replaces_it() -> None:
    world = await TestWorld.start()
    accounts = world.world.accounts
    account = await world.register("alice")
    new = "a much better passphrase"
    with pytest.raises(AuthenticationFailed):
        await accounts.change_password(account.id, new, old_password="not it at all")
    assert await accounts.authenticate("alice", PASSWORD)
    with pytest.raises(InvalidInput):
        await accounts.change_password(account.id, "short", old_password=PASSWORD)

    await accounts.change_password(account.id, new, old_password=PASSWORD)
    assert (await accounts.authenticate("alice", new)).id == account.id
    with pytest.raises(AuthenticationFailed):
        await accounts.authenticate("alice", PASSWORD)


async def test_an_operator_reset_needs_no_old_password() -> None:
    world = await TestWorld.start()
    accounts = world.world.accounts
    account = await world.register("alice")
    await accounts.change_password(account.id, "reset by an operator")
    assert (await accounts.authenticate("alice", "reset by an operator")).id == account.id


async def test_guessing_the_old_password_is_throttled_like_logins() -> None:
    world = await TestWorld.start()
    accounts = world.world.accounts
    account = await world.register("alice")
    for number in range(FREE_PAIR_FAILURES + 1):
        with pytest.raises(AuthenticationFailed):
            await accounts.change_password(
                account.id, "a new passphrase", old_password=f"guess{number}"
            )
    with pytest.raises(Throttled):
        await accounts.change_password(account.id, "a new passphrase", old_password=PASSWORD)
