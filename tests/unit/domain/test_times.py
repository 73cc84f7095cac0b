"""Times as people see them on every gateway: UTC, to the millisecond, with ``Z``."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from boudoir.domain.times import utc_millis

ZONES = st.sampled_from(
    [dt.UTC, dt.timezone(dt.timedelta(hours=2)), dt.timezone(dt.timedelta(hours=-9, minutes=-30))]
)


def test_a_time_reads_as_utc_with_milliseconds() -> None:
    at = dt.datetime(2026, 12, 7, 15, 5, 9, 123999, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert utc_millis(at) == "2026-12-07T13:05:09.123Z"


@given(st.datetimes(min_value=dt.datetime(1000, 1, 2), timezones=ZONES))
def test_every_time_is_written_as_strftime_would(at: dt.datetime) -> None:
    utc = at.astimezone(dt.UTC)
    expected = utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    assert utc_millis(at) == expected
    assert utc_millis(at) == expected  # written again, the same


def test_two_times_one_after_the_other_are_each_their_own() -> None:
    first = dt.datetime(2026, 12, 7, 13, 5, 9, 1000, tzinfo=dt.UTC)
    second = first + dt.timedelta(milliseconds=1)
    assert [utc_millis(first), utc_millis(second), utc_millis(first)] == [
        "2026-12-07T13:05:09.001Z",
        "2026-12-07T13:05:09.002Z",
        "2026-12-07T13:05:09.001Z",
    ]
