"""Tokens per article and per question, counted by the fake OpenAI server, on a labelled corpus.

    .venv/bin/python benchmarks/bench_llm_tokens.py [../shared/eval/dev] [--price-in 0.15 --price-out 0.60]
        [--articles-per-day 300] [--questions-per-day 500]

The corpus's feed is ingested by ``bot.launcher.open_app`` (the wiring of ``briefbot``) with the LLM
engine pointed at the fake server of ``tests/fakes/openai`` (its reader model, its approximate
tokenizer); then every question of the corpus is asked once, then once more (the cache). Printed:
calls and prompt/completion tokens per relevant article and per question, and what a day of a busy
feed set would cost at the given list prices (US dollars per million tokens; the defaults are
gpt-4o-mini's list prices). Never fails on figures: a benchmark prints and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fakes.openai import FakeOpenAI  # noqa: E402
from fakes.openai.harness import llm_app  # noqa: E402


def _per(values: list[int]) -> str:
    if not values:
        return "n/a"
    return f"mean {statistics.mean(values):,.0f}, median {statistics.median(values):,.0f}, max {max(values):,}"


async def measure(corpus: Path, folder: Path, fake: FakeOpenAI) -> dict[str, object]:
    gold = json.loads((corpus / "gold.json").read_text())
    questions = [q["q"] for q in gold.get("questions", [])]
    async with llm_app(folder, fake) as app:
        report = await app.ingestor.ingest_sources([str(corpus / "feed.xml")])
        extract = [r for r in fake.calls("extract") if r.status == 200]
        per_article: dict[str, list[int]] = {}
        for r in extract:
            user = next(m["content"] for m in r.body["messages"] if m["role"] == "user")
            title = user.split("\n", 1)[0]
            per_article.setdefault(title, [0, 0, 0])
            per_article[title][0] += 1
            per_article[title][1] += r.prompt_tokens
            per_article[title][2] += r.completion_tokens
        engines = []
        for q in questions:
            engines.append((await app.briefings.ask(q)).to_json()["engine"])
        asked = [r for r in fake.calls("answer") if r.status == 200]
        for q in questions:
            await app.briefings.ask(q)
        repeat_calls = len(fake.calls("answer")) - len(asked)
    return {"report": report.as_dict(), "articles": per_article, "answers": asked, "questions": questions,
            "engines": engines, "repeat_calls": repeat_calls}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "dev"))
    p.add_argument("--price-in", type=float, default=0.15, help="dollars per million prompt tokens")
    p.add_argument("--price-out", type=float, default=0.60, help="dollars per million completion tokens")
    p.add_argument("--articles-per-day", type=int, default=300)
    p.add_argument("--questions-per-day", type=int, default=500)
    args = p.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "feed.xml").exists():
        print(f"no corpus at {corpus}: nothing measured")
        return
    os.environ.pop("OPENAI_API_KEY", None)
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI() as fake:
        got = asyncio.run(measure(corpus, Path(tmp), fake))
    arts = list(got["articles"].values())  # type: ignore[union-attr]
    answers = got["answers"]
    a_in = [a[1] for a in arts]
    a_out = [a[2] for a in arts]
    q_in = [r.prompt_tokens for r in answers]  # type: ignore[union-attr]
    q_out = [r.completion_tokens for r in answers]  # type: ignore[union-attr]
    print(f"ingest: {got['report']}")
    print(f"extraction: {len(arts)} articles read, {sum(a[0] for a in arts)} calls "
          f"({max((a[0] for a in arts), default=0)} at most for one article)")
    print(f"  prompt tokens per article:     {_per(a_in)}")
    print(f"  completion tokens per article: {_per(a_out)}")
    print(f"answers: {len(got['questions'])} questions, {len(answers)} calls "  # type: ignore[arg-type]
          f"(engines {sorted(set(got['engines']))}); asked again: {got['repeat_calls']} calls")  # type: ignore[arg-type]
    print(f"  prompt tokens per question:     {_per(q_in)}")
    print(f"  completion tokens per question: {_per(q_out)}")
    mean = statistics.mean
    day_in = args.articles_per_day * mean(a_in or [0]) + args.questions_per_day * mean(q_in or [0])
    day_out = args.articles_per_day * mean(a_out or [0]) + args.questions_per_day * mean(q_out or [0])
    cost = day_in / 1e6 * args.price_in + day_out / 1e6 * args.price_out
    print(f"a day of {args.articles_per_day} new articles and {args.questions_per_day} questions: "
          f"{day_in:,.0f} prompt + {day_out:,.0f} completion tokens = ${cost:.2f} "
          f"at ${args.price_in}/${args.price_out} per million tokens")


if __name__ == "__main__":
    main()
