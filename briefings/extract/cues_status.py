"""Status vocabularies: how firmly a clause offers (see :mod:`.cues` for the whole picture).

Status rules, checked in this order, the first family found wins inside one clause:

1. negated refusals, which are openness: "not ruling out", "has not ruled out", "does not exclude", "does not yet know (whether)",
   softened refusals: "no longer rules out", "no longer opposes";
2. ``declined``: "will not", "won't", "does not plan", "has no intention", "rules out", "cannot",
   "no question of", "refuses", "not involved", "no ... participation is planned", "no troops", and the
   opting-out idioms: "stay/keep/sit/opt/pull/drop out", withdrawing or pulling units out of the mission, "stay away", "sees no role for", "no appetite",
   "wants no part", "takes/plays no part/role", "not among the countries", "ruled itself out", "excluded", "said no", "turned
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
(no stance at all). An earlier stance recalled in passing ("after months of saying it was considering",
"having previously ruled out", "reversing its earlier refusal", "which had initially said") is blanked
(``EARLIER_STANCE``), and so are the categories it names. "Is available to", "authorised", "is putting
... into" commit; "Polish troops stay on Polish soil" declines (``SAME_SOIL``).
"""

from __future__ import annotations

import re
from typing import Final

from briefings.extract.cues_categories import SAME_SOIL
from briefings.extract.cues_gate import _rx, _rx_anywhere
from briefings.extract.rules import vocabulary

NEG_CONSIDERING: Final = vocabulary("rules-status.toml", "consider_negated")
DECLINED: Final = vocabulary("rules-status.toml", "declined")
CONSIDERING: Final = vocabulary("rules-status.toml", "considering")
COMMITTED: Final = vocabulary("rules-status.toml", "committed")
STATUS_ORDER: Final = (
    ("considering", NEG_CONSIDERING),
    ("declined", DECLINED),
    ("declined", SAME_SOIL),
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
# An earlier stance recalled in passing ("after months of saying it was considering", "having previously
# ruled out", "reversing its earlier refusal", "which had initially said"): blanked in the clause, it
# neither overrides the current stance nor adds a category of its own.
EARLIER_STANCE: Final = _rx(
    r"""\bafter\s+(?:\w+\s+){0,2}?(?:months|weeks|years|days|a\s+year|a\s+month)\s+of\s+[^;,]*
    | \bhaving\s+(?:(?:previously|earlier|initially|originally|first|long|once|repeatedly)\s+)?(?:said|ruled|refused|declined
    |rejected|insisted|hesitated|considered|opposed|resisted|excluded|dismissed|been|weighed|kept|signalled|indicated)\b[^;,]*
    | \b(?:reversing|reversed|overturning|reversal\s+of)\s+(?:its|their|his|her|the|an?)\s+(?:\w+\s+){0,3}?(?:refusal|position
    |stance|line|decision|opposition|reluctance|hesitation|policy|rejection|no)\b[^;,]*
    | (?:(?<=had\s)(?:earlier|long|once)|\b(?:previously|initially|originally)|(?<=at\s)first)\s+(?:\w+\s+)?(?:said|ruled
    |refused|declined|rejected|insisted|hesitated|considered|opposed|resisted|excluded|dismissed|been|weighed|offered|pledged
    |promised|signalled|indicated|planned|wanted)\b[^;,]*"""
)
# What someone wants of others ("urged the cabinet to offer soldiers") or says an actor ought to do
# ("Rome ought at least to offer", "Madrid should send engineers"): a wish or advice, no one's pledge.
URGING: Final = re.compile(
    r"\b(?:urg(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+(?:on|upon)|press(?:es|ed|ing)?|appeal(?:s|ed|ing)?\s+to|encourag\w+|"
    r"ask(?:s|ed|ing)?|push(?:es|ed|ing)?|lobb(?:y|ies|ied|ying)|implor\w+|demand(?:s|ed|ing)?|want(?:s|ed)?|"
    r"expect(?:s|ed|ing)?|invit(?:e|es|ed|ing)|challeng(?:e|es|ed|ing)|advis(?:e|es|ed|ing)|tell(?:s|ing)?|told)\s+"
    r"(?!(?:to|for)\b)(?:[\w'’-]+\s+){1,5}?to\b"
    r"|\bought\s+(?:\w+\s+){0,2}?to\b|\bshould\s+(?!not\b|never\b|be\s+able\b)",
    re.I,
)
# ", with Romania and Bulgaria contributing minehunters": the gerund of an absolute "with" clause commits.
WITH_GERUND: Final = re.compile(
    r"^with\s+[^;]{2,80}?\s(?P<g>contributing|providing|supplying|sending|deploying|offering|leading|commanding|hosting"
    r"|running|funding|training|staffing|manning)\b",
    re.I,
)


# -- the shapes of a clause that facts.py reads ------------------------------------------------------

# A clause about the force of several countries ("European troops would ..."): not one actor's troops.
OTHERS_FORCE_RE: Final = re.compile(
    r"\b(?:European|Western|allied|foreign|NATO|international|multinational|coalition)\s+(?:\w+\s+)?"
    r"(?:troops|soldiers|forces?|boots)",
    re.I,
)
_JOINING: Final = re.compile(r"\b(?:in|to|into|join\w*|lead\w*|of|for|with)\s+(?:the|a|an|any|this)\s+$", re.I)


def others_force(text: str) -> bool:
    """A clause about the force of several countries ("European troops would ..."), not about joining it
    ("its participation in the multinational force")."""
    return any(not _JOINING.search(text, max(0, m.start() - 30), m.start()) for m in OTHERS_FORCE_RE.finditer(text))


FRONTED_NEGATION: Final = re.compile(
    r"\W*(?:under\s+no\s+circumstances|in\s+no\s+circumstances|in\s+no\s+way|by\s+no\s+means|on\s+no\s+account|"
    r"at\s+no\s+(?:point|time)|never|nowhere|not\s+(?:now|yet|ever|anytime\s+soon))\s*,?\s+(?:will|would|shall|could|can|"
    r"does|do|did|is|are|has|have|should|must)\b",
    re.I,
)


# A stance on nothing named ("does not rule anything out", "will not"): only these words are left.
_BARE_WORDS: Final = frozenset(
    """not n't does do did has have had is are was were will would could may might shall yet still rule rules ruled
    ruling out exclude excludes excluded excluding anything nothing everything it this that so either options option
    open keeps keeping keep kept its their his her the door left leaves leaving undecided decide decided decision a an
    any made make on table for now at moment stage later in due course time right point to be taken remains remain
    remained weighing considering consider considers say said no declined refused possibility possibilities idea off
    all also too until then first as well likewise same ruled question mind up making wait waiting see want wants wanted
    part role""".split()
)
_BARE_TOKEN: Final = re.compile(r"[A-Za-z]+(?:['’]t)?")


def bare_stance(tail: str) -> bool:
    """True when a clause states a stance on nothing named ("does not rule anything out", "will not",
    "remains undecided", "is keeping its options open for now"): only stance and filler words are left."""
    words = _BARE_TOKEN.findall(tail.lower())
    return bool(words) and len(words) <= 10 and all(w in _BARE_WORDS or w.endswith(("n't", "n’t")) for w in words)
