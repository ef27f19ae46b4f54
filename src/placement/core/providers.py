"""Services for handlers, built straight from the request: `dependencies = {"x": from_request(X)}`.

A service's constructor takes some of `db`, `geo`, `principal` and `settings`. Declared as
`Provide(X)`, Litestar resolves those four as sub-dependencies first, and a batch of two or more
runs in an anyio task group: a task spawned per dependency on every request (measured with
`python -m bench.load --profile`: about a tenth of the app's CPU per request). This provider
has no sub-dependencies at all; it reads the same four values itself.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from litestar import Request
from litestar.di import Provide

from placement.auth.access import principal_of

_FROM_REQUEST: dict[str, Callable[[Request[Any, Any, Any]], Any]] = {
    "db": lambda request: request.app.state.db,
    "geo": lambda request: request.app.state.geo,
    "principal": principal_of,
    "settings": lambda request: request.app.state.settings,
}

T = TypeVar("T")


def from_request(cls: type[T]) -> Provide:
    names = list(inspect.signature(cls).parameters)
    unknown = [n for n in names if n not in _FROM_REQUEST]
    if unknown:  # at import time: a service that needs more is wired by hand
        raise TypeError(f"{cls.__name__} takes {unknown}; from_request() builds only from "
                        f"{sorted(_FROM_REQUEST)}")
    getters = [(n, _FROM_REQUEST[n]) for n in names]

    def provide(request: Request[Any, Any, Any]) -> Any:
        return cls(**{name: get(request) for name, get in getters})

    provide.__name__ = f"provide_{cls.__name__}"
    return Provide(provide, sync_to_thread=False)
