"""The reliability suite's figures: each test records what it measured, and the run prints them all.

``figure(test, name, value, unit, criterion)`` records one line; at the end of the run the terminal
summary prints a table of every figure (in CI's log too), and ``BRIEFBOT_FIGURES=path.json`` also
writes them as JSON. The figures in docs/RELIABILITY.md come from such a run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest

_FIGURES: list[dict[str, Any]] = []

Figure = Callable[..., None]


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Figure:
    test = request.node.name

    def record(name: str, value: Any, unit: str = "", criterion: str = "") -> None:
        _FIGURES.append({"test": test, "name": name, "value": value, "unit": unit, "criterion": criterion})

    return record


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _FIGURES:
        return
    terminalreporter.section("reliability figures")
    width = max(len(f"{f['test']}: {f['name']}") for f in _FIGURES)
    for f in _FIGURES:
        label = f"{f['test']}: {f['name']}".ljust(width)
        crit = f"   [{f['criterion']}]" if f["criterion"] else ""
        terminalreporter.write_line(f"{label}  {_shown(f['value'])} {f['unit']}{crit}".rstrip())
    target = os.environ.get("BRIEFBOT_FIGURES")
    if target:
        with open(target, "w", encoding="utf-8") as out:
            json.dump(_FIGURES, out, indent=1, default=str)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A database of the bundled sample plus 600 generated entries, built once (copy it before writing)."""
    from rel_support import SAMPLE, make_feed

    from bot.cli import main

    base = tmp_path_factory.mktemp("corpus")
    db = base / "corpus.db"
    feed = base / "more.xml"
    feed.write_bytes(make_feed(600, seed=12))
    assert main(["--db", str(db), "ingest", str(SAMPLE), "--json"]) == 0
    assert main(["--db", str(db), "ingest", str(feed), "--json"]) == 0
    return db
