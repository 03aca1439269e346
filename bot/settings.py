"""Settings from the environment and ``.env`` (pydantic-settings). Every one is in .env.example."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration of one deployment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default="sqlite:///nq05bot.db", description="SQLAlchemy URL")
    log_level: str = Field(default="WARNING", description="Python logging level")
