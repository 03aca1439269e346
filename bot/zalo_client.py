"""A small typed client of the Zalo Bot Platform API over httpx.

``POST {base}/bot{TOKEN}/{method}`` with a JSON body; every answer is an envelope
``{ok, result, error_code, description}`` and ``ok`` is checked, not only the HTTP status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from bot.redact import redact, register_secrets

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
TEXT_LIMIT = 2000
# Documented error codes that mean "try again later": 403 is a *server* error on Zalo.
TRANSIENT_CODES = frozenset({403, 408, 429})


class ZaloError(Exception):
    """An error answer of the Zalo API, or no answer at all (``code`` None). Never holds a token."""

    def __init__(self, code: int | None, description: str) -> None:
        self.code = code
        self.description = redact(description)
        super().__init__(f"Zalo API {code or 'network'}: {self.description}")

    @property
    def transient(self) -> bool:
        """Worth retrying: no answer, a server error, a timeout or the quota."""
        return self.code is None or self.code in TRANSIENT_CODES or self.code >= 500

    @property
    def bad_token(self) -> bool:
        return self.code == 401


@dataclass(frozen=True)
class ZaloBotInfo:
    id: str
    name: str


@dataclass(frozen=True)
class ZaloWebhookInfo:
    url: str
    raw: dict[str, Any]


class ZaloClient:
    """The methods nq05bot uses: getMe, getUpdates, sendMessage, sendChatAction, webhooks."""

    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        http: httpx.AsyncClient | None = None,
        timeout: float = 15.0,
    ) -> None:
        register_secrets([token])
        self._url = f"{base_url.rstrip('/')}/bot{token}/"
        self._http = http or httpx.AsyncClient(timeout=timeout)
        self._owns_http = http is None
        self._timeout = timeout

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def call(
        self, method: str, payload: dict[str, Any] | None = None, *, timeout: float | None = None
    ) -> Any:
        """Call one method; the ``result`` of a successful envelope, else :class:`ZaloError`."""
        try:
            response = await self._http.post(
                self._url + method, json=payload or {}, timeout=timeout or self._timeout
            )
        except httpx.HTTPError as exc:
            raise ZaloError(None, f"{method}: {type(exc).__name__}") from None
        try:
            envelope = response.json()
        except ValueError:
            raise ZaloError(
                response.status_code if response.status_code >= 400 else 502,
                f"{method}: invalid answer (HTTP {response.status_code})",
            ) from None
        if not isinstance(envelope, dict):
            raise ZaloError(502, f"{method}: invalid answer")
        if envelope.get("ok") is True:
            return envelope.get("result")
        code = envelope.get("error_code") or response.status_code
        description = str(envelope.get("description") or "error")
        raise ZaloError(int(code) if str(code).isdigit() else None, f"{method}: {description}")

    async def get_me(self) -> ZaloBotInfo:
        result = await self.call("getMe") or {}
        name = result.get("account_name") or result.get("display_name") or result.get("name") or ""
        return ZaloBotInfo(str(result.get("id", "")), str(name))

    async def get_updates(self, timeout: int = 30) -> list[dict[str, Any]]:
        """Wait up to ``timeout`` seconds for events (Zalo hands out one at a time, no offset)."""
        try:
            result = await self.call("getUpdates", {"timeout": timeout}, timeout=timeout + 10)
        except ZaloError as exc:
            if exc.code == 408:  # nothing arrived within the timeout
                return []
            raise
        if isinstance(result, list):
            return [r for r in result if isinstance(r, dict)]
        return [result] if isinstance(result, dict) else []

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        if not 1 <= len(text) <= TEXT_LIMIT:
            raise ValueError(f"Zalo text must be 1–{TEXT_LIMIT} characters")
        return await self.call("sendMessage", {"chat_id": chat_id, "text": text}) or {}

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def set_webhook(self, url: str, secret_token: str) -> None:
        await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook")

    async def get_webhook_info(self) -> ZaloWebhookInfo:
        result = await self.call("getWebhookInfo") or {}
        return ZaloWebhookInfo(str(result.get("url") or ""), dict(result))
