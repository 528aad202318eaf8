"""The schedule: feed polling, daily digests per subscribed channel, feed-failure notices.

Platform-free: the front-ends hand in coroutines that post (``send`` for a digest reply,
``notify`` for a short text); the commands layer hands in the digest builder.
"""

from briefings.schedule.digests import (
    Build,
    Delivery,
    Destination,
    DigestService,
    Send,
    deliver_digest,
    item_count,
)
from briefings.schedule.feedalerts import FeedAlerts, Notice, Notify
from briefings.schedule.scheduler import POLL_JOB, Scheduler, digest_job_id
from briefings.schedule.timing import (
    digest_trigger,
    last_slot,
    manual_period,
    next_slots,
    parse_clock,
    parse_zone,
    period_of,
)

__all__ = [
    "POLL_JOB", "Build", "Delivery", "Destination", "DigestService", "FeedAlerts", "Notice", "Notify", "Scheduler",
    "Send", "deliver_digest", "digest_job_id", "digest_trigger", "item_count", "last_slot", "manual_period",
    "next_slots", "parse_clock", "parse_zone", "period_of",
]
