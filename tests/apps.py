"""One app per distinct configuration for the whole test session.

Building the Litestar app (route table, signature models, the OpenAPI document) costs far more
than the test that uses it, and hundreds of tests differ only in their database. The app reads its
settings from its state at start-up (placement.app.create_app), so a test gets the cached app with a
fresh state holding its own settings: no pool, index or listener of an earlier test survives.
"""

from __future__ import annotations

import msgspec
from litestar import Litestar
from litestar.datastructures import State

from placement.settings import Settings

_APPS: dict[bytes, Litestar] = {}


def app_for(settings: Settings) -> Litestar:
    from placement.app import create_app

    key = repr(msgspec.structs.replace(settings, database_url="")).encode()
    app = _APPS.get(key)
    if app is None:
        app = _APPS[key] = create_app(settings)
    app.state = State({"settings": settings})
    return app
