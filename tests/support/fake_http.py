"""A real HTTP server on 127.0.0.1 that plays a remote Bot API in tests (threads, stdlib only).

Opt-in, it also enforces a platform's sending limits (see :class:`RateLimit`) and records every
message it accepted with its arrival time, so tests and benches can check pacing and duplicates.
"""

from __future__ import annotations

import asyncio
import json
import math
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    method: str
    params: dict[str, Any]


@dataclass
class Failure:
    """An error answer to give instead of the normal one."""

    status: int
    description: str
    parameters: dict[str, Any] | None = None
    times: int = 1
    when: Callable[[dict[str, Any]], bool] = field(default=lambda params: True)


@dataclass(frozen=True)
class RateLimit:
    """Sending limits a fake platform enforces (answering 429 when a message breaks them).

    ``per_second``: messages in any sliding second, all chats together; ``per_chat_seconds``:
    the least gap between two messages to the same chat. None means no such limit.
    """

    per_second: float | None = None
    per_chat_seconds: float | None = None


class Arrival(NamedTuple):
    """One message the fake accepted, and when (seconds on the fake's clock)."""

    chat_id: str
    text: str
    at: float


class FakeBotApi:
    """Records every call; answers ``/bot<token>/<method>``; can be told to fail.

    With ``limit`` it refuses messages that break it (429, see :meth:`too_many`); ``clock``
    (seconds) is what it judges rates and stamps arrivals on: a test passes its fake clock.
    """

    json_fields: frozenset[str] = frozenset()
    send_methods: frozenset[str] = frozenset({"sendMessage"})
    default_token: str = ""  # the token a test's client is configured with

    def __init__(
        self,
        token: str | None = None,
        poll_wait: float = 0.05,
        *,
        limit: RateLimit | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token or self.default_token
        self.poll_wait = poll_wait  # real seconds a long poll may hang when nothing is queued
        self.limit = limit or RateLimit()
        self.clock = clock
        self.calls: list[Call] = []
        self.arrivals: list[Arrival] = []  # accepted messages, in order of arrival
        self.rejected: Counter[str] = Counter()  # refusals by cause: scripted, rate, per_chat …
        self.delivered: list[dict[str, Any]] = []  # parameters of every message sent
        self.webhook: dict[str, Any] = {}  # what setWebhook registered
        self.cond = threading.Condition()
        self._failures: dict[str, deque[Failure]] = {}
        self._window: deque[float] = deque()  # arrival times within the last second
        self._last_to: dict[str, float] = {}  # last arrival per chat
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._own_state()

    def _own_state(self) -> None:
        """Set up what a particular messenger's fake keeps besides the common record."""

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> FakeBotApi:
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.01,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        with self.cond:
            self.cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def root(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- scripting --------------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        *,
        parameters: dict[str, Any] | None = None,
        times: int = 1,
        when: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """Answer the next ``times`` matching calls of ``method`` with this error."""
        failure = Failure(status, description, parameters, times, when or (lambda params: True))
        with self.cond:
            self._failures.setdefault(method, deque()).append(failure)

    def calls_to(self, method: str) -> list[Call]:
        with self.cond:
            return [c for c in self.calls if c.method == method]

    def accepted(self, chat_id: str | None = None) -> list[Arrival]:
        """Messages accepted (to one chat, or all), with their arrival times."""
        with self.cond:
            return [a for a in self.arrivals if chat_id is None or a.chat_id == str(chat_id)]

    def duplicates(self) -> int:
        """How many accepted messages repeat one already accepted (same chat, same text)."""
        with self.cond:
            counted = Counter((a.chat_id, a.text) for a in self.arrivals)
        return sum(n - 1 for n in counted.values())

    # -- serving ----------------------------------------------------------------------------
    def dispatch(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        """(HTTP status, JSON body) for one call."""
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        with self.cond:
            self.calls.append(Call(method, params))
            self.cond.notify_all()
            failure = self._take_failure(method, params)
            if failure is None and method in self.send_methods:
                refused = self._admit(params)
                if refused is not None:
                    return 429, self.too_many(refused)
        if failure is not None:
            return failure.status, self.error_body(failure)
        return 200, {"ok": True, "result": self.answer(method, params)}

    def _admit(self, params: dict[str, Any]) -> int | None:
        """Accept one message (None) or refuse it: the whole seconds to wait. Holds ``cond``."""
        chat_id, now = str(params.get("chat_id")), self.clock()
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        per_second, per_chat = self.limit.per_second, self.limit.per_chat_seconds
        if per_second is not None and len(self._window) >= per_second:
            self.rejected["rate"] += 1
            return max(1, math.ceil(self._window[0] + 1.0 - now))
        last = self._last_to.get(chat_id)
        if per_chat is not None and last is not None and now - last < per_chat:
            self.rejected["per_chat"] += 1
            return max(1, math.ceil(last + per_chat - now))
        self._window.append(now)
        self._last_to[chat_id] = now
        self.arrivals.append(Arrival(chat_id, str(params.get("text", "")), now))
        return None

    def too_many(self, retry_after: int) -> dict[str, Any]:
        """The 429 answer to a message over the limit (Telegram's form: ``retry_after``)."""
        return {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after},
        }

    def _take_failure(self, method: str, params: dict[str, Any]) -> Failure | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        if not failure.when(params):
            return None
        failure.times -= 1
        if failure.times <= 0:
            queue.popleft()
        self.rejected["scripted"] += 1
        return failure

    def error_body(self, failure: Failure) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": failure.status,
            "description": failure.description,
        }
        if failure.parameters:
            body["parameters"] = failure.parameters
        return body

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        raise NotImplementedError

    def parse_form(self, pairs: list[tuple[str, str]]) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for key, value in pairs:
            params[key] = json.loads(value) if key in self.json_fields else value
        return params


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (end of a test) is not worth a traceback."""


def _handler_for(api: FakeBotApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms stalls

        def do_POST(self) -> None:
            self._serve()

        def do_GET(self) -> None:
            self._serve()

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            parts = self.path.split("?", 1)[0].strip("/").split("/")
            if len(parts) != 2 or not parts[0].startswith("bot"):
                self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            token, method = parts[0][3:], parts[1]
            kind = self.headers.get("Content-Type", "")
            if raw and "json" in kind:
                params = json.loads(raw)
            elif raw and "multipart" in kind:
                params = parse_multipart(kind, raw)
            elif raw and "form" in kind:
                params = api.parse_form(parse_qsl(raw.decode(), keep_blank_values=True))
            else:
                params = {}
            status, body = api.dispatch(token, method, params)
            self._reply(status, body)

        def _reply(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests read the recorded calls instead."""

    return Handler


def parse_multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    """Fields of a multipart/form-data body; a file field becomes {"filename", "content"}."""
    message = BytesParser(policy=default).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw
    )
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        content = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        params[name] = {"filename": filename, "content": content} if filename else content.decode()
    return params


async def eventually(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait (in steps of a few milliseconds) until ``predicate`` holds; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.005)
