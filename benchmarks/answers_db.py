"""The generated database for bench_answers.py: vocabularies, the deterministic article generator and the build.

The database is generated straight through storage (``open_database`` and batched inserts inside
``write_transaction``), not through ingestion: articles, stories, sentences (indexed by the schema's
FTS5 triggers), facts, events, figures and statements. The sentences are assembled from the small
vocabularies written here. :func:`build_database` records the article count, seed and
:data:`GENERATOR_VERSION` in ``meta``, and :func:`cached_ok` tells whether a file on disk still fits,
so a cached build is reused while they match.

Imported by bench_answers.py once it has put the project root on ``sys.path``.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from briefings.models import CATEGORIES
from storage import open_database, write_transaction

GENERATOR_VERSION = 1
META_KEY = "bench_answers"

# --- vocabularies (written for this benchmark) -------------------------------------------------------

COUNTRIES = [
    ("GB", "Britain"), ("FR", "France"), ("DE", "Germany"), ("IT", "Italy"), ("ES", "Spain"),
    ("PL", "Poland"), ("NL", "the Netherlands"), ("BE", "Belgium"), ("DK", "Denmark"), ("SE", "Sweden"),
    ("NO", "Norway"), ("FI", "Finland"), ("EE", "Estonia"), ("LV", "Latvia"), ("LT", "Lithuania"),
    ("IE", "Ireland"), ("PT", "Portugal"), ("AT", "Austria"), ("CZ", "Czechia"), ("SK", "Slovakia"),
    ("SI", "Slovenia"), ("HR", "Croatia"), ("RO", "Romania"), ("BG", "Bulgaria"), ("GR", "Greece"),
    ("HU", "Hungary"), ("CY", "Cyprus"), ("LU", "Luxembourg"), ("MT", "Malta"), ("IS", "Iceland"),
    ("CA", "Canada"), ("AU", "Australia"), ("NZ", "New Zealand"), ("JP", "Japan"), ("TR", "Turkey"),
    ("AL", "Albania"), ("MK", "North Macedonia"), ("ME", "Montenegro"), ("MD", "Moldova"),
    ("EU", "the European Union"),
]
# Big contributors are written about more often.
WEIGHTS = [9, 9, 7, 6, 5, 7, 4, 3, 4, 4, 4, 4, 3, 3, 3, 2, 2, 2, 2, 2,
           1, 1, 2, 1, 2, 2, 1, 1, 1, 1, 4, 3, 1, 2, 3, 1, 1, 1, 1, 3]
SPEAKERS = [("RU", "Russia", "The Kremlin"), ("CN", "China", "Beijing"), ("US", "the United States", "Washington"),
            ("BY", "Belarus", "Minsk"), ("IN", "India", "New Delhi")]
PLACES = [("Paris", "FR"), ("London", "GB"), ("Rome", "IT"), ("Berlin", "DE"), ("Brussels", "EU"),
          ("Kyiv", "UA"), ("Warsaw", "PL"), ("Helsinki", "FI"), ("Madrid", "ES"), ("Copenhagen", "DK"),
          ("Oslo", "NO"), ("Ottawa", "CA")]
OUTLETS = ["Northern Ledger", "Continental Wire", "Harbour Times", "Daily Meridian", "Baltic Courier",
           "Atlantic Dispatch", "Danube Review", "Morning Almanac"]
SPOKESPEOPLE = ["its prime minister", "the defence minister", "the foreign minister", "a government spokesperson",
                "the president", "the chief of defence staff"]
CATEGORY_PHRASES = {
    "ground_troops": ["send troops to Ukraine", "deploy soldiers to the reassurance force in Ukraine",
                      "put peacekeepers on the ground in Ukraine after a ceasefire"],
    "air": ["provide air policing over western Ukraine", "fly fighter jets to patrol Ukrainian skies",
            "contribute aircraft to an air shield over Ukraine"],
    "maritime": ["send minesweepers to the Black Sea", "lead a naval mission to keep Black Sea lanes open",
                 "contribute frigates to maritime patrols off Odesa"],
    "logistics": ["offer logistics hubs and transport for the force", "run supply lines for the multinational force",
                  "provide airlift and logistics support"],
    "intelligence": ["share intelligence and surveillance data with Kyiv", "provide satellite reconnaissance for the mission",
                     "contribute intelligence officers to the headquarters"],
    "training": ["train Ukrainian brigades", "host training camps for Ukrainian soldiers",
                 "send instructors to train the Ukrainian army"],
    "funding": ["fund the reassurance force", "pay towards the coalition's common costs",
                "finance the rebuilding of Ukraine's armed forces"],
    "equipment": ["supply air defence systems to Ukraine", "deliver armoured vehicles to Kyiv",
                  "provide drones and artillery ammunition"],
    "humanitarian": ["provide humanitarian aid to Ukrainian towns", "send field hospitals and medical teams",
                     "fund winter shelters and power generators"],
}
STATUS_PHRASES = {
    "committed": ["will", "has pledged to", "has committed to", "agreed to", "is ready to"],
    "considering": ["is considering whether to", "could", "may", "has not ruled out plans to", "is weighing whether to"],
    "declined": ["will not", "has ruled out plans to", "refuses to", "has declined to", "has no plans to"],
}
STATUS_WEIGHTS = {"committed": 5, "considering": 3, "declined": 2}
CURRENCIES = [("euros", "EUR"), ("pounds", "GBP"), ("dollars", "USD"), ("kroner", "NOK")]
SUBJECTS = ["Planners", "Officials", "Diplomats", "Military chiefs", "Analysts", "Negotiators", "Lawmakers", "Envoys"]
VERBS = ["discussed", "reviewed", "outlined", "debated", "drafted", "questioned", "clarified", "examined"]
OBJECTS = ["the mandate of the reassurance force", "security guarantees for Kyiv", "rules of engagement for a future mission",
           "the command structure at the headquarters", "a timetable for deployment after a ceasefire",
           "the role of air and sea patrols", "how long a mission would last", "the cost of rotating units",
           "a backstop from Washington", "the legal basis for a deployment", "the protection of power plants",
           "border monitoring along the front line"]
TAILS = ["behind closed doors", "at a briefing for reporters", "in a written statement", "over two days of talks",
         "according to people familiar with the talks", "without announcing a decision"]
WARNINGS = ["warned that any Western troops in Ukraine would be treated as a legitimate target",
            "said the coalition of the willing risked prolonging the war",
            "said a reassurance force would need the consent of every party",
            "called the plans for a multinational force a provocation",
            "said it would back the coalition with intelligence but would not send soldiers",
            "urged European capitals to talk about a ceasefire first"]
OUTCOMES = ["agreed to set up a coordination cell", "endorsed the plans for a multinational force",
            "asked planners for options within weeks", "signed a declaration of intent on security guarantees"]
EVENT_KINDS = ["summit", "meeting", "call", "declaration"]

# --- the generated database ------------------------------------------------------------------------


@dataclass
class Batch:
    stories: list[tuple[Any, ...]] = field(default_factory=list)
    articles: list[tuple[Any, ...]] = field(default_factory=list)
    sentences: list[tuple[Any, ...]] = field(default_factory=list)
    facts: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    figures: list[tuple[Any, ...]] = field(default_factory=list)
    statements: list[tuple[Any, ...]] = field(default_factory=list)


SQL = {
    "stories": "INSERT INTO stories (id, title, first_published, created_at) VALUES (?, ?, ?, ?)",
    "articles": (
        "INSERT INTO articles (id, guid, url, canonical_url, title, outlet, published, updated, text, content_hash, "
        "signature, story_id, relevance, relevant, feed_id, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, 1, NULL, ?)"
    ),
    "sentences": "INSERT INTO sentences (article_id, story_id, position, text, date) VALUES (?, ?, ?, ?, ?)",
    "facts": (
        "INSERT INTO facts (article_id, story_id, date, quote, country_code, category, status, size, amount, "
        "amount_value, currency, actor_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "events": (
        "INSERT INTO events (article_id, story_id, date, quote, kind, place, host, host_code, participants, "
        "participant_codes, absent_codes, outcome, title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "figures": (
        "INSERT INTO figures (article_id, story_id, date, quote, kind, value, low, high, qualifier, proposer_code) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "statements": (
        "INSERT INTO statements (article_id, story_id, date, quote, speaker_code, about_codes, topic) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)"
    ),
}


def _day_text(d: datetime) -> str:
    return f"{d.day} {d:%B}"


def _amount(rng: random.Random) -> tuple[str, float, str]:
    word, code = rng.choice(CURRENCIES)
    if rng.random() < 0.6:
        value = rng.choice([0.2, 0.5, 1, 1.5, 2, 2.5, 3, 4.2, 5])
        return f"{value:g} billion {word}", value * 1e9, code
    value = rng.randrange(50, 950, 25)
    return f"{value} million {word}", value * 1e6, code


class Generator:
    """Deterministic articles: the same seed gives the same database."""

    def __init__(self, seed: int, total: int) -> None:
        self.rng = random.Random(seed)
        self.total = total
        self.start = datetime(2024, 9, 1, tzinfo=UTC)
        self.span = timedelta(days=730)
        self.next_story = 1
        # (story_id, title, first sentence, country, category, status) of recent stories, for copies
        self.recent: list[tuple[int, str, str, str, str, str]] = []

    def article(self, i: int, b: Batch) -> None:
        rng = self.rng
        published_dt = self.start + self.span * (i / self.total) + timedelta(minutes=rng.randrange(0, 600))
        published = published_dt.isoformat(timespec="seconds").replace("+00:00", "Z")
        day = published[:10]
        outlet = rng.choice(OUTLETS)
        slug = outlet.lower().replace(" ", "-")
        code, name = rng.choices(COUNTRIES, weights=WEIGHTS)[0]
        cap = name[0].upper() + name[1:]
        category = rng.choice(CATEGORIES)
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        lines: list[str] = []

        copy_of = self.recent[-rng.randrange(1, len(self.recent) + 1)] if self.recent and rng.random() < 0.1 else None
        if copy_of is not None:  # another outlet's version of a recent story
            story_id, title, first, code, category, status = copy_of
            name = dict(COUNTRIES)[code]
            cap = name[0].upper() + name[1:]
            lines.append(first)
            b.facts.append((i, story_id, day, first, code, category, status, None, None, None, None, cap))
        else:
            story_id = self.next_story
            self.next_story += 1
            phrase = rng.choice(CATEGORY_PHRASES[category])
            first = (f"{cap} {rng.choice(STATUS_PHRASES[status])} {phrase}, "
                     f"{rng.choice(SPOKESPEOPLE)} said on {_day_text(published_dt)}.")
            title = f"{cap} and the coalition of the willing: {category.replace('_', ' ')} ({i})"
            b.stories.append((story_id, title, published, published))
            lines.append(first)
            size = amount = value = currency = None
            if category == "ground_troops" and status != "declined" and rng.random() < 0.6:
                size = rng.randrange(200, 12000, 100)
                lines.append(f"{cap} could contribute up to {size:,} personnel to the multinational force.")
            if category in ("funding", "equipment", "humanitarian") and status != "declined" and rng.random() < 0.7:
                amount, value, currency = _amount(rng)
                lines.append(f"{cap} pledged {amount} for {rng.choice(CATEGORY_PHRASES[category]).split(' ', 1)[1]}.")
            b.facts.append((i, story_id, day, first, code, category, status, size, amount, value, currency, cap))
            if rng.random() < 0.3:  # a second stance in the same article
                cat2 = rng.choice([c for c in CATEGORIES if c != category])
                st2 = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
                second = f"It {rng.choice(STATUS_PHRASES[st2])} {rng.choice(CATEGORY_PHRASES[cat2])} as well."
                lines.append(second)
                b.facts.append((i, story_id, day, second, code, cat2, st2, None, None, None, None, "It"))
            self.recent.append((story_id, title, first, code, category, status))
            del self.recent[:-50]

        for _ in range(rng.randrange(3, 6)):
            lines.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}.")

        if rng.random() < 0.07:
            place, host_code = rng.choice(PLACES)
            kind = rng.choice(EVENT_KINDS)
            n = rng.randrange(12, 36)
            parts = sorted({c for c, _ in rng.sample(COUNTRIES, min(n, len(COUNTRIES)))})
            absent = [c for c, _ in rng.sample(COUNTRIES, 2) if c not in parts]
            outcome = rng.choice(OUTCOMES)
            host_name = dict(COUNTRIES).get(host_code, "Ukraine")
            if kind == "call":
                quote = f"Leaders of {n} countries joined a video call hosted from {place} on {_day_text(published_dt)} and {outcome}."
            elif kind == "declaration":
                quote = f"In {place} on {_day_text(published_dt)}, {n} countries signed a declaration on security guarantees."
            else:
                quote = (f"Leaders of {n} countries met in {place} on {_day_text(published_dt)} for a {kind} of the "
                         f"coalition of the willing hosted by {host_name} and {outcome}.")
            lines.append(quote)
            b.events.append((i, story_id, day, quote, kind, place, host_name, host_code, n, json.dumps(parts),
                             json.dumps(absent), outcome, f"{kind.title()} in {place}"))
        if rng.random() < 0.1:
            low = rng.randrange(5, 30) * 1000
            high = low + rng.randrange(5, 30) * 1000
            qualifier = rng.choice(["up to", "about", "at least", None])
            proposer, pname = rng.choices(COUNTRIES, weights=WEIGHTS)[0]
            pcap = pname[0].upper() + pname[1:]
            if qualifier is None:
                quote = f"{pcap} proposed a force of {low:,} to {high:,} troops for the reassurance mission."
                b.figures.append((i, story_id, day, quote, "force_size", low, low, high, None, proposer))
            else:
                quote = f"{pcap} proposed a force of {qualifier} {high:,} troops for the reassurance mission."
                b.figures.append((i, story_id, day, quote, "force_size", high, None, None, qualifier, proposer))
            lines.append(quote)
        if rng.random() < 0.12:
            scode, sname, sby = rng.choice(SPEAKERS)
            about = [code] if rng.random() < 0.5 else []
            quote = f"{rng.choice([sby, sname[0].upper() + sname[1:]])} {rng.choice(WARNINGS)}."
            lines.append(quote)
            b.statements.append((i, story_id, day, quote, scode, json.dumps(about), rng.choice(["warning", "claim", "position"])))

        text = " ".join(lines)
        url = f"https://news.bench.test/{slug}/{day}/{i}"
        b.articles.append((i, f"bench-{i}", url, url, title, outlet, published, text, f"h{i:08x}",
                           rng.randbytes(512), story_id, round(rng.uniform(2.0, 9.0), 3), published))
        b.sentences.extend((i, story_id, pos, s, day) for pos, s in enumerate(lines))


def _meta(db: Any) -> dict[str, Any] | None:
    try:
        row = db.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchone()
    except Exception:
        return None
    return json.loads(row[0]) if row else None


def cached_ok(path: Path, articles: int, seed: int) -> bool:
    if not path.exists():
        return False
    db = open_database(path)
    try:
        meta = _meta(db)
        count = db.execute("SELECT COUNT(*) FROM articles WHERE relevant = 1").fetchone()[0]
    finally:
        db.close()
    return meta == {"articles": articles, "seed": seed, "version": GENERATOR_VERSION} and count == articles


def build_database(path: Path, articles: int, seed: int, batch_size: int) -> dict[str, int]:
    """Write the generated database to ``path`` (through a temporary name, so a killed build is never reused)."""
    tmp = path.with_name(path.name + ".building")
    for p in (tmp, path):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{p}{suffix}").unlink(missing_ok=True)
    db = open_database(tmp)
    gen = Generator(seed, articles)
    counts = dict.fromkeys(SQL, 0)
    conn = db.conn
    for lo in range(1, articles + 1, batch_size):
        batch = Batch()
        for i in range(lo, min(lo + batch_size, articles + 1)):
            gen.article(i, batch)
        with write_transaction(db):
            for table, sql in SQL.items():
                rows = getattr(batch, table)
                if rows:
                    conn.executemany(sql, rows)
                    counts[table] += len(rows)
        done = min(lo + batch_size - 1, articles)
        if done % (batch_size * 10) == 0 or done == articles:
            print(f"  ... {done} articles", flush=True)
    with write_transaction(db):
        db["meta"].upsert(
            {"key": META_KEY, "value": json.dumps({"articles": articles, "seed": seed, "version": GENERATOR_VERSION})},
            pk="key",
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, path)
    return counts
