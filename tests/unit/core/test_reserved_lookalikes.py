"""Look-alikes of reserved names are refused, as the reserved names themselves are."""

import pytest

from boudoir.core.naming import check_not_reserved_lookalike, claim_guest_nick
from boudoir.core.registry import Registry
from boudoir.domain.errors import ReservedName
from boudoir.domain.ids import ConnectionId
from boudoir.testing.fakes import MemoryStore


@pytest.mark.parametrize(
    "name",
    ["Аdmin", "Adrnin", "ΝickServ", "0perator", "Moderat0r_2", "SYSOP"],
)
def test_lookalikes_of_reserved_names_are_refused(name: str) -> None:
    with pytest.raises(ReservedName, match="reserved"):
        check_not_reserved_lookalike(name)


@pytest.mark.parametrize("name", ["Alice", "Rose", "Moderna", "Herein", "Servant", "Marie"])
def test_ordinary_names_pass(name: str) -> None:
    check_not_reserved_lookalike(name)


@pytest.mark.parametrize(
    "nick", ["NickServ", "[NickServ]", "Nick|Serv", "N\u0456ckServ", "\u0430dmin", "sceneserv^"]
)
async def test_a_guest_nick_may_not_pass_as_a_service_or_staff(nick: str) -> None:
    with pytest.raises(ReservedName):
        await claim_guest_nick(MemoryStore(), Registry(), ConnectionId("irc-1"), nick)


@pytest.mark.parametrize("nick", ["Alice", "guest_42", "[Rose]", "Night|away"])
async def test_ordinary_guest_nicks_pass(nick: str) -> None:
    await claim_guest_nick(MemoryStore(), Registry(), ConnectionId("irc-1"), nick)
