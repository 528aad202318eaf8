"""Delivering a digest to a channel: claim the ledger, build, send, record. Platform-free.

The order is what makes a digest go out at most once per (destination, period), across processes
and restarts: the ledger row is claimed first (a refused claim means another process sent it, or is
sending it, or it was skipped), then the digest is built over the window since the destination's
last *sent* digest (or the last 24 hours), then the front-end's ``send`` posts it, then the row is
marked sent. A failed build or send marks it failed, so a later attempt may claim it again; a
process that dies mid-send leaves it claimed, and it may be claimed again once
``digest.claim_timeout_minutes`` have passed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Literal

from briefings.config import DigestSettings
from briefings.replies import Reply
from briefings.replies.payloads import DigestPayload
from briefings.schedule.timing import iso, last_slot, manual_period, period_of
from storage import DatabaseRunner, ledger
from storage.subscriptions import Subscription

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Destination:
    """A channel of a platform: where a digest or a notice goes."""

    platform: str  # "discord", "slack", or "cli" for the command line
    channel_id: str
    guild_id: str | None = None

    @property
    def key(self) -> str:
        """The ledger's key, e.g. ``"discord:1234"``."""
        return f"{self.platform}:{self.channel_id}"

    @classmethod
    def of(cls, sub: Subscription) -> Destination:
        return cls(sub.platform, sub.channel_id, sub.guild_id)

    @classmethod
    def from_key(cls, key: str, guild_id: str | None = None) -> Destination:
        platform, _, channel = key.partition(":")
        return cls(platform, channel, guild_id)


Build = Callable[[datetime, datetime], Awaitable[Reply]]
"""Builds the digest reply of the window [since, until) (the commands layer's builder)."""
Send = Callable[[Destination, Reply], Awaitable[object]]
"""Posts a reply to a channel (given by each front-end); raises when it could not."""
Outcome = Literal["sent", "skipped", "failed", "refused", "missed"]


@dataclass(frozen=True, slots=True)
class Delivery:
    outcome: Outcome
    destination: str
    period: str
    items: int | None = None
    reason: str | None = None
    reply: Reply | None = None


def item_count(reply: Reply) -> int | None:
    """How many changes the digest lists (None when the reply does not say)."""
    return len(reply.payload.items) if isinstance(reply.payload, DigestPayload) else None


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class DigestService:
    """Delivers digests through the ledger; one per process, shared by the scheduler and commands."""

    def __init__(
        self,
        runner: DatabaseRunner,
        *,
        build: Build,
        send: Send,
        grace: timedelta = timedelta(hours=2),
        claim_timeout: timedelta = ledger.DEFAULT_STALE_AFTER,
        clock: Callable[[], datetime] | None = None,
        observe: Callable[[Outcome], object] | None = None,
    ) -> None:
        self.runner = runner
        self.build = build
        self.send = send
        self.observe = observe  # told each delivery's outcome (the metrics' digest counter)
        self.grace = grace
        self.claim_timeout = claim_timeout
        self.clock = clock or (lambda: datetime.now(UTC))

    @classmethod
    def from_settings(cls, runner: DatabaseRunner, settings: DigestSettings, *, build: Build, send: Send,
                      observe: Callable[[Outcome], object] | None = None) -> DigestService:
        return cls(runner, build=build, send=send, grace=timedelta(minutes=settings.grace_minutes),
                   claim_timeout=timedelta(minutes=settings.claim_timeout_minutes), observe=observe)

    def _observed(self, delivery: Delivery) -> Delivery:
        if self.observe is not None:
            try:
                self.observe(delivery.outcome)
            except Exception:  # counting must never stop a delivery
                log.exception("digest outcome observer failed")
        return delivery

    async def window(self, destination: str, until: datetime) -> tuple[datetime, datetime]:
        """[since, until): since the destination's last sent digest, else the last 24 hours."""
        last = await self.runner.call(ledger.last_sent, destination)
        since = _parse(last.until) if last else None
        if since is None or since >= until:
            since = until - timedelta(hours=24)
        return since, until

    async def deliver(self, sub: Subscription, *, now: datetime | None = None, slot: datetime | None = None) -> Delivery:
        """The scheduled digest of ``sub`` for its latest slot (posted at most once per local day)."""
        now = now or self.clock()
        slot = slot or last_slot(sub.time, sub.timezone, now)
        period = period_of(slot, sub.timezone)
        dest = Destination.of(sub)
        late = now - slot
        if late > self.grace:
            return self._observed(await self._missed(dest, period, late))
        # the window ends at the slot, not at the moment of sending: every channel with the same
        # schedule gets the same window (one build serves them all), and what is published after the
        # slot goes into the next digest
        since, until = await self.window(dest.key, min(slot, now).astimezone(UTC))
        return await self.deliver_period(dest, period, since=since, until=until,
                                         only_when_changed=sub.only_when_changed)

    async def deliver_manual(
        self, dest: Destination, since: datetime, until: datetime, *, only_when_changed: bool = False
    ) -> Delivery:
        """A digest asked for by hand over [since, until): period key ``since..until``."""
        return await self.deliver_period(dest, manual_period(since, until), since=since, until=until,
                                         only_when_changed=only_when_changed)

    async def deliver_period(
        self, dest: Destination, period: str, *, since: datetime, until: datetime, only_when_changed: bool
    ) -> Delivery:
        """Claim (dest, period), build, send, record. Never raises for a failed build or send."""
        return self._observed(await self._deliver_period(dest, period, since=since, until=until,
                                                         only_when_changed=only_when_changed))

    async def _deliver_period(
        self, dest: Destination, period: str, *, since: datetime, until: datetime, only_when_changed: bool
    ) -> Delivery:
        claim = await self.runner.call(ledger.claim, dest.key, period, since=iso(since), until=iso(until),
                                       now=self.clock(), stale_after=self.claim_timeout)
        if claim is None:
            log.debug("digest %s %s: already sent, skipped or being sent", dest.key, period)
            return Delivery("refused", dest.key, period)
        try:
            reply = await self.build(since, until)
        except Exception as e:
            log.exception("digest %s %s: could not be built", dest.key, period)
            await self.runner.call(ledger.mark_failed, claim, error=f"build: {e}")
            return Delivery("failed", dest.key, period, reason=str(e))
        items = item_count(reply)
        if only_when_changed and items == 0:
            await self.runner.call(ledger.mark_skipped, claim, reason="nothing changed")
            log.info("digest %s %s: nothing changed since %s, not posted", dest.key, period, iso(since))
            return Delivery("skipped", dest.key, period, items=0, reason="nothing changed", reply=reply)
        if isinstance(reply.payload, DigestPayload):
            reply = replace(reply, payload=replace(reply.payload, destination=dest.key, period=period))
        try:
            await self.send(dest, reply)
        except Exception as e:
            log.warning("digest %s %s: sending failed: %s", dest.key, period, e)
            await self.runner.call(ledger.mark_failed, claim, error=f"send: {e}")
            return Delivery("failed", dest.key, period, items=items, reason=str(e), reply=reply)
        if not await self.runner.call(ledger.mark_sent, claim, items=items or 0, now=self.clock()):
            log.warning("digest %s %s: sent, but the claim had been taken over meanwhile", dest.key, period)
        log.info("digest %s %s: posted (%s items)", dest.key, period, items)
        return Delivery("sent", dest.key, period, items=items, reply=reply)

    async def _missed(self, dest: Destination, period: str, late: timedelta) -> Delivery:
        claim = await self.runner.call(ledger.claim, dest.key, period, now=self.clock(), stale_after=self.claim_timeout)
        if claim is None:
            return Delivery("refused", dest.key, period)
        minutes = int(late.total_seconds() // 60)
        reason = f"missed by {minutes} min (grace {int(self.grace.total_seconds() // 60)} min)"
        await self.runner.call(ledger.mark_skipped, claim, reason=reason)
        log.warning("digest %s %s: %s, skipped", dest.key, period, reason)
        return Delivery("missed", dest.key, period, reason=reason)

    async def due(
        self, subs: list[Subscription], *, now: datetime | None = None, within_grace: bool | None = None
    ) -> list[tuple[Subscription, datetime]]:
        """(subscription, latest slot) whose slot passed (after the subscription was created) with no
        sent or skipped ledger row: digests missed while the bot was down. ``within_grace`` keeps only
        those still within the grace window (True) or only those past it (False)."""
        now = now or self.clock()
        out: list[tuple[Subscription, datetime]] = []
        for sub in subs:
            try:
                slot = last_slot(sub.time, sub.timezone, now)
            except (ValueError, KeyError):
                continue  # an unusable row; the scheduler logs it
            created = _parse(sub.created_at)
            if created is not None and slot < created:
                continue
            if within_grace is not None and (now - slot <= self.grace) != within_grace:
                continue
            row = await self.runner.call(ledger.entry, sub.destination, period_of(slot, sub.timezone))
            if row is None or row.status not in ledger.FINAL:
                out.append((sub, slot))
        return out

    async def skip_missed(self, subs: list[Subscription], *, now: datetime | None = None) -> list[Delivery]:
        """Record as skipped (with a log line) the missed digests past the grace window."""
        now = now or self.clock()
        return [await self.deliver(sub, now=now, slot=slot) for sub, slot in await self.due(subs, now=now, within_grace=False)]

    async def catch_up(self, subs: list[Subscription], *, now: datetime | None = None) -> list[Delivery]:
        """Without a scheduler: post the missed digests within the grace window, skip the others."""
        now = now or self.clock()
        return [await self.deliver(sub, now=now, slot=slot) for sub, slot in await self.due(subs, now=now)]


async def deliver_digest(
    subscription: Subscription,
    *,
    build: Build,
    send: Send,
    runner: DatabaseRunner,
    now: datetime | None = None,
    grace: timedelta = timedelta(hours=2),
    claim_timeout: timedelta = ledger.DEFAULT_STALE_AFTER,
) -> Delivery:
    """One scheduled delivery of ``subscription`` (see :class:`DigestService`)."""
    service = DigestService(runner, build=build, send=send, grace=grace, claim_timeout=claim_timeout)
    return await service.deliver(subscription, now=now)
