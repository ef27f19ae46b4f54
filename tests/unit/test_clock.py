"""Placement's 'today' is the Dutch calendar day, also on a server whose clock runs on UTC."""

from __future__ import annotations

import datetime as dt

from placement.core.clock import local_today


def test_just_after_midnight_in_utrecht_is_already_the_next_day() -> None:
    winter = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 December in Utrecht
    assert local_today(winter) == dt.date(2026, 12, 1)
    summer = dt.datetime(2026, 6, 30, 22, 15, tzinfo=dt.UTC)  # 00:15 on 1 July (CEST, +2)
    assert local_today(summer) == dt.date(2026, 7, 1)


def test_during_the_day_utc_and_utrecht_agree() -> None:
    noon = dt.datetime(2026, 11, 30, 11, 0, tzinfo=dt.UTC)
    assert local_today(noon) == dt.date(2026, 11, 30)
