"""Security headers on every HTTP response, errors and static files included.

Written as plain ASGI middleware around `send`, so no handler can forget them. Pages and API
answers may hold personal data and get `Cache-Control: no-store`; only static assets may be
cached.
"""

from __future__ import annotations

from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send

STATIC_PREFIX = "/static/"

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# The OpenAPI viewer (/schema, assets under /schema-ui) runs Swagger UI from this server; it sets
# style attributes as it renders, so only its pages allow inline styles. Scripts stay 'self'.
SCHEMA_CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, secure: bool = False) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = self.headers_for(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                ours = {name for name, _ in headers}
                # Our values win: a handler must not be able to make personal data cacheable.
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in ours]
                message = {**message, "headers": [*kept, *headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def headers_for(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        path: str = scope.get("path", "")
        csp = SCHEMA_CONTENT_SECURITY_POLICY if path.startswith("/schema") \
            else CONTENT_SECURITY_POLICY
        headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if not path.startswith(STATIC_PREFIX):
            headers.append((b"cache-control", b"no-store"))
        if self.secure or scope.get("scheme") == "https" or _forwarded_https(scope):
            headers.append((b"strict-transport-security", HSTS.encode()))
        return headers


def _forwarded_https(scope: Scope) -> bool:
    # Behind a TLS-terminating proxy. Sending HSTS for a spoofed header does no harm: it only
    # tells the browser to insist on https, which the proxy serves anyway.
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-proto":
            return value.split(b",")[0].strip() == b"https"
    return False


def security_headers(secure: bool) -> Any:
    from litestar.middleware.base import DefineMiddleware

    return DefineMiddleware(SecurityHeadersMiddleware, secure=secure)
