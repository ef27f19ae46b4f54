"""Prometheus metrics (prometheus-client): requests and latencies per route, searches, index
rebuilds, maintenance runs. Served at /metrics to administrators and to a scraper with an
administrator's API token (docs/deployment.md), never anonymously.

With several worker processes, set PROMETHEUS_MULTIPROC_DIR (`placement serve` does so when
PLACEMENT_WORKERS > 1) and every worker's numbers are summed into one answer.
"""

from __future__ import annotations

import os
import time
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

# Route templates (/api/v1/requests/{request_id:uuid}/search), never concrete paths: a path holds
# record ids, and one series per id would grow without bound.
REQUESTS = Counter("placement_http_requests", "HTTP requests answered",
                   ["method", "route", "status"])
LATENCY = Histogram("placement_http_request_duration_seconds", "Time to answer a request",
                    ["method", "route"],
                    buckets=(0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5))
SEARCHES = Counter("placement_searches", "Matching searches answered", ["status"])
INDEX_REBUILDS = Counter("placement_index_rebuilds", "Candidate index (re)builds")
LISTENER_RECONNECTS = Counter("placement_supply_listener_reconnects",
                              "Times the supply change listener had to reconnect")
MAINTENANCE_RUNS = Counter("placement_maintenance_runs", "Maintenance job runs", ["outcome"])
MAINTENANCE_ERASED = Counter("placement_maintenance_erased", "Records erased by retention rules",
                             ["rule"])

UNMATCHED = "unmatched"  # 404s for paths no route knows: one series, not one per probe


class MetricsMiddleware:
    """Pure ASGI: counts and times every HTTP request by its route template."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("path_template") or UNMATCHED
            method = scope.get("method", "")
            REQUESTS.labels(method, route, str(status[0])).inc()
            LATENCY.labels(method, route).observe(time.perf_counter() - started)
            if route.endswith("/search") and method == "POST":
                SEARCHES.labels(str(status[0])).inc()


def exposition() -> tuple[bytes, str]:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
