"""The app's route table, as (method, path, handler) rows, for tests that cover every route."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from placement.auth.access import ACCESS_KEY, child_data_route

ROLES = ("plaatser", "commissie", "werver", "beheerder", "functioneel_beheer")
CALLERS: tuple[str | None, ...] = (None, *ROLES)  # None: anonymous
_PARAM = re.compile(r"\{(?P<name>[a-z_]+)(:[a-z]+)?\}")


@dataclass(frozen=True)
class RouteRow:
    method: str
    path: str  # as declared, e.g. /api/v1/children/{child_id:uuid}
    handler: Any

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def rule(self) -> object:
        return self.handler.opt.get(ACCESS_KEY)

    @property
    def child_data(self) -> bool:
        return child_data_route(self.handler)

    @property
    def params(self) -> list[str]:
        return [m.group("name") for m in _PARAM.finditer(self.path)]

    def url(self, values: dict[str, Any]) -> str:
        return _PARAM.sub(lambda m: str(values[m.group("name")]), self.path)

    @property
    def is_write(self) -> bool:
        return self.method in {"POST", "PUT", "PATCH", "DELETE"}


@lru_cache(maxsize=1)
def route_rows() -> tuple[RouteRow, ...]:
    from placement.settings import Settings
    from tests.apps import app_for

    app = app_for(Settings(database_url="postgresql://unused/unused"))
    rows = []
    for route in app.routes:
        if route.path.startswith("/schema"):  # Litestar's own OpenAPI pages: no personal data
            continue
        for handler in getattr(route, "route_handlers", []):
            for method in sorted(handler.http_methods):
                if method in {"OPTIONS", "HEAD"}:
                    continue
                rows.append(RouteRow(method, route.path, handler))
    return tuple(sorted(rows, key=lambda r: (r.path, r.method)))
