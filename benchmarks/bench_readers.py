"""/ask and /pledges latency while an ingest saves: the runner's readers beside its writer.

    .venv/bin/python benchmarks/bench_readers.py [--warm 1000] [--entries 5000] [--files 10] [--samples 150]

What is timed, on a database opened by ``bot.launcher.open_app`` (the wiring of ``briefbot``):

* the database first gets the bundled sample and ``--warm`` generated entries, so questions find data;
* **idle**: ``Briefings(runner).ask(q)`` over a fixed list of questions, and ``.pledges()``, one
  after another, ``--samples`` times each;
* **under load**: the same calls, one every ``--pause`` seconds, while
  ``Ingestor.ingest_sources`` stores ``--entries`` new generated entries (one transaction per
  article on the writer thread); sampling stops when the ingest ends;
* **under load, writer path** (unless ``--no-writer-path``): the same again on a second database
  built the same way, with every read sent to the writer (``runner.call``), as before the runner had
  readers. It shows what the readers are for.

The target is p99 under load <= 1.5 x p99 idle. The ingest runs in the same process (parsing
and extraction in worker threads and processes, saving on the writer thread), so some of the
latency under load is CPU and GIL contention, not the database: the event-loop lag printed beside
the figures (how late a 5 ms sleep wakes up during the ingest) shows that share, and the CPU count
and load average are printed too, since other work on the machine moves every figure. A benchmark never fails: it prints
figures and exits 0 whatever they are. The feeds come from ``tests/feedgen.py`` with a fixed seed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import feedgen  # noqa: E402

from bot.launcher import open_app, sample_feed_path  # noqa: E402
from briefings.commands import Briefings  # noqa: E402
from briefings.config import load_config  # noqa: E402
from storage import DatabaseRunner  # noqa: E402

TARGET_RATIO = 1.5
SEED = 20250302
_ITEM = re.compile(rb"<item>.*?</item>\n", re.S)

QUESTIONS = [
    "Will Poland send troops?",
    "Which countries have committed ground troops?",
    "Is Sweden considering sending troops to Ukraine?",
    "How many soldiers could Norway send?",
    "Did Italy rule out sending soldiers?",
    "What has Denmark offered?",
]


def write_feeds(directory: Path, warm: int, entries: int, files: int) -> tuple[list[Path], list[Path]]:
    """One generated feed of ``warm + entries`` items (unique GUIDs), cut into warm files and load files."""
    data = feedgen.make_feed(warm + entries, seed=SEED, start=datetime(2025, 1, 1, tzinfo=UTC))
    first = data.index(b"<item>")
    head, items, tail = data[:first], _ITEM.findall(data), b"</channel></rss>\n"

    def cut(chunk: list[bytes], name: str, parts: int) -> list[Path]:
        per = max(1, -(-len(chunk) // max(1, parts)))
        out = []
        for k in range(0, len(chunk), per):
            p = directory / f"{name}-{k // per:03d}.xml"
            p.write_bytes(head + b"".join(chunk[k : k + per]) + tail)
            out.append(p)
        return out

    return cut(items[:warm], "warm", max(1, files * warm // max(1, entries))), cut(items[warm:], "load", files)


class _WriterPath:
    """A runner whose reads go to the writer thread: the single-connection runner of before."""

    def __init__(self, runner: DatabaseRunner) -> None:
        self.call = runner.call
        self.read = runner.call


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


Timings = dict[str, list[float]]


async def _sample(b: Briefings, timings: Timings, i: int) -> None:
    calls: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
        ("ask", lambda: b.ask(QUESTIONS[i % len(QUESTIONS)])),
        ("pledges", b.pledges),
    ]
    for name, fn in calls:
        t0 = time.perf_counter()
        await fn()
        timings[name].append((time.perf_counter() - t0) * 1000)


async def _run(db_path: Path, warm: list[Path], load: list[Path], args: argparse.Namespace, *,
               idle: bool, writer_path: bool) -> tuple[Timings, Timings, float, dict[str, Any]]:
    config_file = ROOT / "config.toml"
    config = load_config(config_file if config_file.exists() else None, db=db_path, env={})
    idle_t: Timings = {"ask": [], "pledges": []}
    load_t: Timings = {"ask": [], "pledges": [], "loop lag": []}
    async with open_app(config) as app:
        await app.ingestor.ingest_sources([str(sample_feed_path()), *map(str, warm)])
        runner = cast(DatabaseRunner, _WriterPath(app.runner)) if writer_path else app.runner
        b = Briefings(runner)
        for i in range(len(QUESTIONS)):  # warm caches and the readers' connections
            await _sample(b, {"ask": [], "pledges": []}, i)
        if idle:
            for i in range(args.samples):
                await _sample(b, idle_t, i)
        t0 = time.perf_counter()
        ingest = asyncio.create_task(app.ingestor.ingest_sources([str(p) for p in load]))
        lag = asyncio.create_task(_loop_lag(ingest, load_t["loop lag"]))
        i = 0
        while not ingest.done():
            await _sample(b, load_t, i)
            i += 1
            await asyncio.sleep(args.pause)
        report = (await ingest).as_dict()
        await lag
        return idle_t, load_t, time.perf_counter() - t0, report


async def _loop_lag(until: asyncio.Task[Any], out: list[float], tick: float = 0.005) -> None:
    """How late a 5 ms sleep wakes up: time the event loop spent busy with other work."""
    while not until.done():
        t0 = time.perf_counter()
        await asyncio.sleep(tick)
        out.append((time.perf_counter() - t0 - tick) * 1000)


def _row(label: str, t: Timings, name: str) -> str:
    v = t[name]
    return f"{label:<34} {name:<9} {len(v):>6} {percentile(v, 50):>9.1f} {percentile(v, 99):>9.1f} {max(v, default=0):>9.1f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warm", type=int, default=1000, help="generated entries stored before timing")
    ap.add_argument("--entries", type=int, default=5000, help="entries ingested while timing under load")
    ap.add_argument("--files", type=int, default=10, help="files the load entries are cut into")
    ap.add_argument("--samples", type=int, default=150, help="idle samples of each command")
    ap.add_argument("--pause", type=float, default=0.02, help="seconds between samples under load")
    ap.add_argument("--no-writer-path", action="store_true", help="skip the comparison with reads on the writer")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-readers-"))
    try:
        warm, load = write_feeds(work, args.warm, args.entries, args.files)
        print(f"generated {args.warm} warm-up and {args.entries} load entries "
              f"({len(warm)} + {len(load)} files) under {work}")
        print(f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.2f}")
        idle_t, load_t, load_s, report = asyncio.run(_run(work / "readers.db", warm, load, args,
                                                          idle=True, writer_path=False))
        print(f"ingest under load (readers): {load_s:.1f} s  {report}")
        writer_t: Timings | None = None
        if not args.no_writer_path:
            _, writer_t, w_s, w_report = asyncio.run(_run(work / "writer.db", warm, load, args,
                                                          idle=False, writer_path=True))
            print(f"ingest under load (writer path): {w_s:.1f} s  {w_report}")

        print(f"load average at end {os.getloadavg()[0]:.2f}")
        print()
        print("bench_readers (milliseconds)")
        print(f"{'':<34} {'command':<9} {'n':>6} {'p50':>9} {'p99':>9} {'max':>9}")
        for name in ("ask", "pledges"):
            print(_row("idle", idle_t, name))
            print(_row("under load, runner.read", load_t, name))
            if writer_t is not None:
                print(_row("under load, reads on the writer", writer_t, name))
        print(_row("under load, event-loop lag", load_t, "loop lag"))
        print()
        print(f"{'ratio p99 under load / p99 idle':<44} {'readers':>10} {'writer':>10}  target <= {TARGET_RATIO}")
        for name in ("ask", "pledges"):
            base = percentile(idle_t[name], 99)
            ratio = percentile(load_t[name], 99) / base if base else float("inf")
            w = f"{percentile(writer_t[name], 99) / base:.2f}" if writer_t is not None and base else "-"
            verdict = "ok" if ratio <= TARGET_RATIO else "over"
            print(f"{name:<44} {ratio:>10.2f} {w:>10}  {verdict}")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
