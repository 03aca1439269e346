"""Sending with bounded retries: exponential backoff for transient errors, retry_after honoured."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers.types import Reply
from scheduler.delivery import DeliveryResult, DeliveryStatus, Sender

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try before giving up on one message."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 120.0

    def backoff(self, attempt: int) -> float:
        """Delay before attempt ``attempt + 1`` (attempt counts from 1)."""
        return min(self.max_delay, self.base_delay * 2 ** (attempt - 1))


@dataclass(frozen=True)
class Delivered:
    result: DeliveryResult
    attempts: int


async def deliver(
    sender: Sender, chat_id: str, reply: Reply, sleep: Sleep, policy: RetryPolicy = RetryPolicy()
) -> Delivered:
    """Send once, retrying RETRY_AFTER and TRANSIENT outcomes within the policy's bounds."""
    attempt = 0
    while True:
        attempt += 1
        result = await sender.send(chat_id, reply)
        if result.status not in (DeliveryStatus.RETRY_AFTER, DeliveryStatus.TRANSIENT):
            return Delivered(result, attempt)
        if attempt >= policy.attempts:
            return Delivered(result, attempt)
        if result.status is DeliveryStatus.RETRY_AFTER:
            wait = min(policy.max_retry_after, max(0.0, result.retry_after or 1.0))
        else:
            wait = policy.backoff(attempt)
        await sleep(wait)
