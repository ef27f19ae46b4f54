"""A small synthetic model per seed (trained once per run) and a ModelService on the test
database, for the stability API tests."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import AsyncIterator

import pytest

from placement.auth.principal import system_principal
from placement.core.database import Database
from placement.db.pool import create_pool
from placement.settings import Settings
from placement.stability.history import generate_history
from placement.stability.service import ModelService
from placement.stability.train import Trained, train

LAST = dt.date(2025, 12, 31)


@functools.cache
def small_model(seed: int) -> Trained:
    return train(generate_history(1500, seed=seed, last_day=LAST), observed_until=LAST, seed=seed)


@pytest.fixture
async def models(settings: Settings) -> AsyncIterator[ModelService]:
    pool = await create_pool(settings.database_url, min_size=1, max_size=2)
    try:
        yield ModelService(Database(pool), system_principal("test: model train"))
    finally:
        await pool.close()


