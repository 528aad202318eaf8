"""Cue vocabularies: what a clause offers (category) and how firmly (status).

Category rules (SPEC §4):

* Each category has *specific* cues ("troops", "air policing", "naval", "logistical", "intelligence",
  "train Ukrainian troops", money amounts, "missiles", "humanitarian"...). A clause yields one fact
  per category it names, so "logistical, financial, humanitarian and military support" gives four.
* *Generic* participation cues ("take part", "be involved", "contribute", "deployment", "security
  guarantees", "the reassurance force", "the army") mean ground troops only when the clause names
  no specific category: "Croatia will not be involved" is about soldiers, "Japan will contribute
  funding to the force" is about money.
* Troop words that name someone else's troops are not a contribution: "Ukrainian troops", "allied
  forces", "Russian soldiers", and troops that are the object of "train", "host", "rebuild".
  Training them is ``training``; hosting them is ``logistics``.
* People named by their hardware are no hardware: "drone operators", "F-16 pilots", "tank crews" (and
  schools or courses for them) are ``training`` only; training covers crews, sailors, sappers, cadets...,
  and passives name the trainer after "by" ("Ukrainian recruits will be trained by Britain"). People
  sent to train others ("100 personnel to train Ukrainian soldiers", instructors) are no ground troops.
* A role, presence or part "on land" / "on the ground" is ``ground_troops``; officers serving at a
  headquarters are staff (no logistics, no troops).
* "Pay for", "fund the ..." name what is paid for ("pay for demining" is humanitarian); only when the
  clause names nothing else are they ``funding``.
* Mines and demining are ``maritime`` when the clause is about the sea, else ``humanitarian``.
* Money (an amount with a currency, loans, export finance) is ``funding``; when the money buys
  weapons named in the same clause ("export finance so that Ukraine can buy missiles") the weapons
  also give ``equipment`` (the hardware reaches Ukraine because of that pledge).

Status rules, checked in this order, the first family found wins inside one clause:

1. negated refusals, which are openness: "not ruling out", "has not ruled out", "does not exclude";
2. ``declined``: "will not", "won't", "does not plan", "has no intention", "rules out", "cannot",
   "no question of", "refuses", "not involved", "no ... participation is planned", "no troops", and the
   opting-out idioms: "stay/keep/sit/opt/pull out", "stay away", "sees no role for", "no appetite",
   "wants no part", "not among the countries", "ruled itself out", "excluded", "said no", "turned
   down", "dismissed the idea", "neither ... nor", "no weapons/money"; an adverb inside the negation
   ("will still not", "will also not", "will no longer"), progressives ("is not sending"), fronted
   negation ("under no circumstances will", "not a single/one soldier"), incapacity ("too small to",
   "lacks the capacity", "in no position to"), staying at home ("troops will remain at home");
   not "declined to comment";
3. ``considering``: "could", "may", "might", "consider", "open to", "a possibility", "premature",
   "too early", "would have to wait", "asked for clarity", "before deciding", "ready to discuss", and a
   decision still to come: "will/would decide", "will take a decision", "a decision will be taken",
   "at a later stage", "in due course", "at the right moment", "will announce its contribution",
   "still working out", "yet to be decided", "awaits a vote" (an undecided stance; "will send troops,
   subject to a vote" stays committed, and so does a commitment followed by "the deployment still
   awaits a vote": see ``PENDING_APPROVAL``), "keeps its options open", "left the door open",
   "reviewing", reluctance and scepticism ("reluctant", "sceptical", "hesitant", "wary");
4. ``committed``: "will", "is ready/prepared/willing to", "has agreed", "offered", "pledged",
   "signed", "announced", "will continue to", "resumed", "approved", "would send" (reported speech),
   and "can provide/host/offer" — a government stating what it *can* do is an offer; "is set/poised/
   expected/to send", "put forward", "make available", "assigned", "confirmed its participation",
   "adding a company", "voted to send", and passives with an agent ("troops will be provided by
   Britain", "recruits will be trained by Sweden").

Phrases that only look like a status are masked first: a condition ("once a peace deal is signed",
"if a ceasefire is agreed"), "a signed peace agreement", a restriction of place ("not on the front
line", which limits where troops go, not whether they go), and "declined/refused to say whether ..."
(no stance at all).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Final

_I = re.IGNORECASE

NUM = r"\d{1,3}(?:[,\s.]\d{3})+|\d+(?:\.\d+)?\s*(?:thousand|k)\b|\d+"
SIZE_QUALIFIER = (
    r"no\s+less\s+than|no\s+fewer\s+than|not\s+less\s+than|at\s+least|a\s+minimum\s+of|up\s+to|about|around|"
    r"some|roughly|approximately|nearly|almost|more\s+than|over|as\s+many\s+as|fewer\s+than|less\s+than|"
    r"between|maximum\s+of|a\s+maximum\s+of"
)
SIZE_RE: Final = re.compile(  # (the leading test is a speed gate: matches start at a word)
    rf"(?<!\w)(?=\w)(?:(?P<q>{SIZE_QUALIFIER})\s+)?(?P<n>{NUM})(?:\s*(?:-|to|and)\s*(?P<n2>{NUM}))?"
    r"(?:-strong\b|\s+(?:more\s+|additional\s+|extra\s+)?(?:people|men\b|"
    # up to two modifiers ("100 defence force personnel"), never someone else's troops or a multiplier
    r"(?:(?!(?:of|to|and|or|in|for|from|with|Ukrainian|Russian|European|foreign|allied|NATO|Western|international"
    r"|multinational|North|enemy|million|billion|thousand|hundred|per|percent)\b)[a-z][\w-]*\s+){0,2}?"
    r"(?:troops|soldiers|personnel|servicemen|servicewomen|service\s+members|servicemembers|peacekeepers"
    r"|instructors|trainers|engineers|sappers|medics|paratroopers|marines|commandos|infantrymen|gendarmes"
    r"|(?:\w+\s+)?forces)))",
    _I,
)
COMPANY_RE: Final = re.compile(rf"(?<!\w)(?=\w)\b(?:company|contingent|unit|battalion|detachment)\s+of\s+(?:(?P<q>{SIZE_QUALIFIER})\s+)?(?P<n>{NUM})\b", _I)
WHOLE_FORCE_RE: Final = re.compile(
    r"(?:\b(?:force|forces|mission|coalition)|\b(?:European|multinational|international|coalition|joint|combined|allied|overall"
    r"|total|whole)\s+contingents?)\s+(?:of|could|would|will|might|may|numbering|totall?ing|size|"
    r"made\s+up|number)\b|\bnumber(?:ing)?\s+(?:up\s+to|about|around|some)?\s*$|\btotal\s+of\b|\bsize\s+of\b|\bin\s+total\b|"
    r"\boverall\b|\bwhole\b|\bentire\b|\bconcept\s+of\b",
    _I,
)
FORCE_AFTER_RE: Final = re.compile(
    r"\W{0,3}(?:-strong\s+)?(?:(?!(?:to|into|for|in|within|of|towards|with|alongside|as|from)\b)\w+\s+){0,2}"
    r"(?:force|mission|coalition)\b",
    _I,
)

CURRENCY_WORDS: Final = {
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "£": "GBP", "gbp": "GBP",
    "euro": "EUR", "euros": "EUR", "€": "EUR", "eur": "EUR",
    "dollar": "USD", "dollars": "USD", "$": "USD", "us$": "USD", "u.s. $": "USD", "usd": "USD",
    "us dollars": "USD", "canadian dollars": "CAD", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
    "australian dollars": "AUD", "a$": "AUD", "au$": "AUD", "aud": "AUD", "new zealand dollars": "NZD",
    "nz$": "NZD", "nzd": "NZD", "yen": "JPY", "¥": "JPY", "jpy": "JPY", "kronor": "SEK", "krona": "SEK",
    "sek": "SEK", "nok": "NOK", "dkk": "DKK", "francs": "CHF", "chf": "CHF", "zloty": "PLN", "zlotys": "PLN",
    "pln": "PLN", "koruna": "CZK", "korunas": "CZK", "korun": "CZK", "czk": "CZK", "hryvnias": "UAH",
    "hryvnia": "UAH", "krónur": "ISK", "kronur": "ISK", "króna": "ISK", "isk": "ISK", "forint": "HUF", "forints": "HUF",
    "huf": "HUF", "lei": "RON", "leu": "RON", "ron": "RON", "leva": "BGN", "lev": "BGN", "bgn": "BGN", "lira": "TRY",
    "liras": "TRY", "lire": "TRY", "try": "TRY", "swiss francs": "CHF", "norwegian kroner": "NOK", "danish kroner": "DKK",
    "swedish kronor": "SEK", "icelandic krónur": "ISK", "icelandic kronur": "ISK", "swedish krona": "SEK",
}
_CUR_WORDS = (
    r"(?:US\s+|U\.S\.\s+|Canadian\s+|Australian\s+|New\s+Zealand\s+)?dollars|pounds(?:\s+sterling)?|sterling|euros?|"
    r"(?:(?:Norwegian|Danish|Swedish|Icelandic|Swiss)\s+)?(?:kroner|kronor|krona|krone|krónur|kronur|króna|francs)|yen|"
    r"zlotys?|korun[ay]?|hryvnias?|forints?|lei|leu|leva|lev|(?:Turkish\s+)?lir(?:a|as|e)|"
    r"EUR|USD|GBP|NOK|SEK|DKK|CAD|AUD|JPY|CHF|PLN|CZK|ISK|HUF|RON|BGN|TRY"
)
MONEY_RE: Final = re.compile(
    r"(?P<pre>US\$|U\.S\.\s?\$|A\$|AU\$|C\$|CA\$|NZ\$|\$|€|£|¥|(?:EUR|USD|GBP|NOK|SEK|DKK|CAD|AUD|JPY|CHF|PLN|ISK|HUF|RON|BGN|TRY|CZK)\s?)"
    r"\s?(?P<n>\d+(?:[.,]\d+)*)\s*(?P<mult>billion|bn|million|mn|m|trillion|tn|thousand)?\b"
    rf"|(?<![\w.,])(?P<n2>\d+(?:[.,]\d+)*)\s*(?P<mult2>billion|bn|million|mn|trillion|thousand)?\s+(?:of\s+)?(?P<cur>{_CUR_WORDS})\b"
)
MULTIPLIERS: Final = {
    "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6, "trillion": 1e12, "tn": 1e12, "thousand": 1e3,
}


# ---------------------------------------------------------------------------------------------------
# Speed. The vocabularies are long alternations, and Python's engine tries every alternative at every
# position. Two gates keep the matches identical and skip most of that work:
# * every alternative of a vocabulary starts at the start of a word, so the compiled pattern begins
#   with a word-start test (the alternation is tried at ~1 position in 5);
# * the literal word prefixes that every alternative starts with ("troop", "soldier", "brigade"...) are
#   read from the pattern itself; a text none of whose words starts with one of them cannot match, and
#   the regex is not run at all (most clauses name one or two categories out of nine).


def _split_top(p: str) -> list[str]:
    """A pattern's top-level alternatives."""
    out: list[str] = []
    depth, in_class, cur, i = 0, False, [], 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            cur.append(p[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append("".join(cur))
            cur, i = [], i + 1
            continue
        cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


def _group_end(p: str, i: int) -> int:
    depth, in_class = 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(p)


def _prefixes(alt: str) -> list[str] | None:
    """Literal word prefixes one of which every match of ``alt`` starts with (None: unknown)."""
    i = 0
    while True:
        if alt.startswith("\\b", i):
            i += 2
        elif alt.startswith("(?<", i):
            i = _group_end(alt, i) + 1
        else:
            break
    lit: list[str] = []
    while i < len(alt):
        c = alt[i]
        if c.isalnum():
            lit.append(c.lower())
            i += 1
            continue
        if c in "?*{" and lit:
            lit.pop()
            break
        if alt.startswith("(?:", i):
            end = _group_end(alt, i)
            rest, optional = alt[end + 1 :], alt[end + 1 : end + 2] in ("?", "*")
            if alt[end + 1 : end + 2] == "{":
                break
            subs: list[str] = []
            for sub in _split_top(alt[i + 3 : end]):
                got = _prefixes(sub + (rest[1:] if optional else rest))
                if not got:
                    return None if not lit else ["".join(lit)]
                subs.extend(got)
            if optional:
                got = _prefixes(rest[1:])
                if not got:
                    return None if not lit else ["".join(lit)]
                subs.extend(got)
            return ["".join(lit) + x for x in subs]
        break
    return ["".join(lit)] if lit else None


def literal_prefixes(pattern: str) -> tuple[str, ...] | None:
    """The literal word prefixes of a vocabulary (whitespace-free pattern), or None when some
    alternative does not start with a literal."""
    out: set[str] = set()
    for alt in _split_top(pattern):
        got = _prefixes(alt)
        if not got or not all(got):
            return None
        out.update(got)
    return tuple(sorted(out))


_WORD = re.compile(r"\w+")
_PREFIX_CACHE: dict[str, frozenset[str]] = {}


def _word_prefixes(text: str) -> frozenset[str]:
    """The first one, two and three letters of every word of ``text``, lower-cased (cached)."""
    hit = _PREFIX_CACHE.get(text)
    if hit is None:
        words = set(_WORD.findall(text.lower()))
        hit = frozenset({w[:3] for w in words} | {w[:2] for w in words} | {w[:1] for w in words})
        if len(_PREFIX_CACHE) > 512:
            _PREFIX_CACHE.clear()
        _PREFIX_CACHE[text] = hit
    return hit


class Vocabulary:
    """A compiled vocabulary behind its keyword gate; the same methods as a compiled pattern.

    The gate compares the first three letters of the keys with those of the text's words: a text that
    fails it cannot match; one that passes it is searched by the full pattern.
    """

    __slots__ = ("rx", "keys", "pattern", "flags")

    def __init__(self, rx: re.Pattern[str], keys: tuple[str, ...]) -> None:
        self.rx, self.pattern, self.flags = rx, rx.pattern, rx.flags
        self.keys = frozenset(k[:3] for k in keys)

    def may_match(self, text: str) -> bool:
        return not self.keys.isdisjoint(_word_prefixes(text))

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.rx.search(text, *args) if self.may_match(text) else None

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text, *args) if self.may_match(text) else iter(())

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.rx.sub(repl, text, count) if self.may_match(text) else text

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.rx.match(text, *args)


def by_first_letter(pattern: str) -> str:
    """``pattern`` (whitespace-free) with its top-level alternatives grouped by the first letter they
    can start with, each group behind a lookahead on that letter: the engine enters one group per
    position instead of trying every alternative (case-insensitive literals get no fast path in
    Python's engine). At any position the alternatives tried keep their order, so matches are the
    same. Patterns whose alternatives do not all start with a literal come back unchanged."""
    groups: dict[str, list[str]] = {}
    for alt in _split_top(pattern):
        got = _prefixes(alt)
        if not got or not all(got):
            return pattern
        for letter in sorted({p[0] for p in got}):
            groups.setdefault(letter, []).append(alt)
    return "|".join(f"(?={re.escape(letter)})(?:{'|'.join(alts)})" for letter, alts in sorted(groups.items()))


def _rx(pattern: str) -> Vocabulary | re.Pattern[str]:
    """A cue vocabulary (verbose pattern; every alternative starts at the start of a word)."""
    compact = re.sub(r"(?<!\\)\s+", "", pattern)
    rx = re.compile(rf"(?<!\w)(?=\w)(?:{by_first_letter(compact)})", _I)
    keys = literal_prefixes(compact)
    return Vocabulary(rx, keys) if keys else rx


def gated(rx: re.Pattern[str], first: str = r"(?<!\w)(?=\w)") -> re.Pattern[str]:
    """``rx`` behind a cheap test of where a match can start (by default, the start of a word).

    Only for patterns whose every alternative starts there: the matches are the same, found faster.
    """
    return re.compile(f"{first}(?:{rx.pattern})", rx.flags)


def _rx_anywhere(pattern: str) -> re.Pattern[str]:
    """A pattern that may start inside a word or at punctuation (no gate)."""
    return re.compile(pattern, _I | re.X)


SPECIFIC: Final = {
    "ground_troops": _rx(
        r"""\btroops?\b | \bsoldiers?\b | boots\s+on\s+the\s+ground | \bpeace-?keepers\b | \bpersonnel\b
        | \bcontingents?\b | \b(?:ground|land)\s+(?:forces?|troops|component|units?)\b | \bforces?\s+on\s+the\s+ground
        | \bbrigades?\b | \bbattalions?\b | \bplatoons?\b | \b(?:company|battalion|brigade|platoon)-sized\b | \ba\s+company\s+of\b
        | \b(?:send|sending|sent|deploy\w*|contribut\w+|offer\w*|provid\w+|dispatch\w*|commit\w*|station\w*)\s+(?:\w+\s+){0,2}?
          (?:compan(?:y|ies)|regiments?|squadrons?\s+of\s+soldiers|task\s+force)\b(?!\s+(?:that|which|to\s+build)) | \bservice(?:men|women|\s+members)\b
        | \b(?:military|troop)\s+presence\b | (?<!mines\s)(?<!demining\s)\bon\s+land\b | \b(?:role|presence|part)\s+on\s+the\s+ground\b
        | \bparatroop\w* | \binfantry\b | \bmarines\b | \bcommandos?\b | \bpeacekeeping\s+(?:troops|contingent|soldiers)\b
        | \b(?:deploy|send|contribut|dispatch|commit|provid|offer|station)\w*\s+(?:[\w-]+\s+){0,3}(?<!air\s)(?<!naval\s)
          (?<!special\s)(?:forces|units?)\b"""
    ),
    "air": _rx(
        r"""\bair\s+(?:policing|support|surveillance|cover|patrols?|power|component|mission|forces?|shield|assets
        |capabilit\w+|operations?|presence|protection|wing|patrolling)\b | \bfighter\s+(?:jets?|planes?|aircraft)\b
        | \bjets?\b | \bplanes?\b | \baircraft\b | \bin\s+the\s+(?:air|sky|skies)\b | \bairspace\b | \bsky\s+shield\b
        | \bfrom\s+the\s+air\b | \bskies\b | \bAWACS\b | \bair\b(?=\s*(?:,|and|or|&)\s*(?:maritime|naval|sea|land|ground))
        | (?<=land,\s)air\b | (?<=land\sand\s)air\b | \bairborne\s+early\s+warning\b"""
    ),
    "maritime": _rx(
        r"""\bnav(?:y|al|ies)\b | \bwarships?\b | \bfrigates?\b | \bminesweepers?\b | \bmine-?(?:hunters?|hunting
        |countermeasures?|sweeping|sweepers?)\b | \bBlack\s+Sea\b | \bshipping(?:\s+lanes)?\b | \bsea\s+lanes\b
        | \bmaritime\b | \bat\s+sea\b | \bships?\b(?<!will\sship)(?<!to\sship)(?<!would\sship)(?<!instead\sship)(?<!also\sship)(?<!can\sship) | \bcoast\s?guard\b | \bport\s+security\b
        | \band\s+(?:at\s+)?sea\b | \bsea\s+(?:and|,)\s+air\b | \bseas\b"""
    ),
    "logistics": _rx(
        r"""\blogistic(?:s|al)?\b | \btransit\b | \bstaging\b | \bhubs?\b | \bhost(?:s|ing|ed)?\s+(?:\w+\s+){0,2}
        (?:forces|troops|soldiers|units|personnel|headquarters|HQ|bases?|command)\b | \bsupply\s+(?:lines|routes|chains?)\b
        | \brear\s+support\b | \bairlift\b | \btransport\s+(?:aircraft|support|capacity)\b | \bheadquarters\s+in\b"""
    ),
    "intelligence": _rx(
        r"""\bintelligence\b | \breconnaissance\b | \bISR\b | \bsatellite\s+(?:imagery|data|images|intelligence)\b
        | \bsurveillance\s+data\b | \bearly\s+warning\s+data\b"""
    ),
    "training": _rx(
        r"""\btrain(?:s|ed|ing)?\s+(?:\d[\d,.]*\s+|[\w-]+\s+){0,2}(?:troops|soldiers|forces|army|military|personnel|pilots|recruits
        |brigades?|units|servicemen|crews|sailors|marines|operators|cadets|officers|specialists|engineers|medics|technicians
        |mechanics|deminers|sappers|gunners|staff|conscripts|reservists|volunteers|teams)\b
        | \btraining\b
        | \b(?:schools?|academ(?:y|ies)|courses?|programmes?|programs?|camps?)\s+for\s+(?:\w+\s+){0,2}(?:operators|pilots|crews
        |soldiers|troops|recruits|officers|sappers|specialists|cadets|sailors)\b | \binstructors?\b | \b(?:prepar|rebuild|regenerat|build\s+up|reconstitut
        |moderni[sz]|reform|strengthen)\w*\s+(?:the\s+)?(?:future\s+)?(?:Ukrainian|Ukraine['’]s)\s+(?:army|armed\s+forces
        |military|forces)\b | \bmentor\w*\b | \bmilitary\s+advisers\b"""
    ),
    "funding": _rx(
        r"""\bloans?\b | \bexport\s+financ\w+ | \bfinanc(?:e|ing|ial)\b(?!\s+minist) | \bfunding\b | \bfunds\b
        | \bbudget(?:ary)?\s+support\b | \bgrants?\b | \bcredit\s+lines?\b | \bfrozen\s+(?:Russian\s+)?assets\b
        | \breparations?\s+loan\b | \bmoney\b | \bcash\b | \bfoot(?:s|ing)?\s+the\s+bill\b
        | \bstate\s+budget\b"""
    ),
    "equipment": _rx(
        r"""\bweapon(?:s|ry)?\b | \barms\b(?!\s+(?:race|control|length)) | \bmissiles?\b | \bair[-\s]defen[cs]e\b
        | \bPatriots?\b | \bammunition\b | \bshells\b | \bartillery\b | \btanks?\b | \bdrones?\b | \barmou?red\s+vehicles\b
        | (?<!non-)\bmilitary\s+(?:aid|support|equipment|assistance|hardware|package|supplies|help|materiel)\b | \bhowitzers?\b
        | \bmunitions\b | \brockets?\b | \bF-16s?\b | \bGripens?\b | \bMirages?\b | (?<!medical\s)(?<!energy\s)(?<!demining\s)\bequipment\b
        | \bhardware\b | \bIRIS-T\b | \bNASAMS\b | \bTaurus\b | \bStorm\s+Shadows?\b | \bmilitary\s+and\s+\w+\s+support\b"""
    ),
    "humanitarian": _rx(
        r"""\bhumanitarian\b | \bde-?mining\b | \bmine\s+clearance\b | \bmine-?clearing\b | \bclear(?:ing)?\s+(?:land\s+)?mines\b
        | \bgenerators?\b | \bmedical\s+(?:supplies|aid|equipment|teams?|care|evacuation)\b | \breconstruction\b
        | \brebuild(?:ing)?\s+(?:\w+\s+){0,2}(?:infrastructure|homes|cities|schools|hospitals|energy|grid)\b
        | \bwinter\s+(?:aid|support|package|assistance)\b | \benergy\s+(?:aid|support|equipment)\b | \bfood\s+aid\b
        | \bshelters?\b | \bcivilian\s+(?:aid|support)\b | \bhospitals?\b | \bambulances?\b"""
    ),
}

GENERIC_GROUND: Final = _rx(
    r"""\btak(?:e|es|ing|en)\s+part\b | \bparticipat\w+ | \binvolve(?:d|ment)\b | \bjoin(?:s|ed|ing)?\s+(?:the\s+|a\s+)?
    (?:\w+\s+){0,2}(?:force|mission|coalition|operation|contingent)\b | \bcontribut(?:e|es|ed|ing|ion|ions)\b
    | \bdeploy\w* | \bsecurity\s+guarantees?\b | \bforces?\b | \barmy\b | \bmilitary\s+units?\b
    | \b(?:reassurance|stabili[sz]ation|multinational|peace|peacekeeping|security|international|coalition|protection
    |deterrence|deterrent)\s+(?:force|mission|contingent)s?\b | \bpart\s+of\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}(?:force|mission)\b
    | \bruled?\s+(?:itself|themselves)\s+out\b | \b(?:stay|stays|stayed|staying|sit|sits|sat|sitting|opt|opts|opted|keep|keeps
    |kept)\s+out\b(?!\s+of\s+(?!(?:the|any|a)\s+(?:\w+\s+){0,2}(?:force|mission|coalition|deployment|operation)))"""
)
# Paying for something names what is paid for ("pay for demining" is humanitarian); only when nothing
# else is named is it money: "Norway will fund the force's headquarters".
FUNDING_VERBS: Final = _rx(
    r"""\bpa(?:y|ys|ying|id)\s+for\b | \bfund(?:s|ed|ing)?\s+(?:the|a|an|its|their|part|much|most|all)\b | \bco-?financ\w+
    | \bbankroll\w*"""
)
# Someone else's troops, or troops that are trained/hosted rather than sent.
OTHERS_TROOPS: Final = _rx(
    r"""\b(?:Ukrainian|Ukraine['’]s|Russian|Russia['’]s|North\s+Korean|allied|enemy|foreign|NATO|Western|European
    |international|multinational)\s+(?:\w+\s+)?(?:troops?|soldiers?|forces|army|armed\s+forces|personnel|military)\b
    | \b(?:train|trains|training|trained|host|hosts|hosting|hosted|rebuild|rebuilding|prepare|preparing|equip|equipping
    |arm|arming|support|supporting|help|helping|reinforce|protect)\s+(?:\w+\s+){0,2}(?:troops?|soldiers?|forces|army
    |armed\s+forces|personnel|military)\b"""
)
# Troops that are trained (a passive): training, and not the actor's own troops. Only searched in a text
# with "trained" (see facts.categories_of).
TRAINED_PASSIVE: Final = _rx(
    r"""\b(?:troops?|soldiers?|forces|personnel|pilots|recruits|brigades|units|crews|sailors|operators|cadets|officers
    |specialists|conscripts)\s+(?:\w+\s+){0,2}?(?:be|been|being|is|are|was|were)\s+(?:\w+\s+)?trained\b"""
)
# People sent to train others: "100 personnel to train Ukrainian soldiers", "soldiers who will serve as instructors".
TRAINERS: Final = _rx(
    r"""\b(?:troops|soldiers|personnel|servicemen|servicewomen|service\s+members|military\s+personnel|staff|specialists
    |experts|officers|people|forces?|team|teams|contingent)\s+(?:\w+\s+){0,5}?(?:to\s+(?:help\s+)?train|for\s+(?:the\s+)?training
    |as\s+(?:instructors|trainers|mentors)|who\s+(?:will\s+|would\s+)?train)\b | \b(?:instructors|trainers|mentors|military\s+advisers)\b"""
)
# Staying at home is a refusal, not units kept elsewhere: "Polish soldiers will stay at home".
STAY_HOME: Final = _rx(
    r"\b(?:stay|stays|stayed|staying|remain|remains|remained|keep|keeps|kept|keeping)\s+(?:\w+\s+){0,2}?at\s+home\b"
)
# Hardware or service words that only name the kind of people: "drone operators", "tank crews", "F-16 pilots".
PEOPLE_AFTER: Final = re.compile(
    r"(?:[\s-]+\w+)?\s+(?:operators?|pilots?|crews?|technicians|mechanics|specialists|instructors|engineers|officers|cadets"
    r"|school|academy|course|courses)\b",
    _I,
)
SEA_CONTEXT: Final = _rx(
    r"\b(?:sea|seas|naval|navy|maritime|waters|ports?|shipping|coast\w*|Black\s+Sea|ships?|vessels?|frigates?|minesweepers?)\b"
    r"(?<!will\sship)(?<!to\sship)(?<!would\sship)(?<!instead\sship)(?<!also\sship)(?<!can\sship)"
)
MINES: Final = _rx(r"\bde-?mining\b | \bmine\s+clearance\b | \bclear(?:ing)?\s+(?:\w+\s+)?mines\b | \bmine-?clearing\b")
ATTENDANCE: Final = _rx(
    r"""\b(?:took|take|taking)\s+part\s+in\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}(?:meeting|summit|talks|call|conference|gathering)
    | \b(?:meeting|summit|talks|video\s?call|conference|representatives?|delegations?|observer)\b"""
)
ELSEWHERE: Final = _rx(
    r"""\b(?:guard|protect|defend|secure)\s+(?:its|their|our|the)\s+(?:own\s+)?(?:border|borders|territory|eastern\s+flank)\b
    | \b(?:in|to|into|on)\s+(?:the\s+)?(?:neighbou?ring|other|allied)\s+(?:NATO\s+)?(?:countries|states|allies|territory)\b
    | \bNATO['’]s\s+(?:eastern\s+)?flank\b | \bat\s+home\b | \b(?:on|in)\s+(?:its|their)\s+own\s+(?:soil|territory)\b
    | \bon\s+NATO\s+territory\b"""
)
# An explicit contribution to the force itself, which units based elsewhere do not cancel.
JOINS_FORCE: Final = _rx(
    r"""\bcontribut\w*\s+to\s+the\s+(?:\w+\s+)?(?:force|mission) | \bjoin\w*\s+the\s+(?:\w+\s+)?(?:force|mission)
    | \bpart\s+of\s+the\s+(?:\w+\s+)?(?:force|mission)"""
)
# Staff and planners sent to a headquarters are not a troop contribution.
STAFF_ONLY: Final = _rx(
    r"""\bplanners\b | \bstaff\s+officers\b | \bliaison\s+officers\b | \bheadquarters\s+staff\b
    | \bofficers\s+(?:\w+\s+){0,4}?(?:at|in|to)\s+(?:the\s+|its\s+)?(?:\w+\s+)?(?:headquarters|HQ|command)\b"""
)

NEG_CONSIDERING: Final = _rx(
    r"""\bnot\s+(?:yet\s+)?(?:ruling|ruled|rule|rules)\s+(?:\w+\s+){0,2}out\b | \b(?:has|have|had)n['’]t\s+ruled\s+(?:\w+\s+)?out
    | \bdo(?:es)?\s+not\s+exclude\b | \bnot\s+(?:be\s+)?exclud\w+ | \bno\s+decision\s+(?:has|had)\s+(?:yet\s+)?been\s+(?:taken|made)
    | \bnot\s+yet\s+decided\b | \b(?:has|have)\s+yet\s+to\s+decide\b | \bundecided\b | \bnothing\s+(?:is\s+)?ruled\s+out
    | \bno\s+(?:choice|option)\s+(?:is\s+)?ruled\s+out | \b(?:all\s+)?options\s+(?:are\s+|remain\s+)?on\s+the\s+table
    | \bnothing\s+is\s+off\s+the\s+table | \b(?:has|have|had|does|do|did)\s+not\s+(?:yet\s+)?(?:commit|pledge|offer|decide)\w*
    | \b(?:hasn|haven|didn|doesn)['’]t\s+(?:yet\s+)?(?:commit|pledge|offer|decide)\w*"""
)
DECLINED: Final = _rx(
    r"""\bwill\s+not\b | \bwon['’]t\b | \bwould\s+not\b | \bwouldn['’]t\b | \bshall\s+not\b
    | \b(?:will|would|shall|does|do|did)\s+(?:(?:still|also|certainly|definitely|absolutely|simply|therefore|then|now
    |likewise|equally|again|thus|currently|presently)\s+not|(?:\w+\s+)?no\s+longer)\b
    | \bnot\s+(?:sending|deploying|contributing|providing|planning|preparing|intending|to\s+be\s+(?:sent|deployed)|one|a\s+single
    |in\s+a\s+position\s+to)\b | \b(?:isn|aren|wasn|weren)['’]t\s+(?:sending|deploying|contributing|providing|planning|going\s+to)\b
    | \bno\s+(?:circumstances|means|account|way|position\s+to)\b | \btoo\s+(?:small|weak|stretched|thin|limited)\s+to\b
    | \black(?:s|ed|ing)?\s+(?:the\s+)?(?:capacity|capabilit\w+|means|resources|manpower|troops|soldiers|forces)\b
    | \b(?:stay|stays|stayed|staying|remain|remains|remained|keep|keeps|kept|keeping)\s+(?:\w+\s+){0,2}?at\s+home\b
    | \b(?:does|do|did)\s+not\s+(?:plan|intend|want|foresee|envisage|envision|wish|support|consider\s+sending)\b
    | \b(?:doesn|don|didn)['’]t\s+(?:plan|intend|want|foresee|envisage|wish|support)\b
    | \b(?:has|have|had)\s+no\s+(?:plans?|intentions?)\b | \bno\s+(?:plans?|intentions?)\s+(?:to|of)\b
    | \brul(?:es|ed|ing)\s+out\b | \brule\s+out\b | \bruled\s+(?:\w+\s+){1,3}out\b | \bnot\s+going\s+to\b
    | \bcannot\b | \bcan['’]t\b | \bcan\s+not\b | \bcould\s+not\b | \bcouldn['’]t\b | \bunable\s+to\b
    | \bno\s+question\s+of\b | \bout\s+of\s+the\s+question\b | \brefus\w+\b(?!\s+to\s+(?:comment|say|confirm|disclose|elaborate|specify|give\s+details)) | \bdeclin(?:es|ed|ing)\s+to\b(?!\s+(?:comment|say|confirm|disclose|elaborate|specify|give\s+details))
    | \breject\w* | \bnot\s+(?:be\s+)?involved\b | \b(?:is|are|was|were|will\s+be)\s+not\s+(?:planned|envisaged|foreseen
    |on\s+the\s+table|ready|prepared|willing)\b | \bno\s+(?:\w+\s+){0,2}(?:participation|involvement)\b
    | \bnot\s+even\s+after\b | \bnever\b | \bopposes\b | \bopposed\s+to\b | \bagainst\s+(?:sending|deploying)\b
    | \bno\s+(?:\w+\s+){0,2}(?:troops?|soldiers?|boots|personnel|forces|peacekeepers?|servicem[ae]n)\b | \bnot\s+(?:send|deploy|contribute|participate
    |take\s+part|join|provide)\b | \bnot\s+on\s+Ukrainian\s+(?:territory|soil)\b | \bnot\s+in\s+Ukraine\b
    | \b(?:stay|stays|stayed|staying|keep|keeps|kept|keeping|sit|sits|sat|sitting|opt|opts|opted|opting|pull|pulls|pulled
    |pulling|back|backs|backed|backing|bow|bows|bowed)\s+out\b | \b(?:stay|stays|stayed|staying|keep|keeps|kept)\s+(?:away|clear|aloof)\b
    | \bon\s+the\s+sidelines\b | \bs(?:ee|ees|aw|eeing)\s+no\s+(?:\w+\s+)?(?:role|place|need|reason|point|case)\b
    | \bno\s+(?:\w+\s+)?(?:role|place)\s+for\b | \b(?:no|little|limited)\s+(?:political\s+|public\s+)?appetite\b
    | \bnot\s+(?:be\s+)?(?:among|one\s+of)\b | \bnot\s+(?:be\s+|become\s+)?(?:a\s+)?part\s+of\b
    | \bwants?\s+no\s+part\b | \bexclud(?:es|ed|ing)\s+(?:\w+\s+)?(?:sending|deploying|participat\w+|taking\s+part|any|the
    |troops|soldiers|a\s+(?:military|troop|ground))\b | \bsa(?:id|ys|y)\s+no\b | \bturn(?:s|ed|ing)?\s+down\b
    | \bdismiss(?:es|ed|ing)?\s+(?:\w+\s+){0,2}(?:idea|notion|prospect|possibility|suggestion|calls?|reports?|proposals?
    |plans?|talk|claims?)\b | \bdistanc(?:es|ed|ing)\s+(?:itself|themselves|himself|herself)\b
    | \bwithdr(?:aw|ew|awn|aws)\s+from\s+(?:the\s+)?(?:\w+\s+){0,2}(?:force|mission|coalition|plans?)\b
    | \bruled?\s+(?:itself|themselves|himself|herself)\s+out\b | \bneither\b | \bnor\b
    | \bno\s+(?:\w+\s+){0,2}(?:weapons|arms|money|funds|funding|cash|ammunition|missiles|jets|aircraft|planes|warships|ships
    |equipment|aid|loans?|contribution|contingent|deployment)\b | \bexclud(?:es|ed)\b(?!\s+from)"""
)
CONSIDERING: Final = _rx(
    r"""\bcould\b | \bmay\b | \bmight\b | \bconsider\w* | \bopen\s+to\b | \bpossib\w+ | \bpremature\b | \btoo\s+early\b
    | \bearly\s+to\b | \b(?:would|will|must|should)\s+(?:have\s+to\s+|need\s+to\s+)?wait\b | \bdepends?\s+on\b
    | \bask\w*\s+for\s+(?:more\s+)?(?:clarity|details|clarification|information)\b | \bseek\w*\s+(?:more\s+)?(?:clarity
    |clarification|details)\b | \b(?:want|wants|need|needs|wanted)\s+(?:more\s+)?(?:clarity|details|clarification)\b
    | \bbefore\s+(?:deciding|making\s+a\s+decision|committing)\b | \b(?:willing|ready|prepared)\s+to\s+(?:discuss|consider
    |examine|look\s+at|talk)\b | \bdiscuss\w* | \bexamin\w+ | \bstudy(?:ing)?\b | \bstudies\b | \bweigh\w* | \bassess\w*
    | \bexplor\w+ | \bmull\w* | \bcontemplat\w+ | \bin\s+principle\b | \bunder\s+(?:certain\s+)?conditions\b
    | \bno\s+request\s+has\b | \bif\s+asked\b | \bnot\s+(?:yet\s+)?(?:decided|made\s+a\s+decision)\b | \bhesitant\b
    | \breluctan\w+ | \bscepti\w+ | \bskepti\w+ | \bwary\b | \bcautious\w* | \bhesita\w+
    | \bthinking\s+about\b | \bwould\s+require\b | \binclined\s+to\b | \bpositive\s+(?:about|towards?)\b | \bin\s+favou?r\s+of\s+considering\b | \bwould\s+be\s+(?:open|willing|prepared|ready)\s+to\s+consider\b
    | \b(?:will|would|shall|to|must|should|can)\s+(?:only\s+|then\s+|still\s+|now\s+|first\s+|soon\s+|later\s+|itself\s+)?decide\b
    | \bdecid\w*\s+(?:\w+\s+){0,6}?(?:later|at\s+a\s+later|in\s+due\s+course)\b | \bat\s+a\s+later\s+(?:stage|date|point|time)\b
    | \bin\s+due\s+course\b | \bat\s+the\s+(?:right|appropriate|proper)\s+(?:moment|time)\b | \bdecision\s+(?:\w+\s+){0,6}?(?:will|would|is\s+(?:expected|due|likely)\s+to|is\s+yet\s+to)\s+be
    \s+(?:taken|made|announced|reached)\b | \b(?:will|would)\s+(?:\w+\s+)?(?:announce|unveil|detail|specify|outline|present
    |set\s+out|spell\s+out|finali[sz]e|determine|define|settle|decide\s+on|work\s+out|clarify)\s+(?:\w+\s+){0,3}(?:contribution|decision|plans?|offer|details
    |participation|role|commitment)\b(?!\s+(?:to|of|for)\s+send) | \b(?:still\s+)?working\s+out\b
    | \bstill\s+(?:finali[sz]ing|determining|defining|deciding|assessing|evaluating|reviewing|weighing|debating)\b
    | \bawait(?:s|ed|ing)?\s+(?:\w+\s+){0,3}(?:vote|decision|approval|mandate|debate|green\s+light|outcome|results?|clarity|details)\b
    | \bwaiting\s+for\b | \boptions\s+open\b | \bwait[-\s]and[-\s]see\b | \breserv\w+\s+judge?ment\b | \bnon-?committal\b
    | \byet\s+to\s+be\s+(?:decided|determined|finali[sz]ed|settled|agreed)\b | \b(?:not\s+(?:yet\s+)?made|yet\s+to\s+make)\s+up\s+(?:its|their|his|her)\s+mind\b | \b(?:will|would|to|shall)\s+(?:\w+\s+)?(?:take|make|reach)\s+(?:a|its|their|the)\s+(?:final\s+)?decision\b
    | \bevaluat\w+ | \breview(?:s|ing)?\s+(?:its|their|the|whether|options?|a\s+request)\b | \bponder\w* | \bundecided\b
    | \bleft\s+(?:the\s+)?door\s+open\b | \bleav\w+\s+(?:the\s+)?door\s+open\b | \bkeep\w*\s+(?:the\s+)?door\s+open\b"""
)
COMMITTED: Final = _rx(
    r"""\bwill\b(?!\s+not) | \b(?:I|we|you|they|he|she|it|that)['’]ll\b | \bshall\b | \bready\s+to\b | \bprepared\s+to\b | \bwilling\s+to\b
    | \bstands?\s+ready\b | \b(?:willingness|readiness)\s+to\b | \bagree[sd]?\b | \boffer(?:s|ed|ing)?\b | \bpledg\w+ | \bsign(?:s|ed|ing)?\b | \bannounc\w+
    | \bcommit(?:s|ted|ting|ment|ments)?\b | \bcontinue[sd]?\s+to\b | \bkeep(?:s)?\s+\w+ing\b | \bresum\w+ | \brestor\w+
    | \bapprov\w+ | \bdecided\s+to\b | \bvot(?:ed|es)\s+(?:\w+\s+)?(?:to|for|in\s+favou?r\s+of)\b | \bpromis\w+ | \bvow\w+ | \bsen(?:ds|t)\b | \bdeliver(?:s|ed)\b
    | \bprovid(?:es|ed)\b | \bsuppl(?:ies|ied)\b | \bdonat(?:es|ed)\b | \bdeploy(?:s|ed)\b
    | \b(?:is|are|was|were)\s+(?:already\s+)?(?:sending|providing|supplying|deploying|delivering|donating|funding|training)\b
    | \bearmark\w* | \ballocat(?:es|ed|ing)\b | \bset\s+aside\b | \bcommitted\b
    | \bwould\s+(?:also\s+|only\s+|still\s+|then\s+|eventually\s+)?(?:send|deploy|provide|contribute|keep|continue|lead|supply|take\s+part|participate|join|pay|fund
    |host|train|give|offer|back|help|be\s+(?:ready|prepared|willing))\b | \bcan\s+(?:also\s+|only\s+)?(?:instead\s+)?(?:provide|host|offer
    |contribute|send|deploy|train|supply|give|help|take\s+part|participate)\b | \bresponsible\s+for\b | \bproposal\b
    | \bpropos(?:e|es|ed)\b | \bhas\s+(?:sent|deployed|provided|delivered|given)\b | \bintend(?:s|ed)?\s+to\b | \bplans?\s+to\b
    | \bfunds\b(?=\s) | \bfinances\b | \bset\s+to\s+(?!decide)\w+ | \bput(?:s|ting)?\s+forward\b | \bmak(?:e|es|ing)\s+available\b
    | \bmade\s+available\b | \bcontribut(?:es|ed)\b | \b(?:is|are)\s+to\s+(?:send|deploy|provide|contribute|lead|take\s+part|supply
    |host|field|station|dispatch)\b | \b(?:poised|on\s+track|due|expected|scheduled|slated)\s+to\s+(?:send|deploy|provide
    |contribute|lead|take\s+part|join|supply|host|field|station|dispatch|command)\b | \bconfirm(?:s|ed)?\s+(?:its|their|the)\s+
    (?:\w+\s+){0,2}(?:participation|contribution|involvement|commitment|readiness|willingness|offer|pledge|plans?|decision)\b
    | \b(?:assign|designat|nominat)(?:es|ed)\b | \badd(?:s|ing)\b(?!\s+that) | \badded\b(?=\s+(?:a|an|one|two|three|its|another|more|\d))
    | \bto\s+field\b | \bwill\s+field\b
    | \b(?:be|been|being|is|are|was|were)\s+(?:\w+\s+)?(?:provided|sent|offered|deployed|supplied|contributed|led|given
    |funded|financed|covered|dispatched|pledged|committed|stationed|manned|staffed|commanded|put\s+forward|handled
    |carried\s+out|conducted|made\s+available|taken\s+on|assumed|shouldered|guaranteed|secured|patrolled|trained|instructed
    |hosted|paid\s+for)\s+(?:\w+\s+)?by\b"""
)
STATUS_ORDER: Final = (
    ("considering", NEG_CONSIDERING),
    ("declined", DECLINED),
    ("considering", CONSIDERING),
    ("committed", COMMITTED),
)
# In reported speech, "would" + a verb is the backshifted "will" ("said France would keep sharing").
REPORTED_WOULD: Final = _rx(r"\bwould\s+(?!not\b|be\s+(?:small|difficult|hard|premature|a\s+mistake)\b)\w+")
# Text that only looks like a status: conditions, adjectives, limits of place.
MASKS: Final = _rx(
    r"""\b(?:once|after|when|until|unless|if|as\s+soon\s+as|provided)\s+(?:a\s+|an\s+|the\s+|any\s+)?(?:\w+\s+){0,3}
    (?:is|are|has\s+been|have\s+been|was|were|gets|get)\s+(?:signed|agreed|reached|concluded|in\s+place|achieved
    |established|agreed\s+upon|secured|announced)\b | \b(?:signed|agreed)\s+(?:peace\s+)?(?:deal|agreement|ceasefire
    |accord|framework|settlement)\b | \bnot\s+(?:be\s+)?(?:deployed\s+|stationed\s+|based\s+|sent\s+)?(?:to|on|at|near)\s+the\s+
    front(?:\s|-)?lines?\b | \bwill\s+need\b | \bwould\s+need\b
    | \b(?:refus|declin)\w*\s+to\s+(?:comment|say|confirm|disclose|specify|elaborate|speculate)\b[^;]*"""
)
# A local negation inside a clause: "only logistics, not troops", "training rather than soldiers".
LOCAL_NEGATION: Final = _rx_anywhere(r"(?=[,\w])(?:,\s*(?:but\s+)?not|\bbut\s+not|\brather\s+than|\binstead\s+of)\s+(?:\w+\s+){0,3}?")
NOT_IN_UKRAINE: Final = _rx(r"\bnot\s+(?:on|in|into|to)\s+(?:Ukrainian\s+(?:territory|soil)|Ukraine)\b|\bnot\s+even\s+after\b")
# A vote or approval still to come. After a commitment it is a condition ("will send a unit, though the
# deployment still awaits a vote"), which SPEC §4 says does not change the stance; alone it is undecided.
PENDING_APPROVAL: Final = _rx(
    r"""\bawait(?:s|ed|ing)?\s+(?:\w+\s+){0,3}(?:vote|approval|mandate|green\s+light|ratification|consent|endorsement)\b
    | \b(?:still\s+)?(?:needs?|requires?|has\s+to|have\s+to|must|is\s+yet\s+to|are\s+yet\s+to)\s+(?:still\s+|yet\s+|first\s+|also\s+)?
    (?:be\s+)?(?:approv\w+|ratif\w+|endors\w+|rubber-stamp\w*|voted\s+on|signed\s+off)\b
    | \b(?:still\s+)?(?:needs?|requires?|awaits?)\s+(?:\w+\s+){0,2}(?:approval|vote|mandate|consent|green\s+light|ratification)\b
    | \bpending\s+(?:\w+\s+){0,2}(?:approval|vote|mandate|consent|ratification)\b | \bsubject\s+to\b"""
)
# A paragraph (or title) about sending soldiers to the force: a stance on nothing named there is about troops.
FORCE_CONTEXT: Final = _rx(
    r"""\b(?:reassurance|multinational|peacekeeping|stabili[sz]ation|security|coalition|international|European)\s+
    (?:force|mission|contingent)s?\b | \btroops\b | \bsoldiers\b | \bpeace-?keep\w* | \bboots\s+on\s+the\s+ground\b
    | \bdeploy\w* | \bcontingents?\b | \bground\s+(?:forces|troops|component)\b"""
)
