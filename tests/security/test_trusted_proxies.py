"""The source address is the real one: a real uvicorn server, configured as `placement serve`
configures it, believes X-Forwarded-For only from PLACEMENT_TRUSTED_PROXIES (none by default),
so one header neither dodges the per-address login throttle nor writes a false address into
the access log."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from placement.core.server import trusted_proxies, uvicorn_options
from placement.settings import Settings

FAKE = "203.0.113.9"  # TEST-NET-3: nobody's address


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    from placement.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", **uvicorn_options(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


async def _failed_login_addresses(settings: Settings, conn) -> list[str]:  # type: ignore[no-untyped-def]
    def attempt() -> None:
        with serving(settings) as base, httpx.Client(base_url=base) as http:
            response = http.post("/api/v1/auth/login",
                                 json={"email": "niemand@alfa.test", "password": "x"},
                                 headers={"X-Forwarded-For": FAKE})
            assert response.status_code == 401

    await asyncio.to_thread(attempt)
    rows = await conn.fetch("SELECT source_address FROM audit_log "
                            "WHERE action = 'auth.login.failed'")
    return [r["source_address"] for r in rows]


async def test_forwarded_headers_are_ignored_by_default(settings: Settings, conn) -> None:
    assert await _failed_login_addresses(settings, conn) == ["127.0.0.1"]
    assert await conn.fetchval("SELECT count(*) FROM login_attempts "
                               "WHERE source_address = $1", FAKE) == 0


async def test_a_configured_proxy_is_believed(settings: Settings, conn) -> None:
    trusted = settings.replace(trusted_proxies="127.0.0.1/32, ::1")
    assert await _failed_login_addresses(trusted, conn) == [FAKE]


def test_a_misspelled_proxy_is_refused() -> None:
    with pytest.raises(ValueError, match="PLACEMENT_TRUSTED_PROXIES"):
        trusted_proxies(Settings(trusted_proxies="10.0.0.0/8, proxy.local"))
