"""The one exception tree of the briefing bot.

Every error the domain raises on purpose derives from :class:`BriefingError`, so a front-end can
catch one class, show the message, and map it to an exit status or an ephemeral reply::

    BriefingError
    ├── ConfigError              bad config.toml key or value (exit status 2)
    ├── UsageError               bad command argument from a person (exit status 2)
    │   └── RateLimited          too many questions from one person; ``retry_after`` seconds
    ├── StorageError             the database could not be opened, migrated, read or written
    │   ├── DatabaseMissingError a command that only reads found no database file (nothing is created)
    │   ├── DatabaseDamagedError the file is damaged or not a database: ``briefbot check`` says where
    │   ├── DatabaseBusyError    another process kept the database locked past the busy timeout
    │   └── DiskFullError        the disk (or a file-size limit) left no room: nothing was half-written
    ├── PlatformError            a chat platform refused the bot (wrong token, missing access)
    ├── FeedError                one source failed; the others go on
    │   ├── FetchError           network level: DNS, refused, timeout, HTTP status
    │   │   ├── FetchTimeout     connect or total time limit reached
    │   │   ├── TooLarge         more than the size cap after decoding
    │   │   ├── TooManyRedirects redirect limit reached, or a loop
    │   │   └── BlockedAddress   private, loopback, link-local or metadata target
    │   ├── ParseError           the bytes are not a usable feed
    │   │   ├── NotAFeed         HTML page or other document with no feed in it
    │   │   ├── NotText          an --article source that is not text or HTML (an image, binary)
    │   │   ├── UnsafeXML        declares entities or a DTD subset, or a non-ASCII-safe encoding
    │   │   └── ParserLimit      the parser process ran out of memory or time, or died
    │   └── LocalSourceError     a path or file: URL that cannot be read
    ├── AnswerError              a question could not be processed at all
    └── EngineError              the LLM engine could not serve a call: the offline engine takes over
        ├── EngineUnavailable    timeout, connection error, 429/5xx after retries, or cooling down
        ├── EngineOutputError    a refusal, invalid JSON, a length cut-off: unusable output
        └── BudgetExhausted      today's token budget (``llm.daily_token_budget``) is spent

Messages are written for the person who will read them: they name the source and the reason.
A :class:`FeedError`'s message and ``reason`` never show credentials that the source URL carries
(``user:pass@``, ``?token=``...: see :mod:`briefings.redact`); ``source`` keeps the URL as given.
"""

from __future__ import annotations

from briefings.redact import redact


class BriefingError(Exception):
    """Base of every deliberate error raised by the bot."""


class ConfigError(BriefingError):
    """The configuration is wrong; the message names the key and what was expected."""


class UsageError(BriefingError):
    """A command was called with arguments it cannot use."""


class RateLimited(UsageError):
    """One person asked more than their share; ``retry_after`` is when the next question is welcome."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, round(retry_after + 0.4999))
        super().__init__(f"You are asking faster than I can answer: try again in {self.retry_after} s.")


class StorageError(BriefingError):
    """The database could not be opened, migrated, read or written."""


class DatabaseMissingError(StorageError):
    """No database file at ``path``: a reading command creates none (``briefbot ingest`` does)."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"no database at {path}: run briefbot ingest first")


class DatabaseDamagedError(StorageError):
    """SQLite found the file damaged ("database disk image is malformed", "file is not a database")."""

    def __init__(self, detail: str = "") -> None:
        self.detail = detail  # SQLite's own words, for logs
        super().__init__("the database is damaged: run briefbot check")


class DatabaseBusyError(StorageError):
    """Another process held the database's write lock for longer than the busy timeout."""


class DiskFullError(StorageError):
    """SQLite could not write for want of space (SQLITE_FULL); the transaction was rolled back whole."""


class PlatformError(BriefingError):
    """Discord or Slack refused the bot: a wrong token, a missing scope (exit status 1)."""


class FeedError(BriefingError):
    """One source could not be ingested; ``source`` is its URL or path.

    ``reason`` and the message are redacted (no URL credentials); ``shown_source`` is ``source``
    redacted, for reports and logs.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.shown_source = redact(source)
        self.reason = redact(reason)
        super().__init__(f"{self.shown_source}: {self.reason}")

    def __reduce__(self) -> tuple[type[FeedError], tuple[str, str]]:  # picklable across processes
        return (type(self), (self.source, self.reason))


class FetchError(FeedError):
    """The source could not be fetched over the network.

    ``retry_after`` is the server's ``Retry-After`` in seconds from now, when it sent one.
    """

    retry_after: float | None = None


class FetchTimeout(FetchError):
    """The connect or total time limit was reached."""


class TooLarge(FetchError):
    """The body is larger than the configured cap once decoded."""


class TooManyRedirects(FetchError):
    """More redirects than allowed, or a redirect loop."""


class BlockedAddress(FetchError):
    """The URL resolves to an address that feeds from chat may not reach."""


class ParseError(FeedError):
    """The body could not be parsed as a feed."""


class NotAFeed(ParseError):
    """The body is a web page or another document with no feed entries."""


class NotText(ParseError):
    """A single article (``--article``) that is not text or HTML: an image, an archive, binary."""


class UnsafeXML(ParseError):
    """The body declares XML entities or an internal DTD subset, or uses an encoding that could hide them."""


class ParserLimit(ParseError):
    """The parser's worker process ran out of memory or time, or died; the worker is replaced."""


class LocalSourceError(FeedError):
    """A local path or file: URL could not be read."""


class AnswerError(BriefingError):
    """A question could not be processed."""


class EngineError(BriefingError):
    """The LLM engine could not serve one call; callers fall back to the offline engine.

    ``notice`` is the short sentence a reply shows (it never carries a secret or a URL's credentials).
    """

    notice = "The language model could not be reached, so the offline engine answered."


class EngineUnavailable(EngineError):
    """A timeout, a connection error, or 429/5xx after the bounded retries (or while cooling down).

    ``retry_after`` is how long the server asked us to wait, in seconds, when it said so.
    """

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class EngineOutputError(EngineError):
    """The model answered with nothing usable: a refusal, invalid JSON, or output cut off at the length limit."""

    notice = "The language model's output was unusable, so the offline engine answered."


class BudgetExhausted(EngineError):
    """Today's token budget is spent; the engine stays offline until the next day (UTC)."""

    notice = "Today's language-model token budget is spent, so the offline engine answered."
