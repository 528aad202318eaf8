"""The labelled corpora scored through the real command line (score.py), and the third-party feeds.

The development corpus and the feed corpus live in ../shared (skipped when absent); the hold-out
corpus in tests/fixtures/corpora was written for this project in its own words.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
HOLDOUT = ROOT / "tests" / "fixtures" / "corpora" / "holdout-a"

needs_shared = pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval is not here")


def score(corpus: Path, *bars: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "DISCORD", "SLACK", "BRIEFBOT"))}
    env["BRIEFBOT_CMD"] = f"{sys.executable} -m bot"
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, str(SCORE), str(corpus), *bars], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=600)


@needs_shared
def test_development_corpus_meets_the_bars():
    out = score(SHARED / "eval" / "dev", "--min-pledge-f1", "0.90", "--min-qa", "0.90", "--min-story-recall", "1",
                "--require-digest", "--require-sizes")
    summary = out.stdout.strip().splitlines()[-1]
    assert out.returncode == 0, out.stdout[-3000:]
    assert "stories=16/16 leaked=0 dups=0" in summary


@needs_shared
@pytest.mark.parametrize("name", ["holdout-a", "holdout-b", "holdout-c", "holdout-d", "holdout-e", "holdout-f"])
def test_holdout_corpora_meet_the_hidden_bars(name):
    out = score(HOLDOUT.parent / name, "--min-pledge-f1", "0.80", "--min-qa", "0.90", "--min-story-recall", "1",
                "--require-digest")
    assert out.returncode == 0, out.stdout[-3000:]


FEEDS = SHARED / "feeds-corpus"


@pytest.mark.skipif(not FEEDS.exists(), reason="../shared/feeds-corpus is not here")
def test_every_third_party_feed_in_one_ingest_call(tmp_path):
    files = sorted(str(p) for p in FEEDS.rglob("*") if p.is_file() and p.suffix in {".xml", ".rss", ".atom", ".rdf", ".json"})
    assert len(files) > 1500
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "bot", "--db", str(tmp_path / "corpus.db"), "ingest", *files, "--json"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    report = json.loads(out.stdout)
    assert report["fetched"] > 3000
    assert 0 < len(report["errors"]) < len(files) // 5
    for err in report["errors"]:
        assert err["source"] in files and err["error"] and "\n" not in err["error"]
