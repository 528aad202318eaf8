"""The operator's commands: ``briefbot backup``, ``briefbot restore`` and ``briefbot health``.

``backup PATH`` writes a consistent copy of the database while the bot keeps running (a directory
as ``PATH`` gets a time-stamped file name); ``restore PATH`` puts a backup in place of the database
of a stopped bot, keeping the current file beside it (see :mod:`storage.backup`); ``health`` asks a
running bot's listener (``[health]``, :mod:`bot.health`) and exits 0 when it answers healthy,
1 otherwise: the Docker image's ``HEALTHCHECK``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

from bot.health import Listen, listen_address, probe
from briefings.config import Config
from briefings.errors import ConfigError, StorageError
from storage import StorageFailure
from storage.backup import backup_database, restore_database

log = logging.getLogger(__name__)


def add_commands(sub: Any) -> None:
    """The three subcommands, on the ``briefbot`` parser's subparsers."""
    s = sub.add_parser("backup", help="write a consistent copy of the database (safe while the bot runs)")
    s.add_argument("path", metavar="PATH", help="the backup file to write, or a directory for a time-stamped one")
    s.add_argument("--force", action="store_true", help="replace PATH if it exists")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("restore", help="replace the database with a backup (stop the bot first)")
    s.add_argument("path", metavar="PATH", help="a file written by briefbot backup")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("health", help="ask the running bot's health listener; exit 0 when healthy")
    s.add_argument("--port", type=int, help="the listener's port (default: [health] port or BRIEFBOT_HEALTH_PORT)")
    s.add_argument("--json", action="store_true")


def _out(data: dict[str, Any], as_json: bool, text: str) -> None:
    sys.stdout.write((json.dumps(data, ensure_ascii=False) if as_json else text) + "\n")
    sys.stdout.flush()


def _storage(e: StorageFailure) -> StorageError:
    from bot.launcher import storage_error

    return storage_error(e, "") or StorageError(str(e))


def backup(config: Config, args: argparse.Namespace) -> int:
    try:
        report = backup_database(config.db_path, args.path, overwrite=args.force)
    except StorageFailure as e:
        raise _storage(e) from e
    size = report.bytes / 2**20
    _out(report.as_dict(), args.json,
         f"backup written to {report.path}: {size:.1f} MiB, {report.articles} articles, {report.facts} facts, "
         f"integrity {report.integrity}, {report.seconds:.2f} s")
    return 0


def restore(config: Config, args: argparse.Namespace) -> int:
    try:
        report = restore_database(args.path, config.db_path)
    except StorageFailure as e:
        raise _storage(e) from e
    kept = f"; the previous database is kept as {report.previous}" if report.previous else ""
    _out(report.as_dict(), args.json,
         f"restored {report.path} from {report.source}: {report.articles} articles, {report.facts} facts, "
         f"integrity {report.integrity}{kept}")
    return 0 if report.integrity == "ok" else 1


def health(config: Config, args: argparse.Namespace) -> int:
    listen = listen_address(config.settings.health)
    if args.port is not None:
        listen = Listen(listen.host if listen else config.settings.health.host, args.port)
    if listen is None:
        raise ConfigError("the health listener is off: set [health] port in config.toml or BRIEFBOT_HEALTH_PORT")
    status, body = probe(listen)
    if status == 0:
        _out({"status": "unreachable", "port": listen.port}, args.json,
             f"nothing answers on port {listen.port}: is the bot running?")
        return 1
    _out(body or {"status": f"HTTP {status}"}, args.json,
         json.dumps(body, indent=2) if body else f"HTTP {status}")
    return 0 if status == 200 else 1


COMMANDS = {"backup": backup, "restore": restore, "health": health}

__all__ = ["COMMANDS", "add_commands", "backup", "health", "restore"]
