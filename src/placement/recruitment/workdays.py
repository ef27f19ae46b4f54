"""Working days in the Netherlands (pure): weekends and national public holidays."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (the anonymous Gregorian algorithm, also known as Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=64)
def dutch_public_holidays(year: int) -> frozenset[dt.date]:
    """Days off under most Dutch collective agreements. Liberation Day (5 May) counts only in
    lustrum years, as most agreements do; King's Day moves to the 26th when the 27th is a Sunday."""
    easter = easter_sunday(year)
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = dt.date(year, 4, 26)
    days = {
        dt.date(year, 1, 1),
        easter, easter + dt.timedelta(days=1),
        kings_day,
        easter + dt.timedelta(days=39),  # Hemelvaartsdag
        easter + dt.timedelta(days=49), easter + dt.timedelta(days=50),  # Pinksteren
        dt.date(year, 12, 25), dt.date(year, 12, 26),
    }
    if year % 5 == 0:
        days.add(dt.date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in dutch_public_holidays(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (start itself never counts).
    A lead on Friday with count 2 is due on Tuesday."""
    day = start
    remaining = count
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
