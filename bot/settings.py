"""Settings from the environment and ``.env`` (pydantic-settings). Every one is in .env.example."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration of one deployment. Tokens and secrets are SecretStr: never printed."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite:///nq05bot.db"
    log_level: str = "WARNING"
    timezone: str = "Asia/Ho_Chi_Minh"
    # Start-up cache of the analysed knowledge base: "" = ~/.cache/nq05bot, "off" = none
    index_cache_dir: str = ""

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_secret: SecretStr | None = None
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_secret: SecretStr | None = None
    webhook_base_url: str | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)

    telegram_messages_per_second: float = Field(default=25.0, gt=0)
    zalo_messages_per_second: float = Field(default=5.0, gt=0)
    reminder_day_start: str = Field(default="07:00", pattern=r"^\d{2}:\d{2}$")
    reminder_day_end: str = Field(default="21:00", pattern=r"^\d{2}:\d{2}$")
    registration_code_ttl_hours: int = Field(default=72, ge=1)

    # Messenger channels (issue 3): chats answered in parallel, long-poll wait in seconds.
    channel_workers: int = Field(default=8, ge=1, le=64)
    poll_timeout: int = Field(default=30, ge=0, le=50)
    # Days answered updates stay in the inbox (a platform's late re-delivery is still ignored)
    inbox_keep_days: int = Field(default=30, ge=1)

    # Reminders (issue 5): planner and dispatcher ticks, claim lease, in seconds.
    reminder_plan_seconds: float = Field(default=60.0, gt=0)
    reminder_dispatch_seconds: float = Field(default=5.0, gt=0)
    reminder_lease_seconds: float = Field(default=60.0, gt=0)
