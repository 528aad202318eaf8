"""Discord latency: from INTERACTION_CREATE to the callback request, on the fake Discord over loopback.

    .venv/bin/python benchmarks/bench_discord.py [--articles 10000] [--repeat 200] [--channels 1000]

Targets (the Discord issue): ``/pledges`` first response p99 <= 100 ms and ``/ask`` (offline, which
defers, so its first response is the defer and its answer the follow-up) answer p99 <= 300 ms at
10,000 articles; a digest to 1,000 subscribed channels within the fake's per-route rate limits,
with the 429s counted. Interactions are sent one at a time (the client and the fake share one event
loop). A benchmark never fails: it prints the figures beside their targets and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from answers_db import build_database, cached_ok  # noqa: E402
from fakes.discord import ROUTE_MESSAGE_CREATE, FakeDiscord  # noqa: E402

from bot.discord.app import build_client  # noqa: E402
from bot.launcher import open_app  # noqa: E402
from briefings.config import Config, Secrets, Settings  # noqa: E402
from briefings.schedule.digests import Destination  # noqa: E402
from storage import knowledge as kq  # noqa: E402

QUESTIONS = ["Will Poland send troops?", "Which countries declined to send troops?", "Has France committed air support?",
             "How many countries attended the summit in Paris?", "Will Britain share intelligence with Kyiv?"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def line(name: str, values: list[float], target: float | None = None) -> str:
    p50, p99 = statistics.median(values) * 1000, pct(values, 99) * 1000
    tail = f"   target p99 <= {target:.0f} ms (ratio {p99 / target:.2f})" if target else ""
    return f"{name:<34} n={len(values):<5} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms{tail}"


async def bench(db: Path, repeat: int, channels: int) -> None:
    cfg = Config(settings=Settings.model_validate({"demo": {"sample_feed": False},
                                                   "limits": {"questions_per_user_per_minute": 600},
                                                   "discord": {"guild_ready_timeout": 0.05}}),
                 secrets=Secrets(), path=None, db_path=db)
    async with FakeDiscord() as fake, open_app(cfg) as app:
        with fake.patch_discord():
            await app.runner.call(kq.set_meta, "discord_commands:global", "")  # a new fake knows no commands
            client = build_client(app)
            async with fake.run_client(client, token="bench"):
                await fake.wait_until(lambda: fake.find_command("pledges") is not None)
                for _ in range(5):  # warm up: caches, the page cache, the read connections
                    await fake.wait_for_callback(await fake.send_slash_command("pledges", {}))
                pledges: list[float] = []
                for i in range(repeat):
                    ix = await fake.send_slash_command("pledges", {"country": "Poland"} if i % 2 else {})
                    cb = await fake.wait_for_callback(ix)
                    assert cb.status == 200 and ix.latency is not None
                    pledges.append(ix.latency)
                asks_first: list[float] = []
                asks_answer: list[float] = []
                for i in range(repeat):
                    ix = await fake.send_slash_command("ask", {"question": QUESTIONS[i % len(QUESTIONS)]},
                                                       user=fake.admin if i % 2 else fake.user)
                    await fake.wait_for_callback(ix)
                    assert ix.latency is not None
                    asks_first.append(ix.latency)
                    await fake.wait_for_followup(ix, timeout=10)
                    asks_answer.append(time.perf_counter() - ix.sent_at)
                print(line("/pledges first response", pledges, 100))
                print(line("/ask first response (defer)", asks_first))
                print(line("/ask answer (follow-up)", asks_answer, 300))

                # a digest to many channels: subscriptions in the database, one delivery each
                fake.set_rate_limit(ROUTE_MESSAGE_CREATE, 5, 5.0)
                targets = [fake.add_channel(fake.guild, f"digest-{i}") for i in range(channels)]
                # one day of news, as a daily digest sees it: the generated data's last day
                newest = datetime.fromisoformat(await app.runner.call(kq.newest_article) or "2026-01-01T00:00:00Z")
                since, until = newest - timedelta(days=1), newest + timedelta(seconds=1)
                before = fake.rate_limited_count
                start = time.perf_counter()
                results = await asyncio.gather(*(client.services.digests.deliver_manual(
                    Destination("discord", str(c.id), str(fake.guild.id)), since, until) for c in targets))
                took = time.perf_counter() - start
                posts = [r for r in fake.requests if r.route == ROUTE_MESSAGE_CREATE and r.status == 200]
                sent = sum(1 for r in results if r.outcome == "sent")
                print(f"digest to {channels} channels: {took:.1f} s, {sent} sent, {len(posts)} message requests, "
                      f"{fake.rate_limited_count - before} answered 429")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--channels", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db-path", type=Path, default=None)
    args = ap.parse_args(argv)
    db = args.db_path or Path(tempfile.gettempdir()) / f"briefbot-bench-discord-{args.articles}.db"
    if not cached_ok(db, args.articles, args.seed):
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
        print(f"building {args.articles} articles at {db} ...", flush=True)
        build_database(db, args.articles, args.seed, 1000)
    asyncio.run(bench(db, args.repeat, args.channels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
