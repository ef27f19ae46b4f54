"""Today's date in the Netherlands.

Placement's days (a placement's start and end, a melding, a decision, a confirmation) are Dutch
calendar days. A server's clock often runs on UTC, where the date changes an hour or two later
than in Utrecht: an end dated today, entered just after midnight, would otherwise be kept as
"scheduled". The database sessions use the same zone (placement.db.pool), so SQL's current_date
agrees with this function.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

NETHERLANDS = ZoneInfo("Europe/Amsterdam")


def local_today(now: dt.datetime | None = None) -> dt.date:
    """The Dutch calendar date at `now` (an aware moment; default: this moment)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(NETHERLANDS).date()


def start_of_day(day: dt.date) -> dt.datetime:
    """The moment a Dutch calendar day begins (midnight in the Netherlands): where a day is
    turned into a moment, for a period's bounds or to place a dated event among timed ones."""
    return dt.datetime.combine(day, dt.time(), tzinfo=NETHERLANDS)
