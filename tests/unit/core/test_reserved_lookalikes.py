"""Look-alikes of reserved names are refused, as the reserved names themselves are."""

import pytest

from boudoir.core.naming import check_not_reserved_lookalike
from boudoir.domain.errors import ReservedName


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
