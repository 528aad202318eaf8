"""Chart render times: each picture drawn from scratch (no cache), then served from the cache.

    .venv/bin/python benchmarks/bench_charts.py [--repeat 15] [--corpus ../shared/eval/dev/feed.xml | --db PATH]

Target (the pictures issue): about 300 ms or less per picture on this machine. Measured: the first
picture of a fresh process (importing matplotlib and loading the font included) in a subprocess;
then, per kind, the median and worst of ``--repeat`` drawings with an empty cache each time, on the
dev corpus when it is there (ingested into a temporary database) and on a generated 40-country table;
and a cache hit. A benchmark never fails: it prints the figures beside the target and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from briefings import charts  # noqa: E402
from briefings.charts.cache import ChartCache  # noqa: E402
from briefings.commands import views  # noqa: E402
from briefings.replies import Image  # noqa: E402
from storage import open_database  # noqa: E402

TARGET_MS = 300.0
DEV_CORPUS = ROOT.parent / "shared" / "eval" / "dev" / "feed.xml"


def timed(fn: Callable[[], Image], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each call (CPU time shows what other load on the machine hides)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def report(name: str, times: tuple[list[float], list[float]], size: int) -> None:
    wall, cpu = times
    med, worst = statistics.median(wall), max(wall)
    verdict = "ok" if med <= TARGET_MS else "over target"
    print(f"{name:<30} median {med:6.1f} ms (cpu {statistics.median(cpu):6.1f})  worst {worst:6.1f} ms  "
          f"{size / 1024:6.1f} KiB  (target {TARGET_MS:.0f} ms: {verdict})")


def cold_start() -> float:
    """Milliseconds for a new process's first matrix: matplotlib is imported then (the rest is loaded before)."""
    code = ("import sys, time; from test_charts import forty; from briefings import charts; p = forty(); "
            "assert 'matplotlib' not in sys.modules; t = time.perf_counter(); charts.pledge_matrix(p); "
            "print((time.perf_counter() - t) * 1000)")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)
    return float(done.stdout.strip() or "nan")


def ingest(corpus: Path, db: Path) -> None:
    from bot.launcher import open_app
    from briefings.config import load_config

    async def run() -> None:
        async with open_app(load_config(None, db=str(db))) as app:
            await app.ingestor.ingest_sources([str(corpus)])

    asyncio.run(run())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--corpus", type=Path, default=DEV_CORPUS, help="an RSS file to chart (default: the dev corpus)")
    ap.add_argument("--db", type=Path, help="chart this database instead of ingesting --corpus")
    args = ap.parse_args()
    from test_charts import forty, sizes_db

    print(f"charts: matplotlib Agg canvas, font {charts.FONT_NAME} (bundled); {args.repeat} drawings per kind, "
          "empty cache each time")
    print(f"{'first picture, new process':<30} {cold_start():6.1f} ms  (imports matplotlib, loads the font)")
    with tempfile.TemporaryDirectory() as tmp:
        db, label = None, "small test data"
        if args.db:
            db, label = open_database(args.db), args.db.name
        elif args.corpus.exists():
            try:
                ingest(args.corpus, Path(tmp) / "dev.db")
                db, label = open_database(Path(tmp) / "dev.db"), "dev corpus"
            except Exception as e:  # a benchmark reports, it does not fail
                print(f"could not ingest {args.corpus} ({type(e).__name__}: {e}); charting the small test data")
        if db is None:
            db = sizes_db(Path(tmp) / "small.db")
        pledges = views.pledges(db).payload
        busiest = max({p.country_code for p in pledges.pledges},  # type: ignore[union-attr]
                      key=lambda c: sum(1 for p in pledges.pledges if p.country_code == c))  # type: ignore[union-attr]
        country = views.country(db, busiest).payload
        sizes = charts.sizes_data(db)
        big = forty()
        cases: list[tuple[str, Callable[[], Image]]] = [
            (f"matrix, {label}", lambda: charts.pledge_matrix(pledges, cache=ChartCache())),  # type: ignore[arg-type]
            ("matrix, 40 countries", lambda: charts.pledge_matrix(big, cache=ChartCache())),
            (f"timeline {busiest}, {label}", lambda: charts.stance_timeline(country, cache=ChartCache())),  # type: ignore[arg-type]
            (f"force sizes, {label}", lambda: charts.force_sizes(sizes, cache=ChartCache())),
        ]
        for name, fn in cases:
            fn()  # warm: the font and glyph caches
            times = timed(fn, args.repeat)
            report(name, times, len(fn().png))
        shared = ChartCache()
        charts.pledge_matrix(big, cache=shared)
        hit, _ = timed(lambda: charts.pledge_matrix(big, cache=shared), args.repeat)
        print(f"{'cache hit, 40 countries':<30} median {statistics.median(hit):6.2f} ms  "
              f"(drawn {shared.renders} time for {args.repeat + 1} requests)")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
