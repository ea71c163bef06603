"""Configuration from the environment (and an optional .env), checked once at start-up."""
from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from db.engine import DatabaseURLError, normalize_url

DEFAULT_DATA_DIR = Path("data")


class ConfigError(Exception):
    """Configuration that cannot work. The message is one line naming the variable and the fix."""


class Mode(StrEnum):
    CONSOLE = "console"
    HTTP = "http"
    SOCKET = "socket"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=3000, ge=1, le=65535)
    tactful_data_dir: Path = DEFAULT_DATA_DIR
    tactful_admins: str = ""
    tactful_manager_channel: str = ""
    tactful_holiday_country: str = ""
    tactful_playbooks: str = ""
    tactful_lexicon: str = ""
    tactful_http_threads: int = Field(default=16, ge=1, le=256)
    log_level: str = "INFO"

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.tactful_data_dir / 'tactful.sqlite3'}"

    @property
    def admins(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.tactful_admins.split(",") if part.strip())

    @property
    def has_slack_credentials(self) -> bool:
        return self.slack_bot_token is not None

    def serve_mode(self) -> Mode:
        return Mode.SOCKET if self.slack_app_token else Mode.HTTP


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning pydantic's report into one line a person can act on."""
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "configuration"
        raise ConfigError(f"{name} is invalid: {first['msg']}") from None
    try:
        normalize_url(settings.resolved_database_url)
    except DatabaseURLError as exc:
        raise ConfigError(f"DATABASE_URL: {exc}") from None
    return settings


def require_slack(settings: Settings, mode: Mode) -> None:
    """Check that the credentials for `mode` are present and look right."""
    if settings.slack_bot_token is None:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your "
            "Slack app's OAuth & Permissions page, or run `python app.py console` to try Tactful offline"
        )
    if not settings.slack_bot_token.get_secret_value().startswith("xoxb-"):
        raise ConfigError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
    if mode is Mode.SOCKET:
        if not settings.slack_app_token.get_secret_value().startswith("xapp-"):
            raise ConfigError(
                "SLACK_APP_TOKEN must be an app-level token starting with xapp- "
                "(Basic Information > App-Level Tokens, scope connections:write)"
            )
    elif settings.slack_signing_secret is None:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify requests; copy it from "
            "your Slack app's Basic Information page, or set SLACK_APP_TOKEN to use Socket Mode"
        )
