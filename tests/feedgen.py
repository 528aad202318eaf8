"""Generated feeds for the crash test and the benchmarks: many distinct, dated entries.

The sentences are assembled from small vocabularies written for this project, so each entry is a
different article (not a near-copy of another) and about half of them are about the coalition.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

COUNTRIES = ["Sweden", "Denmark", "Norway", "Finland", "Estonia", "Latvia", "Lithuania", "Belgium", "Portugal",
             "Spain", "Ireland", "Austria", "Czechia", "Slovakia", "Greece", "Canada", "Japan", "Australia"]
VERBS = ["is ready to send", "will not send", "could send", "has offered", "rules out sending", "is considering sending"]
WHAT = ["troops to Ukraine", "soldiers to a reassurance force in Ukraine", "peacekeepers to Ukraine after a ceasefire"]
OTHER = ["Officials said the offer depends on the mandate of the multinational force.",
         "Planners met at headquarters to discuss security guarantees for Kyiv.",
         "The defence ministry gave no timetable for a decision.",
         "Diplomats said the coalition of the willing would meet again within weeks.",
         "Parliament is expected to debate the deployment next month."]
OFFTOPIC = ["The local football club won its third match in a row on {d}.",
            "Grain freight rates eased for a second week, traders said on {d}.",
            "A new museum wing opened to visitors in the capital on {d}.",
            "The governing coalition agreed a pension compromise on {d}.",
            "Rail operators announced a timetable change for the spring on {d}."]


def entry(i: int, rng: random.Random, start: datetime) -> str:
    when = start + timedelta(hours=i)
    day = f"{when.day} {when:%B}"
    if rng.random() < 0.5:
        c = rng.choice(COUNTRIES)
        size = rng.randrange(100, 5000, 50)
        body = [f"{c} {rng.choice(VERBS)} {rng.choice(WHAT)}, its prime minister said on {day}.",
                f"A contingent of about {size:,} personnel was mentioned in report number {i}.",
                *rng.sample(OTHER, 3)]
        title = f"{c} and the reassurance force for Ukraine, update {i}"
    else:
        body = [s.format(d=day) for s in rng.sample(OFFTOPIC, 3)] + [f"Item {i} had nothing else to report."]
        title = f"Local news roundup number {i}"
    html = "".join(f"<p>{escape(s)}</p>" for s in body)
    return (
        f"<item><guid isPermaLink=\"false\">gen-{i}</guid><title>{escape(title)}</title>"
        f"<link>https://gen.test/articles/{i}?utm_source=feed</link>"
        f"<pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(html)}</description></item>\n"
    )


def make_feed(n: int, *, seed: int = 7, start: datetime | None = None) -> bytes:
    """An RSS 2.0 feed of ``n`` generated entries."""
    rng = random.Random(seed)
    start = start or datetime(2025, 3, 1, tzinfo=UTC)
    items = "".join(entry(i, rng, start) for i in range(n))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Generated</title>'
        f"<link>https://gen.test/</link><description>generated</description>\n{items}</channel></rss>\n"
    ).encode()
