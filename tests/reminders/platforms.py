"""Local fake Telegram Bot API and Zalo Bot API servers that enforce the platforms' limits.

They stand in only for the remote APIs: the real client code (python-telegram-bot, httpx) talks
to them over loopback HTTP. Limits: Telegram ≤ ``rate`` messages per sliding second overall and
≤ 1 per second per chat (else 429 with ``retry_after``); Zalo ≤ ``rate`` per second (else 429,
no retry_after). Chats can be marked blocked, and failures can be scripted per chat.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class Platform:
    """One fake platform's rules and what it received."""

    name: str
    rate: float
    per_chat_seconds: float | None
    clock: Callable[[], float] = time.monotonic
    blocked: set[str] = field(default_factory=set)
    scripted: dict[str, deque[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    accepted: list[tuple[str, str, float]] = field(default_factory=list)
    rejected: Counter[str] = field(default_factory=Counter)
    _window: deque[float] = field(default_factory=deque)
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, chat_id: str, status: int, body: dict[str, Any]) -> None:
        """The next message to ``chat_id`` gets this answer instead of being accepted."""
        self.scripted.setdefault(chat_id, deque()).append((status, body))

    def receive(self, chat_id: str, text: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            now = self.clock()
            if queue := self.scripted.get(chat_id):
                self.rejected["scripted"] += 1
                return queue.popleft()
            if chat_id in self.blocked:
                self.rejected["blocked"] += 1
                return 403, {"ok": False, "error_code": 403,
                             "description": "Forbidden: bot was blocked by the user"}  # fmt: skip
            while self._window and self._window[0] <= now - 1.0:
                self._window.popleft()
            if len(self._window) >= self.rate:
                self.rejected["rate"] += 1
                return self._too_many(1)
            last = self._last.get(chat_id)
            if self.per_chat_seconds and last is not None and now - last < self.per_chat_seconds:
                self.rejected["per_chat"] += 1
                return self._too_many(1)
            self._window.append(now)
            self._last[chat_id] = now
            self.accepted.append((chat_id, text, now))
            return 200, {"ok": True, "result": self._message(chat_id, text, len(self.accepted))}

    def _too_many(self, seconds: int) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {"ok": False, "error_code": 429}
        if self.name == "telegram":
            body["description"] = f"Too Many Requests: retry after {seconds}"
            body["parameters"] = {"retry_after": seconds}
        else:
            body["description"] = "Quota exceeded"
        return 429, body

    def _message(self, chat_id: str, text: str, number: int) -> dict[str, Any]:
        if self.name == "zalo":
            return {"message_id": f"m{number}", "date": int(time.time() * 1000)}
        return {
            "message_id": number,
            "date": int(time.time()),
            "chat": {"id": int(chat_id), "type": "private"},
            "text": text,
        }


async def _params(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        return json.loads(await request.body() or b"{}")
    body = (await request.body()).decode()
    return {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}


def _app(telegram: Platform, zalo: Platform) -> Starlette:
    async def telegram_method(request: Request) -> JSONResponse:
        method = request.path_params["method"]
        if method == "getMe":
            me = {"id": 1, "is_bot": True, "first_name": "Bot NQ05", "username": "nq05_bot"}
            return JSONResponse({"ok": True, "result": me})
        if method != "sendMessage":
            return JSONResponse({"ok": True, "result": True})
        params = await _params(request)
        status, body = telegram.receive(str(params["chat_id"]), str(params["text"]))
        return JSONResponse(body, status_code=status)

    async def zalo_method(request: Request) -> JSONResponse:
        params = await _params(request)
        status, body = zalo.receive(str(params["chat_id"]), str(params["text"]))
        return JSONResponse(body, status_code=status)

    return Starlette(
        routes=[
            Route("/tg/bot{token}/{method}", telegram_method, methods=["POST", "GET"]),
            Route("/zalo/bot{token}/{method}", zalo_method, methods=["POST"]),
        ]
    )


@dataclass
class FakePlatforms:
    """Both fake servers on one loopback port, run in a background thread."""

    telegram: Platform
    zalo: Platform
    port: int = 0
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    @property
    def telegram_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/tg/bot"

    @property
    def zalo_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/zalo"

    def start(self) -> FakePlatforms:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            _app(self.telegram, self.zalo), host="127.0.0.1", port=self.port,
            log_level="warning", access_log=False,
        )  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake platforms did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
