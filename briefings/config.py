"""Configuration: ``config.toml`` for everything that is not a secret, the environment for secrets.

The file is validated at start with pydantic; unknown keys and wrong values fail with a
:class:`~briefings.errors.ConfigError` that names the key and what was expected, which the command
line turns into exit status 2. Secrets (``DISCORD_TOKEN``, ``SLACK_BOT_TOKEN``,
``SLACK_SIGNING_SECRET``, ``SLACK_APP_TOKEN``, ``OPENAI_API_KEY``) are read only from the
environment and never printed: their repr shows whether they are set, not their value.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from briefings.errors import ConfigError

DEFAULT_CONFIG = "config.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FeedSource(_Section):
    url: Annotated[str, Field(min_length=1)]
    name: str | None = None
    keywords: tuple[str, ...] = ()


class FeedsSettings(_Section):
    poll_interval_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 30
    # After this many failures in a row, the digest channels of each server are told once (and once
    # more when the feed works again).
    notify_after_failures: Annotated[int, Field(ge=1, le=1000)] = 3
    sources: tuple[FeedSource, ...] = ()


class RelevanceSettings(_Section):
    keywords: tuple[str, ...] = ()
    threshold: Annotated[float | None, Field(gt=0)] = None


class DigestSettings(_Section):
    time: str = "08:00"
    timezone: str = "UTC"
    only_when_changed: bool = True
    grace_minutes: Annotated[int, Field(ge=0, le=24 * 60)] = 120
    # A digest claimed but never marked sent or failed (the process died) may be retried after this.
    claim_timeout_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 15

    @field_validator("time")
    @classmethod
    def _clock(cls, v: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", v):
            raise ValueError(f"a 24-hour time HH:MM such as '08:00' (got {v!r})")
        return v

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"an IANA time zone such as 'Europe/Paris' (got {v!r})") from e
        return v


class LimitsSettings(_Section):
    fetch_max_bytes: Annotated[int, Field(ge=10_000, le=100_000_000)] = 5_000_000
    connect_timeout_seconds: Annotated[float, Field(gt=0, le=120)] = 5.0
    total_timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 20.0
    max_redirects: Annotated[int, Field(ge=0, le=20)] = 5
    fetch_concurrency: Annotated[int, Field(ge=1, le=64)] = 4
    fetch_article_pages: bool = True
    analysis_workers: Annotated[int, Field(ge=0, le=32)] = 0  # 0: one per core (at most 4); 1: no extra processes
    questions_per_user_per_minute: Annotated[int, Field(ge=1, le=600)] = 6
    allow_private_feed_addresses: bool = False
    page_fetch_budget_seconds: Annotated[float, Field(gt=0, le=3600)] = 60.0  # per feed, all its article pages
    parse_memory_mb: Annotated[int, Field(ge=128, le=65_536)] = 512  # address-space cap of a feed parser process
    parse_timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 30.0  # a feed parse taking longer is killed


class DatabaseSettings(_Section):
    path: str = "data/briefbot.db"


class DiscordSettings(_Section):
    # Commands sync to this server at once while developing (global commands take a while to appear).
    dev_guild_id: int | None = None
    shard_count: Annotated[int | None, Field(ge=1)] = None
    shard_ids: tuple[int, ...] | None = None
    guild_ready_timeout: Annotated[float, Field(gt=0, le=60)] = 2.0


class SlackSettings(_Section):
    # Used when SLACK_BOT_TOKEN is set: Socket Mode with SLACK_APP_TOKEN, else HTTP mode with
    # SLACK_SIGNING_SECRET on http_host:http_port (SLACK_HTTP_PORT overrides the port; 0: any free port).
    http_port: Annotated[int, Field(ge=0, le=65535)] = 3000
    http_host: Annotated[str, Field(min_length=1)] = "127.0.0.1"
    path: str = "/slack/events"
    # The Web API (GovSlack, or a test server); SLACK_API_URL overrides it.
    api_url: str = "https://slack.com/api/"
    command: str = "/brief"
    # Besides workspace admins and owners, these user ids may use the admin subcommands.
    admin_user_ids: tuple[str, ...] = ()

    @field_validator("path", "command")
    @classmethod
    def _slash(cls, v: str) -> str:
        if not re.fullmatch(r"/[\w\-/.]*", v):
            raise ValueError(f"a path starting with '/', such as '/slack/events' or '/brief' (got {v!r})")
        return v

    @field_validator("api_url")
    @classmethod
    def _api(cls, v: str) -> str:
        if not re.match(r"https?://[^\s/]+", v):
            raise ValueError(f"an http(s) URL such as 'https://slack.com/api/' (got {v!r})")
        return v if v.endswith("/") else v + "/"


class DemoSettings(_Section):
    sample_feed: bool = True


class HealthSettings(_Section):
    # The HTTP listener of /healthz and /metrics: off unless a port is set (or BRIEFBOT_HEALTH_PORT).
    port: Annotated[int | None, Field(ge=1, le=65535)] = None
    host: Annotated[str, Field(min_length=1)] = "127.0.0.1"


class LLMSettings(_Section):
    # None: on when OPENAI_API_KEY is set; true: on without a key (a local server); false: off.
    enabled: bool | None = None
    model: Annotated[str, Field(min_length=1)] = "gpt-4o-mini"
    base_url: str | None = None  # OPENAI_BASE_URL in the environment takes precedence
    timeout_seconds: Annotated[float, Field(gt=0, le=120)] = 20.0  # one call, retries included
    max_retries: Annotated[int, Field(ge=0, le=5)] = 2
    daily_token_budget: Annotated[int, Field(ge=1)] = 200_000  # prompt + completion tokens per UTC day
    max_output_tokens: Annotated[int, Field(ge=64, le=32_000)] = 1_200
    chunk_tokens: Annotated[int, Field(ge=200, le=100_000)] = 3_000  # article text per extraction call
    answer_top_k: Annotated[int, Field(ge=1, le=20)] = 6  # numbered sources given to the model per question
    answer_context_tokens: Annotated[int, Field(ge=100, le=50_000)] = 1_500  # their total size
    concurrency: Annotated[int, Field(ge=1, le=16)] = 4  # extraction calls at once

    @field_validator("base_url")
    @classmethod
    def _http(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"https?://[^\s/]+", v):
            raise ValueError(f"an http(s) URL such as 'http://127.0.0.1:11434/v1' (got {v!r})")
        return v


class Settings(_Section):
    database: DatabaseSettings = DatabaseSettings()
    feeds: FeedsSettings = FeedsSettings()
    relevance: RelevanceSettings = RelevanceSettings()
    digest: DigestSettings = DigestSettings()
    limits: LimitsSettings = LimitsSettings()
    discord: DiscordSettings = DiscordSettings()
    slack: SlackSettings = SlackSettings()
    demo: DemoSettings = DemoSettings()
    health: HealthSettings = HealthSettings()
    llm: LLMSettings = LLMSettings()


class Secret:
    """A secret string whose repr and str never show the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__


@dataclass(frozen=True)
class Secrets:
    discord_token: Secret | None = None
    slack_bot_token: Secret | None = None
    slack_signing_secret: Secret | None = None
    slack_app_token: Secret | None = None
    openai_api_key: Secret | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Secrets:
        env = dict(os.environ) if env is None else env

        def pick(name: str) -> Secret | None:
            value = env.get(name, "").strip()
            return Secret(value) if value else None

        return cls(
            discord_token=pick("DISCORD_TOKEN"),
            slack_bot_token=pick("SLACK_BOT_TOKEN"),
            slack_signing_secret=pick("SLACK_SIGNING_SECRET"),
            slack_app_token=pick("SLACK_APP_TOKEN"),
            openai_api_key=pick("OPENAI_API_KEY"),
        )


@dataclass(frozen=True)
class Config:
    """Validated settings, the secrets, and where the file was (relative paths resolve from there)."""

    settings: Settings
    secrets: Secrets
    path: Path | None
    db_path: Path

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def _describe(err: dict[str, Any]) -> str:
    key = ".".join(str(p) for p in err.get("loc", ())) or "(top level)"
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return f"{key}: unknown key"
    if kind == "missing":
        return f"{key}: required, but missing"
    msg = str(err.get("msg", "invalid value"))
    if kind == "value_error":  # our own validators already say what was expected and what came
        return f"{key}: expected {msg.removeprefix('Value error, ')}"
    msg = msg.removeprefix("Input should be ").removeprefix("Value should be ")
    given = err.get("input")
    shown = "" if isinstance(given, dict | list) else f" (got {given!r})"
    return f"{key}: expected {msg}{shown}"


def parse_settings(data: dict[str, Any], *, origin: str = DEFAULT_CONFIG) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        more = len(e.errors()) - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ConfigError(f"{origin}: {_describe(first)}{extra}") from None  # type: ignore[arg-type]


def load_config(
    path: str | Path | None = None, *, db: str | Path | None = None, env: dict[str, str] | None = None
) -> Config:
    """Load and validate the configuration.

    ``path`` is the file named with ``--config`` (or ``BRIEFBOT_CONFIG``); when neither is given,
    ``./config.toml`` is used if present, else the defaults. ``db`` (``--db`` or ``BRIEFBOT_DB``)
    overrides the configured database path.
    """
    env = dict(os.environ) if env is None else env
    explicit = path or env.get("BRIEFBOT_CONFIG")
    file = Path(explicit) if explicit else Path(DEFAULT_CONFIG)
    data: dict[str, Any] = {}
    found: Path | None = None
    if file.exists():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8-sig"))  # a byte order mark is tolerated
        except UnicodeDecodeError as e:
            raise ConfigError(f"{file}: not UTF-8 text (byte {e.start} cannot be read); save it as UTF-8") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{file}: not valid TOML ({e})") from None
        except OSError as e:
            raise ConfigError(f"{file}: cannot be read ({e.strerror})") from None
        found = file.resolve()
    elif explicit:
        raise ConfigError(f"{file}: configuration file not found")
    settings = parse_settings(data, origin=str(file))
    db_choice = db or env.get("BRIEFBOT_DB")
    if db_choice:
        db_path = Path(db_choice)
    else:
        db_path = Path(settings.database.path)
        if not db_path.is_absolute() and found is not None:
            db_path = found.parent / db_path
    return Config(settings=settings, secrets=Secrets.from_env(env), path=found, db_path=db_path)
