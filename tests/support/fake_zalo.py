"""A fake Zalo Bot Platform server: our Zalo client talks real HTTP to it.

Opt-in limit: ``FakeZalo(limit=RateLimit(per_second=…), clock=…)`` answers 429 (no retry_after:
Zalo documents none) to messages beyond the configured rate.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from typing import Any

from tests.support.fake_http import FakeBotApi

TOKEN = "9876543210:TEST-zalo-token-QwErTy"
BOT_ID = "bot-zalo-1"


class FakeZalo(FakeBotApi):
    """Answers getMe, getUpdates (one event at a time, 408 when none), sendMessage, webhooks."""

    default_token = TOKEN

    def _own_state(self) -> None:
        self.events: deque[dict[str, Any]] = deque()
        self._message_ids = itertools.count(1)
        self.envelope_errors_with_http_200 = False

    @property
    def base_url(self) -> str:
        """What ``ZALO_API_BASE_URL`` should be."""
        return self.root

    def queue_event(self, event: dict[str, Any]) -> None:
        with self.cond:
            self.events.append(event)
            self.cond.notify_all()

    def sent_texts(self, chat_id: str | None = None) -> list[str]:
        """Texts delivered (to one chat, or all): failed calls are not counted."""
        with self.cond:
            return [
                p["text"] for p in self.delivered if chat_id is None or p.get("chat_id") == chat_id
            ]

    def dispatch(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        text = params.get("text") or ""
        if method == "sendMessage" and not 1 <= len(text) <= 2000:
            return 400, {"ok": False, "error_code": 400, "description": "text: 1-2000 chars"}
        status, body = super().dispatch(token, method, params)
        if method == "getUpdates" and status == 200 and body["result"] is None:
            return 408, {"ok": False, "error_code": 408, "description": "Request timeout"}
        if status != 200 and self.envelope_errors_with_http_200:
            return 200, body
        return status, body

    def too_many(self, retry_after: int) -> dict[str, Any]:
        return {"ok": False, "error_code": 429, "description": "Quota exceeded"}

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "account_name": "Bot NQ05", "account_type": "BASIC"}
        if method == "getUpdates":
            return self._next_event(float(params.get("timeout") or 0))
        if method == "sendMessage":
            self.delivered.append(params)
            return {"message_id": f"out{next(self._message_ids)}", "date": int(time.time() * 1000)}
        if method == "setWebhook":
            self.webhook = dict(params)
            return {"url": params.get("url"), "updated_at": int(time.time() * 1000)}
        if method == "deleteWebhook":
            self.webhook = {}
            return {"url": "", "updated_at": int(time.time() * 1000)}
        if method == "getWebhookInfo":
            return {"url": self.webhook.get("url", ""), "updated_at": 0}
        return True

    def _next_event(self, timeout: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + min(timeout, self.poll_wait)
        with self.cond:
            while not self.events and time.monotonic() < deadline:
                self.cond.wait(deadline - time.monotonic())
            return self.events.popleft() if self.events else None


def text_event(chat_id: str, text: str, message_id: str, user_id: str | None = None) -> dict:
    """A text message event, as getUpdates returns it and as the webhook's ``result``."""
    return message_event("message.text.received", chat_id, message_id, user_id, text=text)


def message_event(
    event_name: str,
    chat_id: str,
    message_id: str,
    user_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    message = {
        "from": {"id": user_id or chat_id, "display_name": "Đồng chí", "is_bot": False},
        "chat": {"id": chat_id, "chat_type": "PRIVATE"},
        "message_id": message_id,
        "date": 1772413200000,
        **extra,
    }
    return {"event_name": event_name, "message": message}


def webhook_body(event: dict[str, Any]) -> dict[str, Any]:
    """What Zalo POSTs to the webhook: one event in an envelope."""
    return {"ok": True, "result": event}
