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

from bot import ops
from bot.launcher import open_app, run, storage_error
from bot.render import render
from briefings.config import Config, load_config
from briefings.errors import BriefingError, ConfigError, StorageError, UsageError
from briefings.replies import Reply
from storage import StorageFailure

log = logging.getLogger("briefbot")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefbot", description="Coalition of the willing briefing bot.")
    p.add_argument("--config", metavar="PATH", help="configuration file (default ./config.toml or BRIEFBOT_CONFIG)")
    p.add_argument("--db", metavar="PATH", help="database file, overriding the configuration (or BRIEFBOT_DB)")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    p.add_argument("--log-format", choices=("text", "json"),
                   help="log lines as text (the default) or one JSON object a line (or BRIEFBOT_LOG_FORMAT)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    s = sub.add_parser("ingest", help="poll the configured feeds, or ingest the sources named")
    s.add_argument("sources", nargs="*", metavar="SOURCE", help="feed URL or local RSS/Atom file")
    s.add_argument("--article", action="store_true", help="each SOURCE is a single article (URL or text/HTML file)")
    s.add_argument("--published", metavar="ISO-DATE", type=_published_arg,
                   help="with --article: the publication date (2025-03-02 or 2025-03-02T14:30:00Z); "
                        "relative dates in the text resolve against it")
    s.add_argument("--title", help="with --article and one SOURCE: the article's title")
    s.add_argument("--outlet", help="with --article: the outlet that published it")
    s.add_argument("--url", help="with --article and one SOURCE: the article's http(s) URL (e.g. for a saved page)")
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

    s = sub.add_parser("explain", help="why the table says what it does: each fact with the rules behind it")
    s.add_argument("country", help="a country name or ISO code")
    s.add_argument("category", help="ground_troops, air, maritime, logistics, intelligence, training, funding, ...")
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

    s = sub.add_parser("chart", help="save a picture: the pledge matrix, a country's stance timeline, force sizes")
    s.add_argument("kind", choices=("pledges", "country", "sizes"), help="which picture")
    s.add_argument("name", nargs="*", help="with country: the country (with pledges: narrow to one country)")
    s.add_argument("--out", metavar="FILE.png", help="where to write the PNG (default: the picture's name, here)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("about", help="data freshness and counts")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("feedback", help="the 👍/👎 feedback people gave on answers")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("reextract", help="run the LLM engine over stored articles again (after a model change)")
    s.add_argument("--since", help="only articles published since: ISO 8601, or a span such as 7d (default: all)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("check", help="check the database file for damage (integrity and foreign keys)")
    s.add_argument("--json", action="store_true")

    ops.add_commands(sub)  # backup, restore, health
    sub.add_parser("run", help="the bot: Discord or Slack when their tokens are set, else the console chat")
    sub.add_parser("chat", help="the console chat alone")
    return p


def _setup_logging(verbosity: int, fmt: str | None = None) -> None:
    """Once per process: text or JSON lines on standard error, secrets masked (:mod:`bot.logs`)."""
    from bot.logs import setup_logging

    setup_logging(verbosity, fmt)


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def _show(reply: Reply, as_json: bool) -> None:
    if as_json:
        _print_json(reply.to_json())
    else:
        render(reply, Console())


def _published_arg(text: str) -> Any:
    """``--published``: an ISO 8601 date or date-time (UTC when no offset is given)."""
    from datetime import UTC, datetime

    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO date or date-time such as 2025-03-02 or 2025-03-02T14:30:00Z (got {text!r})"
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _article_overrides(args: argparse.Namespace) -> Any:
    """The ``--title/--outlet/--url/--published`` of ``ingest --article``, checked (UsageError)."""
    from briefings.feeds.urls import http_url
    from briefings.ingest.article import ArticleOverrides

    given = [f"--{name}" for name in ("title", "outlet", "url", "published") if getattr(args, name) is not None]
    if not given:
        return None
    if not args.article:
        raise UsageError(f"{', '.join(given)} describe a single article: add --article")
    if len(args.sources) != 1 and (args.title is not None or args.url is not None):
        raise UsageError("--title and --url describe one article: name exactly one SOURCE")
    if args.url is not None and not http_url(args.url):
        raise UsageError(f"--url: expected an http(s) URL (got {args.url!r})")
    return ArticleOverrides(title=args.title, outlet=args.outlet, url=args.url, published=args.published)


async def _ingest(config: Config, args: argparse.Namespace) -> None:
    """``briefbot ingest``: exit 1 when every named source failed; on Ctrl-C, say what was saved."""
    from storage import knowledge as kq

    overrides = _article_overrides(args)
    # The report lists each failure once; without -v, the poller's own warnings would repeat them.
    quiet = logging.getLogger("briefings.ingest")

    def only_errors(record: logging.LogRecord) -> bool:
        return bool(args.verbose) or record.levelno >= logging.ERROR

    outcomes: list[bool] = []
    quiet.addFilter(only_errors)
    try:
        async with open_app(config) as app:
            before = (await app.runner.call(kq.freshness))["articles"]
            try:
                if not args.sources:
                    report = await app.ingestor.poll(force=True)
                elif args.json or len(args.sources) < 2:
                    report = await app.ingestor.ingest_sources(
                        args.sources, articles=args.article, overrides=overrides,
                        progress=lambda _s, ok: outcomes.append(ok),
                    )
                else:
                    from rich.progress import Progress

                    with Progress(transient=False) as bar:
                        task = bar.add_task("Ingesting", total=len(args.sources))

                        def step(_source: str, ok: bool) -> None:
                            outcomes.append(ok)
                            bar.advance(task)

                        report = await app.ingestor.ingest_sources(
                            args.sources, articles=args.article, overrides=overrides, progress=step
                        )
            except asyncio.CancelledError:  # Ctrl-C: what is saved stays saved; say how much
                saved = (await app.runner.call(kq.freshness))["articles"] - before
                print(f"briefbot: interrupted; {saved} new article{'s' if saved != 1 else ''} saved before that",
                      file=sys.stderr, flush=True)
                raise
    finally:
        quiet.removeFilter(only_errors)

    data = report.as_dict()
    failed = outcomes.count(False)
    if args.json:
        _print_json(data)
    else:
        console, errors = Console(), Console(stderr=True)
        if not args.sources and not config.settings.feeds.sources:
            console.print("No feeds are configured: add a [[feeds.sources]] block to config.toml, "
                          "or name a feed: briefbot ingest FEED.", markup=False)
        console.print(
            f"fetched {data['fetched']}, new {data['new']}, updated {data['updated']}, "
            f"duplicates {data['duplicates']}, irrelevant {data['irrelevant']}, facts {data['facts']}"
        )
        for err in report.errors:
            errors.print(f"[red]error[/red] {err['source']}: {err['error']}", markup=True, highlight=False,
                         soft_wrap=True)
        if failed and failed < len(outcomes):
            errors.print(f"{failed} of {len(outcomes)} sources failed", markup=False, highlight=False)
    if outcomes and failed == len(outcomes):
        which = "the source" if failed == 1 else f"all {failed} sources"
        raise BriefingError(f"nothing ingested: {which} failed")


async def _ask(config: Config, args: argparse.Namespace) -> None:
    questions = args.question
    stream = questions == ["-"]
    async with open_app(config, read_only=True) as app:
        if stream:  # one answer per line, as each line arrives (read off the event loop)
            while line := await asyncio.to_thread(sys.stdin.readline):
                if line.strip():
                    _show(await app.briefings.ask(line.strip()), args.json)
        else:
            _show(await app.briefings.ask(" ".join(questions)), args.json)


async def _simple(config: Config, args: argparse.Namespace) -> None:
    async with open_app(config, read_only=True) as app:
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
        elif cmd == "explain":
            _show(await b.explain(args.country, args.category), args.json)
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
        elif cmd == "chart":
            await _chart(b, args)
        elif cmd == "feedback":
            rows = await b.export_feedback()
            if args.json:
                _print_json(rows)
            else:
                for r in rows:
                    vote = "👍" if r["vote"] > 0 else "👎"
                    print(f"{r['created_at']} {vote} {r['question']!r}" + (f" — {r['reason']}" if r["reason"] else ""))
                print(f"{len(rows)} feedback item{'s' if len(rows) != 1 else ''}.")


async def _chart(b: Any, args: argparse.Namespace) -> None:
    """``briefbot chart``: the PNG written to ``--out``; its path and alt text printed."""
    from pathlib import Path

    image = await b.chart(args.kind, " ".join(args.name) or None)
    out = Path(args.out or image.name)
    try:
        await asyncio.to_thread(out.write_bytes, image.png)
    except OSError as e:
        raise BriefingError(f"cannot write {out}: {e.strerror or e}") from None
    if args.json:
        _print_json({"path": str(out), "name": image.name, "alt": image.alt, "bytes": len(image.png)})
    else:
        print(f"{out}: {image.alt}", flush=True)


async def _reextract(config: Config, args: argparse.Namespace) -> None:
    """``briefbot reextract``: the current model over the stored articles it has not read as they are.

    Facts are replaced, never added to, so a second run changes nothing. Exit 1 when the model could
    be reached for none of them (they stay pending, with the rules' facts).
    """
    from datetime import UTC, datetime

    from briefings.digest import parse_since

    since = None
    if args.since:
        try:
            when = parse_since(args.since, now=datetime.now(UTC))
        except UsageError as e:
            raise UsageError(f"--since: {e}") from None
        since = when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    async with open_app(config) as app:
        if app.llm is None:
            raise ConfigError("reextract needs the LLM engine: set OPENAI_API_KEY, or llm.enabled = true "
                              "in config.toml for a local server")
        report = await app.llm.pipeline.reextract(since)
    data = report.as_dict()
    if args.json:
        _print_json(data)
    else:
        print(f"{data['articles']} article(s) to read, {data['extracted']} extracted, {data['failed']} failed, "
              f"{data['deferred']} left for later, {data['unchanged']} already current; {data['facts']} model "
              f"fact(s), {sum(report.dropped.values())} dropped by grounding; "
              f"{data['prompt_tokens'] + data['completion_tokens']:,} tokens", flush=True)
    if report.articles and not report.extracted:
        reason = report.errors[0]["error"] if report.errors else "nothing could be extracted"
        raise BriefingError(f"no article re-extracted ({reason}); they keep the rules' facts and stay pending")


def _write_csv(rows: list[dict[str, Any]]) -> None:
    out = csv.writer(sys.stdout)
    out.writerow(["country", "country_code", "category", "status", "size", "date", "summary", "source_url", "quote"])
    for r in rows:
        first = r["sources"][0] if r["sources"] else {}
        out.writerow([r["country"], r["country_code"], r["category"], r["status"], r["size"] or "", r["date"] or "",
                      r["summary"], first.get("url", ""), first.get("quote", "")])


def _check(config: Config, args: argparse.Namespace) -> int:
    """``briefbot check``: "ok" and exit 0, or the problems found and exit 1."""
    from storage.check import check_database

    try:
        report = check_database(config.db_path)
    except StorageFailure as e:
        raise storage_error(e, config.db_path) or StorageError(str(e)) from e
    if args.json:
        _print_json(report.as_dict())
    else:
        print("\n".join(report.problems) if report.problems else "ok", flush=True)
    return 0 if report.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _setup_logging(args.verbose, args.log_format)
        config = load_config(args.config, db=args.db)
        if args.command == "ingest":
            asyncio.run(_ingest(config, args))
        elif args.command == "ask":
            asyncio.run(_ask(config, args))
        elif args.command in ("run", "chat"):
            asyncio.run(run(config, console_only=args.command == "chat"))
        elif args.command == "check":
            return _check(config, args)
        elif args.command == "reextract":
            asyncio.run(_reextract(config, args))
        elif args.command in ops.COMMANDS:
            return ops.COMMANDS[args.command](config, args)
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
        mapped = storage_error(e, args.db or "the configured path")  # one that escaped the app's own mapping
        if mapped is not None:
            log.debug("storage failure", exc_info=True)
            print(f"briefbot: {mapped}", file=sys.stderr)
            return 1
        log.debug("unexpected failure", exc_info=True)
        print(f"briefbot: unexpected error: {type(e).__name__}: {e} (run with -vv for details)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
