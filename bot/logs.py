"""Logging, configured once per process: text or JSON lines on standard error, with no secrets in them.

:func:`setup_logging` is called by the command line before anything else runs. Every module keeps
its own ``logging.getLogger(__name__)``; records reach one handler on the root logger, whose
:class:`SecretFilter` rewrites each record before it is formatted:

* the values of secret environment variables (``DISCORD_TOKEN``, ``SLACK_BOT_TOKEN``,
  ``SLACK_SIGNING_SECRET``, ``SLACK_APP_TOKEN``, ``OPENAI_API_KEY``, and any other variable whose
  name ends in ``TOKEN``, ``SECRET``, ``KEY``, ``PASSWORD`` or ``CREDENTIALS``) become ``***``;
* so do strings shaped like credentials even when no variable holds them: Discord bot tokens,
  OpenAI-style ``sk-`` keys, Slack ``xox?-``/``xapp-`` tokens, ``Bearer``/``Bot`` authorization
  values;
* URL credentials and secret query parameters are hidden by :func:`briefings.redact.redact`.

The message, its arguments, a formatted traceback and a stack are all covered. The format is
``--log-format json`` or ``BRIEFBOT_LOG_FORMAT=json`` (one JSON object a line: ``time``, ``level``,
``logger``, ``message``, and ``exception`` when there is one), else text.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Final, TextIO

from briefings.errors import ConfigError
from briefings.redact import MASK, redact

log = logging.getLogger(__name__)

FORMATS: Final = ("text", "json")
FORMAT_ENV: Final = "BRIEFBOT_LOG_FORMAT"
SECRET_ENV: Final = ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "OPENAI_API_KEY")
_SECRET_NAME = re.compile(r"(TOKEN|SECRET|KEY|PASSWORD|PASSWD|CREDENTIALS?)$", re.I)
MIN_SECRET_LENGTH: Final = 6  # shorter values ("1", "yes") would mask ordinary words
NOISY: Final = ("httpx", "httpcore", "trafilatura", "htmldate", "charset_normalizer", "discord.gateway",
                "discord.http", "apscheduler.executors", "aiohttp.access", "openai", "httpx2")

_SHAPES: Final = re.compile(
    r"(?:[MNO][A-Za-z\d_-]{22,30}\.[A-Za-z\d_-]{5,8}\.[A-Za-z\d_-]{25,45})"  # Discord bot token
    r"|(?:\bsk-(?:proj-|ant-)?[A-Za-z\d_-]{16,})"  # OpenAI-style API keys
    r"|(?:\bxox[abposre]-[A-Za-z\d-]{8,})|(?:\bxapp-[A-Za-z\d-]{8,})"  # Slack tokens
)
_AUTH: Final = re.compile(r"(?P<lead>\b(?:Bearer|Bot|Basic|Token)\s+)(?P<value>[A-Za-z\d._~+/=-]{12,})")


def secret_values(env: Mapping[str, str] | None = None) -> list[str]:
    """The values of secret environment variables, longest first (so a value inside another goes second)."""
    env = os.environ if env is None else env
    values = {v.strip() for name, v in env.items()
              if (name in SECRET_ENV or _SECRET_NAME.search(name)) and len(v.strip()) >= MIN_SECRET_LENGTH}
    return sorted(values, key=len, reverse=True)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with the given secret values, credential-shaped strings and URL credentials masked."""
    if not text:
        return text
    for value in secrets:
        if value in text:
            text = text.replace(value, MASK)
    text = _SHAPES.sub(MASK, text)
    text = _AUTH.sub(lambda m: m["lead"] + MASK, text)
    return redact(text)


class SecretFilter(logging.Filter):
    """Rewrites a record's message, traceback and stack with :func:`scrub` (see the module docstring)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string is the logging module's to report
            return True
        cleaned = scrub(message, self.secrets)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, self.secrets)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            out["exception"] = record.exc_text
        if record.stack_info:
            out["stack"] = record.stack_info
        return json.dumps(out, ensure_ascii=False)


def log_format(choice: str | None, env: Mapping[str, str] | None = None) -> str:
    """``--log-format`` if given, else ``BRIEFBOT_LOG_FORMAT``, else ``text``; :class:`ConfigError` otherwise."""
    env = os.environ if env is None else env
    value = (choice or env.get(FORMAT_ENV) or "text").strip().lower()
    if value not in FORMATS:
        raise ConfigError(f"{FORMAT_ENV}: expected one of {', '.join(FORMATS)} (got {value!r})")
    return value


def level_of(verbosity: int) -> int:
    return logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG


def setup_logging(verbosity: int = 0, fmt: str | None = None, *, stream: TextIO | None = None,
                  env: Mapping[str, str] | None = None) -> logging.Handler:
    """Configure the root logger once (again replaces the handler set up before); returns the handler."""
    level = level_of(verbosity)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name("briefbot")
    handler.addFilter(SecretFilter(secret_values(env)))
    if log_format(fmt, env) == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "briefbot"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    logging.captureWarnings(True)
    return handler


__all__ = ["JsonFormatter", "SecretFilter", "log_format", "scrub", "secret_values", "setup_logging"]
