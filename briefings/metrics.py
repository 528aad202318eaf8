"""The bot's Prometheus metrics, in a registry of their own (never prometheus-client's global one).

The launcher builds one :class:`Metrics` per process and hands it to the parts that count things:
the ingestor (articles, facts, feed errors, the time of the last completed poll), the commands
(answer latency), the digest service (digests by outcome) and, through :meth:`Metrics.llm_tokens`,
an LLM engine. Each part takes ``metrics=None`` and then counts nothing, so tests and the command
line need no registry. ``/metrics`` (:mod:`bot.health`) serves :meth:`Metrics.render`.

Every name starts with ``briefbot_``. Labels have few values: feed error reasons come from the
class of the :class:`~briefings.errors.FeedError` (never from its message, which holds a URL),
digest outcomes from :data:`briefings.schedule.digests.Outcome`.
"""

from __future__ import annotations

import logging
import time
from typing import Final

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from briefings import errors

log = logging.getLogger(__name__)

CONTENT_TYPE: Final = CONTENT_TYPE_LATEST

# From the most specific class to the least: the first class in an error's MRO found here names it.
FEED_ERROR_REASONS: Final[dict[type[errors.FeedError], str]] = {
    errors.FetchTimeout: "timeout",
    errors.TooLarge: "too_large",
    errors.TooManyRedirects: "redirects",
    errors.BlockedAddress: "blocked_address",
    errors.FetchError: "fetch",
    errors.NotAFeed: "not_a_feed",
    errors.NotText: "not_text",
    errors.UnsafeXML: "unsafe_xml",
    errors.ParserLimit: "parser_limit",
    errors.ParseError: "parse",
    errors.LocalSourceError: "local_source",
    errors.FeedError: "other",
}

# Seconds: a chat answer is due within Discord's 3 s; the offline engine answers in milliseconds.
ANSWER_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0)


def feed_error_reason(error: BaseException) -> str:
    """The ``reason`` label of a feed error: ``timeout``, ``too_large``, ``parse``..."""
    for cls in type(error).__mro__:
        reason = FEED_ERROR_REASONS.get(cls)
        if reason is not None:
            return reason
    return "other"


class Metrics:
    """The collectors of one process, registered in :attr:`registry` (see the module docstring)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self.articles = Counter("briefbot_articles_ingested", "Articles stored, by what happened to them",
                                ["status"], registry=r)
        self.facts = Counter("briefbot_facts_ingested", "Facts extracted from new and updated articles", registry=r)
        self.feed_errors = Counter("briefbot_feed_errors", "Sources that failed, by reason", ["reason"], registry=r)
        self.polls = Counter("briefbot_feed_polls", "Polls of every subscribed feed that ran to the end", registry=r)
        self.last_poll = Gauge("briefbot_last_poll_timestamp_seconds",
                               "Unix time at which the last poll of the feeds ended (0: none yet)", registry=r)
        self.answer_seconds = Histogram("briefbot_answer_seconds", "Time to answer a question",
                                        ["engine"], buckets=ANSWER_BUCKETS, registry=r)
        self.questions_refused = Counter("briefbot_questions_rate_limited",
                                         "Questions refused by the per-user limit", registry=r)
        self.llm_tokens_used = Counter("briefbot_llm_tokens", "Tokens the LLM engine used, by kind",
                                       ["kind"], registry=r)
        self.digests = Counter("briefbot_digests", "Digest deliveries by outcome (sent, skipped, missed, failed)",
                               ["outcome"], registry=r)
        self.started = Gauge("briefbot_start_time_seconds", "Unix time at which the process started", registry=r)
        self.started.set(time.time())
        for status in ("new", "updated", "duplicates", "irrelevant"):
            self.articles.labels(status)  # every series exists from the start, at zero
        for outcome in ("sent", "skipped", "missed", "failed"):
            self.digests.labels(outcome)
        self._last_poll: float | None = None

    # -- events ------------------------------------------------------------------------------------

    def ingested(self, *, new: int = 0, updated: int = 0, duplicates: int = 0, irrelevant: int = 0,
                 facts: int = 0) -> None:
        """Count one ingest's outcome (the figures of an :class:`~briefings.ingest.IngestReport`)."""
        for status, n in (("new", new), ("updated", updated), ("duplicates", duplicates),
                          ("irrelevant", irrelevant)):
            if n:
                self.articles.labels(status).inc(n)
        if facts:
            self.facts.inc(facts)

    def feed_error(self, error: BaseException) -> str:
        """Count one failed source; returns the reason label it was counted under."""
        reason = feed_error_reason(error)
        self.feed_errors.labels(reason).inc()
        return reason

    def poll_completed(self, when: float | None = None) -> None:
        """A poll of every subscribed feed ran to the end (some feeds may have failed)."""
        self._last_poll = time.time() if when is None else when
        self.polls.inc()
        self.last_poll.set(self._last_poll)

    @property
    def last_poll_time(self) -> float | None:
        """Unix time of the last completed poll in this process, None before the first."""
        return self._last_poll

    def answered(self, seconds: float, *, engine: str) -> None:
        self.answer_seconds.labels(engine).observe(seconds)

    def rate_limited(self) -> None:
        self.questions_refused.inc()

    def llm_tokens(self, *, prompt: int = 0, completion: int = 0) -> None:
        """The hook an LLM engine calls with each response's usage."""
        if prompt:
            self.llm_tokens_used.labels("prompt").inc(prompt)
        if completion:
            self.llm_tokens_used.labels("completion").inc(completion)

    def digest(self, outcome: str) -> None:
        """Count one delivery; ``refused`` (another process has the period) is not a delivery."""
        if outcome != "refused":
            self.digests.labels(outcome).inc()

    # -- reading -----------------------------------------------------------------------------------

    def value(self, name: str, labels: dict[str, str] | None = None) -> float:
        """One sample's value (0 when absent): ``value("briefbot_feed_errors_total", {"reason": "timeout"})``."""
        found = self.registry.get_sample_value(name, labels or {})
        return float(found) if found is not None else 0.0

    def render(self) -> bytes:
        """The Prometheus text exposition of every collector (``/metrics``)."""
        return generate_latest(self.registry)


__all__ = ["CONTENT_TYPE", "FEED_ERROR_REASONS", "Metrics", "feed_error_reason"]
