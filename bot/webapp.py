"""The ASGI app: ``/webhook/telegram``, ``/webhook/zalo`` and ``/healthz`` (Starlette)."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.redact import redact
from bot.runtime import ChannelRuntime

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024
SECRET_HEADERS = {
    "telegram": "x-telegram-bot-api-secret-token",
    "zalo": "x-bot-api-secret-token",
}


class _TooLarge(Exception):
    pass


async def _read_body(request: Request) -> bytes:
    """The body, refusing more than MAX_BODY whatever Content-Length claims."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise _TooLarge
    return bytes(body)


def _status(code: int, message: str) -> Response:
    return JSONResponse({"ok": code == 200, "description": message}, status_code=code)


def webhook_endpoint(runtime: ChannelRuntime, channel_name: str):  # type: ignore[no-untyped-def]
    """The handler of one platform's webhook."""
    header = SECRET_HEADERS[channel_name]

    async def receive(request: Request) -> Response:
        channel = runtime.channels.get(channel_name)
        secret = channel.webhook_secret if channel else None
        if channel is None or not secret:
            return _status(404, "not found")
        given = request.headers.get(header, "")
        # Constant time, and before anything else is read.
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return _status(401, "unauthorized")
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return _status(413 if length.isdigit() else 400, "body too large or invalid")
        try:
            body = await _read_body(request)
        except _TooLarge:
            return _status(413, "body too large")
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, ValueError):
            return _status(400, "malformed JSON")
        if not isinstance(payload, dict):
            return _status(400, "a JSON object is expected")
        try:
            await runtime.accept(channel_name, payload)
        except Exception as exc:  # not recorded: a non-2xx makes the platform deliver it again
            log.error("%s update not recorded: %s", channel_name, redact(repr(exc)))
            return _status(500, "not recorded")
        return _status(200, "ok")

    return receive


def create_app(
    runtime: ChannelRuntime, answering_alive: Callable[[], bool] | None = None
) -> Starlette:
    """The web application around a running :class:`ChannelRuntime`; ``answering_alive`` tells
    whether the answering process runs (webhook mode), for ``/healthz``."""

    async def healthz(request: Request) -> Response:
        def ping() -> None:
            with runtime.engine.connect() as connection:
                connection.execute(text("SELECT 1"))

        try:
            await asyncio.to_thread(ping)
        except Exception as exc:
            log.error("health check: database unreachable: %s", redact(repr(exc)))
            return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
        body = {"status": "ok", "channels": sorted(runtime.channels), "database": "ok"}
        if answering_alive is not None:
            # Updates are still recorded and acknowledged meanwhile: degraded, not down.
            alive = answering_alive()
            body["answering"] = "ok" if alive else "restarting"
            if not alive:
                body["status"] = "degraded"
        return JSONResponse(body)

    routes = [Route("/healthz", healthz, methods=["GET"])]
    routes += [
        Route(f"/webhook/{name}", webhook_endpoint(runtime, name), methods=["POST"])
        for name in SECRET_HEADERS
    ]
    return Starlette(routes=routes)
