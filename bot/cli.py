"""The ``briefbot`` command line (also ``python -m bot``): SPEC §5's contract.

Exit status: 0 success, 1 runtime failure, 2 bad usage or bad configuration, each failure with a
one-line reason on standard error. ``--json`` output goes to standard output alone; logs go to
standard error.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console

from bot.launcher import open_app, run
from bot.render import render
from briefings.config import Config, load_config
from briefings.errors import BriefingError, ConfigError, UsageError
from briefings.replies import Reply

log = logging.getLogger("briefbot")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefbot", description="Coalition of the willing briefing bot.")
    p.add_argument("--config", metavar="PATH", help="configuration file (default ./config.toml or BRIEFBOT_CONFIG)")
    p.add_argument("--db", metavar="PATH", help="database file, overriding the configuration (or BRIEFBOT_DB)")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    s = sub.add_parser("ingest", help="poll the configured feeds, or ingest the sources named")
    s.add_argument("sources", nargs="*", metavar="SOURCE", help="feed URL or local RSS/Atom file")
    s.add_argument("--article", action="store_true", help="each SOURCE is a single article (URL or text/HTML file)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("sources", help="the relevant articles stored")
    s.add_argument("query", nargs="?", help="full-text filter")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("pledges", help="the current pledge table")
    s.add_argument("--country", help="a country name or ISO code")
    s.add_argument("--category", help="ground_troops, air, maritime, logistics, intelligence, training, funding, ...")
    fmt = s.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--csv", action="store_true", help="export the table as CSV")

    s = sub.add_parser("country", help="one country's stance and history")
    s.add_argument("name")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("ask", help="answer a question (or one per line of standard input with -)")
    s.add_argument("question", nargs="+", help="the question, or - to read questions from standard input")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("digest", help="what changed since a time")
    s.add_argument("--since", help="ISO 8601 time, or a span such as 24h or 7d (default: the last digest)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("timeline", help="events in date order")
    s.add_argument("--days", type=int, help="only the last N days")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("about", help="data freshness and counts")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("feedback", help="the 👍/👎 feedback people gave on answers")
    s.add_argument("--json", action="store_true")

    sub.add_parser("run", help="the bot: Discord or Slack when their tokens are set, else the console chat")
    sub.add_parser("chat", help="the console chat alone")
    return p


def _setup_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "trafilatura", "htmldate", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def _show(reply: Reply, as_json: bool) -> None:
    if as_json:
        _print_json(reply.to_json())
    else:
        render(reply, Console())


async def _ingest(config: Config, args: argparse.Namespace) -> None:
    async with open_app(config) as app:
        if args.json or len(args.sources) < 2:
            report = (await app.ingestor.ingest_sources(args.sources, articles=args.article) if args.sources
                      else await app.ingestor.poll(force=True))
        else:
            from rich.progress import Progress

            with Progress(transient=False) as bar:
                task = bar.add_task("Ingesting", total=len(args.sources))
                report = await app.ingestor.ingest_sources(
                    args.sources, articles=args.article, progress=lambda _s, _ok: bar.advance(task)
                )
        data = report.as_dict()
        if args.json:
            _print_json(data)
            return
        console = Console()
        if not args.sources and not config.settings.feeds.sources:
            console.print("No feeds are configured: add a [[feeds.sources]] block to config.toml, "
                          "or name a feed: briefbot ingest FEED.", markup=False)
        console.print(
            f"fetched {data['fetched']}, new {data['new']}, updated {data['updated']}, "
            f"duplicates {data['duplicates']}, irrelevant {data['irrelevant']}, facts {data['facts']}"
        )
        for err in report.errors:
            console.print(f"[red]error[/red] {err['source']}: {err['error']}", markup=True, highlight=False)


async def _ask(config: Config, args: argparse.Namespace) -> None:
    questions = args.question
    stream = questions == ["-"]
    async with open_app(config) as app:
        if stream:  # one answer per line, as each line arrives (read off the event loop)
            while line := await asyncio.to_thread(sys.stdin.readline):
                if line.strip():
                    _show(await app.briefings.ask(line.strip()), args.json)
        else:
            _show(await app.briefings.ask(" ".join(questions)), args.json)


async def _simple(config: Config, args: argparse.Namespace) -> None:
    async with open_app(config) as app:
        b = app.briefings
        cmd = args.command
        if cmd == "sources":
            _show(await b.sources(args.query), args.json)
        elif cmd == "pledges":
            reply = await b.pledges(args.country, args.category)
            if args.csv:
                _write_csv(reply.to_json()["pledges"])
            else:
                _show(reply, args.json)
        elif cmd == "country":
            _show(await b.country(args.name), args.json)
        elif cmd == "digest":
            try:
                reply = await b.digest(args.since, record=True)
            except UsageError as e:  # name the option the operator typed
                raise UsageError(f"--since: {e}") from None
            _show(reply, args.json)
        elif cmd == "timeline":
            _show(await b.timeline(args.days), args.json)
        elif cmd == "about":
            _show(await b.about(), args.json)
        elif cmd == "feedback":
            rows = await b.export_feedback()
            if args.json:
                _print_json(rows)
            else:
                for r in rows:
                    vote = "👍" if r["vote"] > 0 else "👎"
                    print(f"{r['created_at']} {vote} {r['question']!r}" + (f" — {r['reason']}" if r["reason"] else ""))
                print(f"{len(rows)} feedback item{'s' if len(rows) != 1 else ''}.")


def _write_csv(rows: list[dict[str, Any]]) -> None:
    out = csv.writer(sys.stdout)
    out.writerow(["country", "country_code", "category", "status", "size", "date", "summary", "source_url", "quote"])
    for r in rows:
        first = r["sources"][0] if r["sources"] else {}
        out.writerow([r["country"], r["country_code"], r["category"], r["status"], r["size"] or "", r["date"] or "",
                      r["summary"], first.get("url", ""), first.get("quote", "")])


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose)
    try:
        config = load_config(args.config, db=args.db)
        if args.command == "ingest":
            asyncio.run(_ingest(config, args))
        elif args.command == "ask":
            asyncio.run(_ask(config, args))
        elif args.command in ("run", "chat"):
            asyncio.run(run(config, console_only=args.command == "chat"))
        else:
            asyncio.run(_simple(config, args))
    except (ConfigError, UsageError) as e:
        print(f"briefbot: {e}", file=sys.stderr)
        return 2
    except BriefingError as e:
        print(f"briefbot: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # the one place that turns a bug into a one-line reason and exit 1
        log.debug("unexpected failure", exc_info=True)
        print(f"briefbot: unexpected error: {type(e).__name__}: {e} (run with -vv for details)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
