"""One small synthetic training shared by the stability unit tests (a few seconds)."""

from __future__ import annotations

import datetime as dt

import pytest

from placement.stability.history import generate_history
from placement.stability.train import Trained, train

LAST_DAY = dt.date(2025, 12, 31)


@pytest.fixture(scope="session")
def history():  # type: ignore[no-untyped-def]
    return generate_history(6000, seed=11, last_day=LAST_DAY)


@pytest.fixture(scope="session")
def trained(history) -> Trained:  # type: ignore[no-untyped-def]
    return train(history, observed_until=LAST_DAY, seed=11)
