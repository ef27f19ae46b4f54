"""How uvicorn serves the app: which forwarded headers it believes.

Uvicorn's default believes X-Forwarded-For from any local client (127.0.0.1, ::1, and the
FORWARDED_ALLOW_IPS variable): one header would then pick the source address that the login
throttle counts per address and that the access log records. Here forwarded headers count only
from the proxies named in PLACEMENT_TRUSTED_PROXIES (comma-separated addresses or networks);
the default, none, means the address of the connection itself.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from placement.settings import Settings


def trusted_proxies(settings: Settings) -> list[str]:
    """The configured proxies, each checked to be an address or a network."""
    found = []
    for item in (settings.trusted_proxies or "").split(","):
        item = item.strip()
        if not item:
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ValueError(f"PLACEMENT_TRUSTED_PROXIES: {item!r} is not an address or "
                             "network") from None
        found.append(item)
    return found


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    proxies = trusted_proxies(settings)
    return {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or []}
