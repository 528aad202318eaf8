"""Ingesting generated entries from local files: entries per second, and the ratio to bare feedparser.

    .venv/bin/python benchmarks/bench_ingest.py [--entries 5000] [--files 10] [--repeat 3] [--profile]

What is timed:

* baseline: ``feedparser.parse(io.BytesIO(data))`` (feedparser's defaults) over the bytes of every
  file, best of ``--repeat``;
* ours: ``Ingestor.ingest_sources(paths)`` on a fresh database built by ``bot.launcher.open_app``
  (parse in a worker thread, prepare, relevance, dedup, extraction, one transaction per article),
  best of ``--repeat``, each on its own fresh database;
* the re-run: the same files again on the same database, where every entry is already stored.

The target (SPEC, README) is ours / baseline <= 2.0. A benchmark never fails: it prints figures and
exits 0 whatever they are. ``--profile`` adds one cProfile run, in every thread (the parsing,
preparing and extracting run in worker threads, the saving on the database thread).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import feedgen  # noqa: E402
import feedparser  # noqa: E402

from bot.launcher import open_app  # noqa: E402
from briefings.config import load_config  # noqa: E402
from briefings.feeds.parse import RESOLVE_RELATIVE_URIS, SANITIZE_HTML  # noqa: E402

TARGET_RATIO = 2.0
_ITEM = re.compile(rb"<item>.*?</item>\n", re.S)


def write_feeds(directory: Path, entries: int, files: int, seed: int) -> list[Path]:
    """``entries`` distinct generated entries spread over ``files`` RSS files.

    ``feedgen.make_feed`` numbers its GUIDs from 0 in every call, so one feed of all the entries is
    generated and its items are cut into files: every GUID and URL stays unique across files.
    """
    data = feedgen.make_feed(entries, seed=seed, start=datetime(2025, 1, 1, tzinfo=UTC))
    first = data.index(b"<item>")
    head, items = data[:first], _ITEM.findall(data)
    tail = b"</channel></rss>\n"
    if len(items) != entries:
        raise SystemExit(f"expected {entries} generated items, found {len(items)}")
    files = max(1, min(files, entries))
    per = -(-entries // files)
    paths = []
    for k in range(files):
        chunk = items[k * per : (k + 1) * per]
        if not chunk:
            break
        p = directory / f"feed-{k:03d}.xml"
        p.write_bytes(head + b"".join(chunk) + tail)
        paths.append(p)
    return paths


def time_baseline(blobs: list[bytes], repeat: int, **kwargs: Any) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        count = sum(len(feedparser.parse(io.BytesIO(b), **kwargs).entries) for b in blobs)
        best = min(best, time.perf_counter() - t0)
    return best, count


async def _ingest(db_path: Path, paths: list[Path], runs: int) -> list[tuple[float, dict[str, Any]]]:
    """Open the app on ``db_path`` and ingest ``paths`` ``runs`` times; (seconds, report) per run."""
    config_file = ROOT / "config.toml"
    config = load_config(config_file if config_file.exists() else None, db=db_path, env={})
    out = []
    async with open_app(config) as app:
        sources = [str(p) for p in paths]
        for _ in range(runs):
            t0 = time.perf_counter()
            report = await app.ingestor.ingest_sources(sources)
            out.append((time.perf_counter() - t0, report.as_dict()))
    return out


def fresh_db(work: Path, name: str) -> Path:
    p = work / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{p}{suffix}").unlink(missing_ok=True)
    return p


# Waiting, not working: idle worker threads and the event loop's select.
_IDLE = ("'_queue.SimpleQueue' objects>", "'select.epoll' objects>", "'acquire' of", "_thread.start_new_thread")
_PLUMBING = re.compile(r"(threading\.py|concurrent/futures|asyncio/|selectors\.py|contextlib\.py|<frozen |functools\.py)")


def profile_once(work: Path, paths: list[Path], lines: int) -> None:
    """One ingest on a fresh database under cProfile, in the main thread and every worker thread."""
    profiles: list[cProfile.Profile] = []
    lock = threading.Lock()

    def start_in_thread(*_: object) -> None:
        # Called by the first profiling event of a new thread: switch that thread to its own cProfile.
        prof = cProfile.Profile()
        with lock:
            profiles.append(prof)
        prof.enable()

    main = cProfile.Profile()
    profiles.append(main)
    threading.setprofile(start_in_thread)
    main.enable()
    try:
        ((seconds, report),) = asyncio.run(_ingest(fresh_db(work, "profile.db"), paths, 1))
    finally:
        main.disable()
        threading.setprofile(None)  # type: ignore[arg-type]
    stats = pstats.Stats(profiles[0])
    for p in profiles[1:]:
        try:
            stats.add(p)
        except TypeError:  # a thread that recorded nothing
            continue
    print(f"\nprofile: one ingest of {report['fetched']} entries took {seconds:.2f} s under cProfile "
          f"({len(profiles)} threads profiled; thread, executor and event-loop plumbing and idle waits hidden)")
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = []
    for (filename, lineno, func), (_cc, ncalls, tottime, cumtime, _callers) in raw.items():
        where = f"{filename}:{lineno}({func})"
        if _PLUMBING.search(filename) or func == "<module>" or any(w in func for w in _IDLE):
            continue
        rows.append((cumtime, tottime, ncalls, _short(where)))
    print(f"\ntop {lines} by cumulative time (seconds summed over threads)")
    print(f"{'cumtime':>9} {'tottime':>9} {'calls':>9}  function")
    for cum, tot, n, where in sorted(rows, reverse=True)[:lines]:
        print(f"{cum:9.3f} {tot:9.3f} {n:9d}  {where}")
    print(f"\ntop {lines} by own time")
    print(f"{'tottime':>9} {'cumtime':>9} {'calls':>9}  function")
    for cum, tot, n, where in sorted(rows, key=lambda r: r[1], reverse=True)[:lines]:
        print(f"{tot:9.3f} {cum:9.3f} {n:9d}  {where}")


def _short(where: str) -> str:
    where = where.replace(str(ROOT) + "/", "").replace("~:0(", "builtin(")
    where = re.sub(r"^.*/site-packages/", "", where)
    return re.sub(r"^.*/lib/python3\.\d+/", "stdlib/", where)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=5000, help="generated entries in all (default 5000)")
    ap.add_argument("--files", type=int, default=10, help="feed files they are spread over (default 10)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timing; the best is kept (default 3)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="also profile one ingest with cProfile")
    ap.add_argument("--profile-lines", type=int, default=15, help="functions listed by the profile (default 15)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory and print its path")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="briefbot-bench-ingest-"))
    try:
        t0 = time.perf_counter()
        paths = write_feeds(work, args.entries, args.files, args.seed)
        blobs = [p.read_bytes() for p in paths]
        size = sum(len(b) for b in blobs)
        print(f"generated {args.entries} entries in {len(paths)} files ({size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - t0:.1f} s under {work}")

        base_s, base_n = time_baseline(blobs, args.repeat)
        flags_s, _ = time_baseline(
            blobs, args.repeat, sanitize_html=SANITIZE_HTML, resolve_relative_uris=RESOLVE_RELATIVE_URIS
        )
        print(f"baseline: feedparser.parse best of {args.repeat}: {base_s:.3f} s ({base_n} entries); "
              f"with our flags (sanitize_html={SANITIZE_HTML}, resolve_relative_uris={RESOLVE_RELATIVE_URIS}): "
              f"{flags_s:.3f} s")

        runs: list[float] = []
        report: dict[str, Any] = {}
        rerun_s, rerun_report = 0.0, {}
        for i in range(args.repeat):
            db_path = fresh_db(work, f"ingest-{i}.db")
            # The last fresh database also gets the re-run: every entry is already stored.
            results = asyncio.run(_ingest(db_path, paths, 2 if i == args.repeat - 1 else 1))
            runs.append(results[0][0])
            report = results[0][1]
            if len(results) > 1:
                rerun_s, rerun_report = results[1]
            print(f"ours run {i + 1}: {results[0][0]:.3f} s  {report}")
        print(f"re-run on the same database: {rerun_s:.3f} s  {rerun_report}")

        if args.profile:
            profile_once(work, paths, args.profile_lines)

        ours = min(runs)
        ratio = ours / base_s if base_s else float("inf")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        n = args.entries
        print()
        print("bench_ingest")
        print(f"{'figure':<42} {'value':>14}")
        rows = [
            ("entries", f"{n}"),
            ("files", f"{len(paths)}"),
            ("baseline feedparser.parse, s (best)", f"{base_s:.3f}"),
            ("baseline entries/s", f"{n / base_s:,.0f}"),
            ("ours ingest_sources, s (best)", f"{ours:.3f}"),
            ("ours entries/s", f"{n / ours:,.0f}"),
            ("ours runs, s", " ".join(f"{r:.2f}" for r in runs)),
            ("ratio ours/baseline (target <= 2.0)", f"{ratio:.2f} {'ok' if ratio <= TARGET_RATIO else 'over'}"),
            ("re-run, all duplicates, s", f"{rerun_s:.3f}"),
            ("re-run entries/s", f"{n / rerun_s:,.0f}" if rerun_s else "-"),
            ("relevant new / irrelevant / facts", f"{report.get('new')} / {report.get('irrelevant')} / {report.get('facts')}"),
            ("peak RSS, MB", f"{peak_mb:.0f}"),
        ]
        for name, value in rows:
            print(f"{name:<42} {value:>14}")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
