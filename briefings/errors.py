"""The one exception tree of the briefing bot.

Every error the domain raises on purpose derives from :class:`BriefingError`, so a front-end can
catch one class, show the message, and map it to an exit status or an ephemeral reply::

    BriefingError
    ├── ConfigError              bad config.toml key or value (exit status 2)
    ├── UsageError               bad command argument from a person (exit status 2)
    ├── StorageError             the database could not be opened or migrated
    ├── FeedError                one source failed; the others go on
    │   ├── FetchError           network level: DNS, refused, timeout, HTTP status
    │   │   ├── FetchTimeout     connect or total time limit reached
    │   │   ├── TooLarge         more than the size cap after decoding
    │   │   ├── TooManyRedirects redirect limit reached, or a loop
    │   │   └── BlockedAddress   private, loopback, link-local or metadata target
    │   ├── ParseError           the bytes are not a usable feed
    │   │   ├── NotAFeed         HTML page or other document with no feed in it
    │   │   └── UnsafeXML        declares entities (expansion bombs, external entities)
    │   └── LocalSourceError     a path or file: URL that cannot be read
    └── AnswerError              a question could not be processed at all

Messages are written for the person who will read them: they name the source and the reason.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every deliberate error raised by the bot."""


class ConfigError(BriefingError):
    """The configuration is wrong; the message names the key and what was expected."""


class UsageError(BriefingError):
    """A command was called with arguments it cannot use."""


class StorageError(BriefingError):
    """The database could not be opened, migrated or written."""


class FeedError(BriefingError):
    """One source could not be ingested; ``source`` is its URL or path."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class FetchError(FeedError):
    """The source could not be fetched over the network."""


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


class UnsafeXML(ParseError):
    """The body declares XML entities, which are refused."""


class LocalSourceError(FeedError):
    """A local path or file: URL could not be read."""


class AnswerError(BriefingError):
    """A question could not be processed."""
