"""The web gateway's one table from domain errors to HTTP statuses.

(No listener here: this would sit in tests/unit/gateways/ once that directory exists.)
"""

from __future__ import annotations

import inspect

import pytest

from boudoir.domain import errors
from boudoir.gateways.web import ERROR_STATUSES, status_for


def domain_errors() -> list[type[errors.BoudoirError]]:
    """Every domain error that is the client's: all but the database being away."""
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.BoudoirError) and cls is not errors.StoreUnavailable
    ]


@pytest.mark.parametrize("error_class", domain_errors(), ids=lambda cls: cls.__name__)
def test_every_domain_error_has_a_client_error_status(
    error_class: type[errors.BoudoirError],
) -> None:
    error = (
        error_class("reason", "message")  # type: ignore[call-arg]
        if error_class is errors.ConsentRefused
        else error_class()
    )
    assert 400 <= status_for(error) < 500


def test_the_database_being_away_is_the_server_s_error() -> None:
    assert status_for(errors.StoreUnavailable()) == 503


def test_statuses_follow_the_class_hierarchy() -> None:
    assert status_for(errors.TooYoung()) == status_for(errors.InvalidInput()) == 422
    assert status_for(errors.NameConfusable()) == status_for(errors.NameTaken()) == 409
    assert status_for(errors.ReservedName()) == 422
    assert status_for(errors.Throttled()) == 429
    assert status_for(errors.AuthenticationFailed()) == 401


def test_the_table_names_only_domain_errors() -> None:
    assert all(issubclass(cls, errors.BoudoirError) for cls in ERROR_STATUSES)
