"""Hiding credentials that URLs carry, before a URL reaches an error message or a log line (SPEC §6).

Feed URLs may hold secrets: a user name and password (``https://user:pass@host/feed``) or a token
in the query string (``?token=``, ``?key=``, ``?api_key=``, ``?access_token=``...). :func:`redact`
rewrites every URL it finds in a text so that neither shows: ``https://***@host/feed?token=***``.
The URL keeps its host and path, so an operator can still tell which feed failed.

:class:`RedactingFilter` applies :func:`redact` to every record of the loggers it is attached to
(message, arguments and a formatted traceback), so a URL logged by mistake is hidden as well.

This module imports nothing of the bot's, so :mod:`briefings.errors` can use it.
"""

from __future__ import annotations

import logging
import re
from typing import Final

log = logging.getLogger(__name__)

MASK: Final = "***"

# scheme://userinfo@ : userinfo is everything up to the last "@" before the path
_USERINFO = re.compile(r"(?P<scheme>\b[a-z][a-z0-9+.-]*://)(?P<userinfo>[^\s/?#@]*(?:@[^\s/?#@]*)*)@", re.I)
# A query or fragment parameter whose name says it is a secret: token, key, api_key, x-api-key,
# access_token, client_secret, password, sig, signature, auth, session, sessionid, credential...
_SECRET_PARAM = re.compile(
    r"(?P<lead>[?&;#](?:[\w.-]*[_.-])?"
    r"(?:token|key|apikey|secret|password|passwd|pwd|pass|auth|authorization|sig|signature|session|"
    r"sessionid|sid|credentials?|jwt|bearer|code)=)(?P<value>[^&;#\s\"'<>]*)",
    re.I,
)


def redact(text: str) -> str:
    """``text`` with URL credentials and secret query parameters replaced by ``***``."""
    if not text or ("@" not in text and "=" not in text):
        return text
    text = _USERINFO.sub(lambda m: f"{m['scheme']}{MASK}@", text)
    return _SECRET_PARAM.sub(lambda m: f"{m['lead']}{MASK}" if m["value"] else m[0], text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts URL secrets from a record's message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string is the logging module's to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def protect(logger: logging.Logger) -> logging.Logger:
    """Attach one :class:`RedactingFilter` to ``logger`` (idempotent) and return the logger."""
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())
    return logger
