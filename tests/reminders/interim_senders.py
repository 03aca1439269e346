"""Stopgap ``Sender`` implementations over the real clients (python-telegram-bot, httpx).

Issue 3 builds the channels' own senders (bot/telegram.py, bot/zalo.py); once merged, tests and
the bench switch to them and this module goes away.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from handlers.types import Reply
from scheduler.delivery import DeliveryResult, DeliveryStatus


class TelegramSender:
    channel = "telegram"

    def __init__(self, token: str, base_url: str, pool: int = 16):
        self.bot = Bot(token, base_url=base_url, request=HTTPXRequest(connection_pool_size=pool))

    async def start(self) -> None:
        await self.bot.initialize()

    async def close(self) -> None:
        await self.bot.shutdown()

    async def send(self, chat_id: str, reply: Reply) -> DeliveryResult:
        try:
            await self.bot.send_message(chat_id=chat_id, text=reply.text)
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return DeliveryResult(DeliveryStatus.RETRY_AFTER, seconds, "429")
        except Forbidden as exc:
            return DeliveryResult(DeliveryStatus.BLOCKED, detail=str(exc))
        except BadRequest as exc:
            return DeliveryResult(DeliveryStatus.FAILED, detail=str(exc))
        except (NetworkError, TelegramError) as exc:
            return DeliveryResult(DeliveryStatus.TRANSIENT, detail=type(exc).__name__)
        return DeliveryResult(DeliveryStatus.SENT)


class ZaloSender:
    channel = "zalo"

    def __init__(self, token: str, base_url: str):
        self.url = f"{base_url}/bot{token}/sendMessage"
        self.client = httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=16))

    async def close(self) -> None:
        await self.client.aclose()

    async def send(self, chat_id: str, reply: Reply) -> DeliveryResult:
        try:
            payload = {"chat_id": chat_id, "text": reply.text}
            response = await self.client.post(self.url, json=payload)
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            return DeliveryResult(DeliveryStatus.TRANSIENT, detail=type(exc).__name__)
        if body.get("ok"):
            return DeliveryResult(DeliveryStatus.SENT)
        code = int(body.get("error_code") or response.status_code)
        if code in {403, 408, 429} or code >= 500:  # Zalo documents 403 as a server error
            return DeliveryResult(DeliveryStatus.TRANSIENT, detail=f"zalo {code}")
        return DeliveryResult(DeliveryStatus.FAILED, detail=f"zalo {code}")
