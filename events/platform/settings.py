"""Settings from `CAREBRIDGE_*` environment variables or a `.env` file.

No settings at all is the embedded default: SQLite files in `CAREBRIDGE_DATA_DIR` and an
in-process bus. A PostgreSQL URL and a Kafka bootstrap address switch to production mode
with no code change.
"""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from events.platform import datadir


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CAREBRIDGE_", env_file=".env", extra="ignore")

    data_dir: Path = Path(".carebridge")
    postgres_url: str | None = None
    kafka_bootstrap: str | None = None
    topic_prefix: str = ""
    consumer_group_prefix: str = "carebridge"
    jwt_secret: SecretStr | None = None
    # the longest any token may live (issued or verified), a token's lifetime when none is
    # asked for (the maximum if unset), and how soon a revocation reaches every process
    token_hours: float | None = Field(default=None, gt=0)
    token_max_hours: float = Field(default=12.0, gt=0)
    token_revocation_cache_seconds: float = Field(default=5.0, ge=0)
    cipher_key: SecretStr | None = None
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    vacancy_fresh_hours: float = 48.0
    reservation_hold_hours: float = 72.0
    # the largest request body an API takes (413 above it)
    max_body_bytes: int = 1_048_576
    relay_interval_seconds: float = 0.2
    # how often the referral-escalation and bed-hold-expiry sweepers run on the wall clock;
    # 0 turns them off (a simulated history drives them itself, at its own times)
    sweep_interval_seconds: float = 60.0
    # days after a package was due to start (its first call booked, else the care's start
    # date) that the hours held for it lapse if it has not started (the broker's sweeper)
    package_hold_grace_days: int = Field(default=2, ge=0, le=28)
    # how long Kafka waits for a silent consumer before giving its partitions to the others:
    # after a crash the restarted process (or the other replicas) take over after this long
    kafka_session_timeout_seconds: float = 10.0
    # how long a command waits for PostgreSQL before answering 503 (the library retries 10x)
    postgres_connect_timeout: int = 2
    # which open blocker the official returns report at each midnight:
    # latest, earliest or precedence:<code>,... (see services/discharge/domain/primary_reason.py)
    primary_reason_rule: str = "latest"
    # `json`: one JSON object per log line with service, event and correlation ids
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _refuse_insecure_production(self) -> Settings:
        # A production deployment must never fall back to a secret written on local disk.
        if self.mode == "production" and self.jwt_secret is None:
            raise ValueError("CAREBRIDGE_JWT_SECRET must be set when PostgreSQL or Kafka is used")
        # The discharge store holds NHS numbers: never in plain text in production.
        if self.mode == "production" and self.cipher_key is None:
            raise ValueError("CAREBRIDGE_CIPHER_KEY must be set when PostgreSQL or Kafka is used")
        if self.jwt_secret is not None and len(self.jwt_secret.get_secret_value()) < 32:
            raise ValueError("CAREBRIDGE_JWT_SECRET must be at least 32 characters")
        if self.token_hours is not None and self.token_hours > self.token_max_hours:
            raise ValueError("CAREBRIDGE_TOKEN_HOURS must not exceed CAREBRIDGE_TOKEN_MAX_HOURS")
        return self

    @property
    def mode(self) -> Literal["embedded", "production"]:
        return "production" if (self.postgres_url or self.kafka_bootstrap) else "embedded"

    @property
    def default_token_hours(self) -> float:
        return self.token_max_hours if self.token_hours is None else self.token_hours

    @cached_property
    def store_key(self) -> str | None:
        """The key the event stores are encrypted with: CAREBRIDGE_CIPHER_KEY, or on the
        embedded default one made in the data folder on first run (events/platform/datadir.py)."""
        if self.cipher_key is not None:
            return self.cipher_key.get_secret_value()
        return datadir.cipher_key(self.data_dir)

    @cached_property
    def signing_secret(self) -> str:
        """The token secret; on the embedded default one is made once and kept in the data
        folder, so `carebridge token` and the running service agree."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        path = self.data_dir / "jwt-secret"
        if not path.exists():
            datadir.secure(self.data_dir)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
