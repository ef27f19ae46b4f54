"""An HTTP/1.1 keep-alive client that costs little CPU, for the HTTP benchmarks.

httpx spends about 3 ms of CPU per request (measured by bench/search_profile.py: "client CPU
per search 3.30 ms"). With one client that time is added to every latency measured; with 8
clients or 200 users on a 2-core machine it takes the cores the app is being measured on.
Issue 14 asks for a client that costs little CPU itself. This one writes the request bytes
itself and parses the answer with httptools (the parser uvicorn serves with): one connection
per simulated client, requests one after another on it, no pooling, no redirects, no cookies.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlencode, urlsplit

import httptools


class Answer:
    __slots__ = ("content", "status_code")

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code, self.content = status_code, content

    @property
    def text(self) -> str:
        return self.content.decode(errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


class _Reader:
    """httptools callbacks: collect the status and body of one response."""

    def __init__(self) -> None:
        self.body: list[bytes] = []
        self.done = False

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.done = True


class LeanClient:
    """One keep-alive connection to `base` (http://host:port); reconnects once if the server
    closed it between requests."""

    def __init__(self, base: str, timeout: float = 30.0) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def __aenter__(self) -> LeanClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None

    async def get(self, path: str, *, params: dict[str, Any] | None = None,
                  headers: dict[str, str] | None = None) -> Answer:
        if params:
            path = f"{path}?{urlencode(params)}"
        return await self.request("GET", path, headers=headers)

    async def post(self, path: str, *, json_body: Any = None,
                   headers: dict[str, str] | None = None) -> Answer:
        return await self.request("POST", path, body=json.dumps(json_body).encode(),
                                  headers=headers)

    async def request(self, method: str, path: str, *, body: bytes = b"",
                      headers: dict[str, str] | None = None) -> Answer:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if body:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        for attempt in (1, 2):
            if self._streams is None:
                self._streams = await asyncio.open_connection(self.host, self.port)
            try:
                return await asyncio.wait_for(self._exchange(raw), self.timeout)
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _exchange(self, raw: bytes) -> Answer:
        assert self._streams is not None
        reader, writer = self._streams
        writer.write(raw)
        collected = _Reader()
        parser = httptools.HttpResponseParser(collected)
        while not collected.done:
            chunk = await reader.read(65536)
            if not chunk:
                raise ConnectionResetError("the server closed the connection")
            parser.feed_data(chunk)
        if not parser.should_keep_alive():
            await self.close()
        return Answer(parser.get_status_code(), b"".join(collected.body))
