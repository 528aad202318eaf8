"""The extractor on the shared labelled dev corpus (skipped when ../shared is absent)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from briefings.extract import extract

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "eval" / "dev"
SEED = SHARED / "seed" / "volunteer-alliance-article.txt"

pytestmark = pytest.mark.skipif(not (DEV / "gold.json").exists(), reason="the shared dev corpus is absent")


def _articles() -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for a in json.loads((DEV / "articles.json").read_text()):
        if ":d" in a["id"] and a["id"] not in seen:
            seen.add(a["id"])
            out.append(a)
    return out


def _table() -> dict[tuple[str, str], dict[str, Any]]:
    claims = []
    for a in _articles():
        published = datetime.fromisoformat(a["published"].replace("Z", "+00:00"))
        for f in extract("\n\n".join(a["paragraphs"]), title=a["title"], published=published).facts:
            claims.append((f.date, published, f))
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for _day, _pub, f in sorted(claims, key=lambda c: (c[0], c[1])):
        key = (f.country_code, f.category)
        prev = table.get(key)
        size = f.size or (prev["size"] if prev and prev["status"] == f.status else None)
        table[key] = {"status": f.status, "size": size}
    return table


def test_dev_pledges_f1() -> None:
    gold = json.loads((DEV / "gold.json").read_text())["pledges"]
    table = _table()
    required = {(c, k): set(s) for c, k, s in gold["required"]}
    optional = {(c, k): set(s) for c, k, s in gold["optional"] if k != "*"}
    optional_any = {c for c, k, _s in gold["optional"] if k == "*"}
    forbidden = [tuple(f) for f in gold["forbidden"]]
    tp = fp = 0
    for (code, cat), row in table.items():
        triple = (code, cat, row["status"])
        if any(all(p in ("*", t) for p, t in zip(f, triple, strict=True)) for f in forbidden):
            fp += 1
        elif (code, cat) in required:
            tp += row["status"] in required[(code, cat)]
            fp += row["status"] not in required[(code, cat)]
        elif (code, cat) in optional:
            fp += bool(optional[(code, cat)]) and row["status"] not in optional[(code, cat)]
        elif code not in optional_any:
            fp += 1
    precision = tp / (tp + fp)
    recall = tp / len(required)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.9, (precision, recall)
    for code, cat, size in gold["sizes"]:
        assert table[(code, cat)]["size"] == size


def test_every_quote_is_a_sentence_of_the_text() -> None:
    for a in _articles():
        text = "\n\n".join(a["paragraphs"])
        ex = extract(text, published=datetime.fromisoformat(a["published"].replace("Z", "+00:00")))
        quotes = [f.quote for f in ex.facts] + [e.quote for e in ex.events] + [s.quote for s in ex.statements]
        quotes += [f.quote for f in ex.figures]
        assert all(q and q in text and q == q.strip() for q in quotes)


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is absent")
def test_seed_article_runs_and_names_its_actors() -> None:
    ex = extract(SEED.read_text(encoding="utf-8"))
    codes = {f.country_code for f in ex.facts}
    assert {"GB", "PL", "IT"} <= codes
    assert "RU" not in codes
    assert any(s.speaker_code == "RU" for s in ex.statements)
