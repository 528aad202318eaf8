"""Who takes a stance: the actor of a clause, and whether a speaker may speak for it.

Rules:

1. The actor is the *subject* of the stance: the countries named in the clause before its status
   cue, except those in an object or place position (after "to", "in", "with", "for", "by",
   "from", "against", "visited"...; a list continues the position of its first member: "led by
   Britain and France"). "Denmark and Sweden are ready" -> both; "for Britain and France to
   consider" -> neither.
2. Failing that, a demonym that modifies the offered thing: "no question of Greek troops", "no
   Italian participation", "Canadian troops on the ground were a possibility".
   After a fronted negation the subject follows the auxiliary ("Under no circumstances will Hungary
   send"). A name after a comma that is followed by its verb starts a new subject, not a list
   ("According to the Swedish government, Sweden will ...").
3. Failing that, a clause with no subject of its own ("..., but has no intention of", "and that it
   was premature", "there would be", "any decision on soldiers would ...", or a possessive subject:
   "but its navy will", "our soldiers will not") inherits the actor of
   the previous clause of the sentence, else its speaker's country ("Tusk said he" -> PL). A clause
   whose subject is some other noun ("Europe could", "the force would", "several European countries
   will", "35 countries signed") has no actor: no fact.
4. "Only six countries ... are ready to send troops: Britain, France, ..." -> the listed countries.
   A passive offer names its actor after "by": "Troops will be provided by Britain and France".
   A subject that names the offered thing ("..., and that no weapons would leave its stocks", "a small
   ground contribution was still being weighed") speaks of the actor of the clause before it.
5. Speakers: a government speaks for its country. Not the government: opposition figures,
   analysts, experts, former officials, polls, outlets -> their clauses give no fact. A non-pledging
   actor (Russia, Belarus, ...) never gives a fact; what it says is a Statement. A claim about
   another country ("Moscow claimed that Finland prepares troops", "Zelensky said Britain would")
   is not that country's pledge when the speaker is an outsider (Russia, Ukraine, the United
   States, the EU or NATO) or the verb is one of claiming. Outlets' and bloggers' voices ("state
   media", "Kremlin-controlled", "pro-Russian") are no government. What someone urges, asks or
   expects of another ("Fiala urged the cabinet to offer soldiers", "pundits expect Germany to
   contribute") is nobody's pledge (see :mod:`facts`). Parties, factions, MPs, lawmakers, deputies,
   "voted against", think-tank fellows are no government either, unless the speaker is a known leader
   or minister ("Labour Party leader Keir Starmer").
6. A relative clause describes its antecedent (:func:`antecedent`); a distributive subject spreads over
   the countries named before (:func:`distributed`).
"""

from __future__ import annotations

import re

from briefings.extract.clauses import Clause
from briefings.extract.cues import gated
from briefings.extract.gazetteer import Mention
from briefings.extract.gazetteer_data import NON_PLEDGERS

_I = re.IGNORECASE

OBJECT_WORDS = frozenset(
    """to in into at from with near for against on toward towards across via by over about between among than like
    visited visit visiting visits help helping helped aid aiding behind excluding without except beside besides alongside
    within inside outside under around through after before during beyond following despite amid regarding upon
    versus vs supporting support backing back defend defending protect protecting attack attacked invade invaded threaten
    threatened warned urged urge asked ask told tell called call join joined joining met meet meeting""".split()
)
OUTSIDERS = frozenset({"RU", "BY", "KP", "IR", "CN", "UA", "US", "EU", "NATO"})
CLAIM_VERBS = frozenset({"claimed", "claims", "alleged", "alleges", "accused", "accuses", "suggested", "suggests", "reported", "predicted"})
# Parties, factions and members of parliament are not the government (what a parliament *approves* is;
# see ``party_subject``).
PARTIES = (
    r"(?<!-)part(?:y|ies)(?!\s+(?:government|cabinet)\b)|factions?|caucus|coalition\s+partners?|partner\s+part(?:y|ies)|MPs?|lawmakers?|legislators?|"
    r"parliamentarians?|members\s+of\s+parliament|senators?|voted\s+against|"
    r"deput(?:y|ies)(?!\s+(?:prime|foreign|defen[cs]e|minister|chancellor|head|chief|secretary|spokes\w+|president|premier|"
    r"commander|leader|director|ambassador|envoy|finance|interior))"
)
NON_GOVERNMENT = re.compile(
    r"\b(?:opposition|analysts?|experts?|commentators?|critics?|former|ex-|poll|polls|survey|think[-\s]tank|researchers?|"
    r"professor|columnist|editorial|observers?|pundits?|candidate|challenger|rebels?|protesters|activists?|"
    r"veterans?|retired|academics?|scholars?|shadow|populist\s+party|far-right|far-left|bloggers?|tabloids?|propagand\w+|"
    r"state[-\s](?:media|television|TV|broadcaster|news\s+agency)|\w+-(?:controlled|backed|linked|owned|run|aligned)|pro-\w+|"
    r"fellows?|institutes?|universit(?:y|ies)|lecturers?|strategists?|consultants?)\b",
    _I,
)
_PRONOUN_SUBJECT = re.compile(
    r"^(?:(?:and|but|also|then|instead|however|so|thus|that|yet|said|added|,|\s)+)?"
    r"(?:he|she|it|they|we|i|there|"
    # "its navy", "our soldiers": a part of the state speaks for it (not "its partners")
    r"(?:its|their|our|my)\s+(?:own\s+)?(?:[\w-]+\s+)?(?:navy|army|air\s+force|forces|troops|soldiers|military|"
    r"coast\s+guard|engineers|units|frigates|warships|ships|minehunters|minesweepers|divers|vessels|jets|aircraft|pilots|"
    r"instructors|officers|contribution|"
    r"contingent|share|part|role)\b|"
    r"(?:the|his|her|its|their|our)\s+(?:own\s+)?(?:government|country|cabinet|council|"
    r"ministry|administration|army|military|armed\s+forces|official|officials|minister|spokesman|spokeswoman|leader|"
    r"prime\s+minister|president|nation|state)|(?:any|a|the|no|such\s+a)\s+(?:final\s+)?(?:decision|debate|talk|"
    r"discussion|deployment|participation|contribution|involvement|question|move|step)s?|talk|talks|debate|"
    r"has|have|had|is|was|are|were|will|would|can|could|may|might|must|shall|should|does|did|do|also|still|"
    r"not|never|already|instead|only|remains|remained|stands|stood|offers?|offered|pledged|agreed|signed|announced|"
    r"ruled|rules|refused|declined|continues|continued|(?:the\s+)?parliament|lawmakers|legislators|the\s+legislature|"
    r"(?:the\s+|its\s+)?(?:defen[cs]e|foreign)\s+ministry|the\s+cabinet)\b|(?:a|an|the|any)\s*$",
    _I,
)
_ADJUNCT = re.compile(
    r"^(?:(?:(?:on|after|before|during|in|at|by|late|early|since|until|from|as\s+of|over)\s+(?:the\s+|a\s+|an\s+|this\s+|last\s+|next\s+)?\w+"
    r"(?:\s+(?:meeting|statement|interview|summit|talks|call))?|last\s+\w+|this\s+\w+|earlier|later|also|now|today|"
    r"yesterday|recently)\s*,?\s*)+(?=\w)",
    _I,
)
_GROUP_NOUN = re.compile(r"\b(?:countries|nations|states|allies|members|governments|partners|capitals)\b", _I)
_DEMONYM_TARGET = re.compile(
    r"\s*(?:\w+\s+){0,1}?(?:troops?|soldiers?|boots|forces?|army|contingent|personnel|participation|involvement|"
    r"contribution|deployment|peacekeepers|military|navy|air\s+force|jets|warships|ships|instructors)\b",
    _I,
)
_ABSOLUTE_ING = re.compile(
    r"(?:(?:,\s+|,?\s+and\s+)(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)*\s+(?:also\s+)?\w+ing\b"
)
# A clause whose subject names the offered thing ("no weapons would leave", "a small ground contribution
# was still being weighed") speaks of the actor of the clause before it in the same sentence.
THING_SUBJECT = re.compile(
    r"^(?:(?:and|but|that|,|\s)+)?(?:any|a|an|the|no|its|their|his|her|such\s+a)\s+(?:[\w-]+\s+){0,2}?(?:weapons|arms|money|"
    r"funds|funding|troops|soldiers|contribution|contingent|deployment|participation|involvement|offer|role|"
    r"decision|ground\s+(?:\w+\s+)?contribution|answer|support)"
    r"(?:\s+(?:was|were|is|are|will|would|could|may|might|has|have|had|be|been|being|still|not|yet|also|now|only))*\s*$",
    _I,
)
_PREV_WORD = re.compile(r"([\w'’]+)[^\w]*$")


def _prev_word(sentence: str, pos: int) -> str:
    m = _PREV_WORD.search(sentence, max(0, pos - 40), pos)
    word = m.group(1).lower() if m else ""
    if word == "the" and m:
        m2 = _PREV_WORD.search(sentence, max(0, m.start() - 40), m.start())
        word = m2.group(1).lower() if m2 else ""
    return word


# A subject's verb right after a name: "..., Sweden will", "..., Oslo has".
_VERB_AFTER = re.compile(
    r"\s+(?:will|would|shall|is|are|was|were|has|have|had|could|can|may|might|must|should|does|did|plans|intends|"
    r"stands|remains|offered|pledged|signed|agreed|announced|said|says|wants)\b",
    _I,
)


def object_flags(sentence: str, mentions: list[Mention]) -> list[bool]:
    """For each mention: True when it stands in an object or place position."""
    flags: list[bool] = []
    for i, m in enumerate(mentions):
        if m.place:
            flags.append(True)
            continue
        word = _prev_word(sentence, m.start)
        if word == "with" and _ABSOLUTE_ING.match(sentence, m.end):
            flags.append(False)  # "..., with Estonia adding a company": Estonia is a subject
            continue
        if word in OBJECT_WORDS:
            flags.append(True)
            continue
        if word in ("and", "or") or sentence[max(0, m.start - 2) : m.start].strip() == ",":
            j = i - 1
            while j >= 0 and mentions[j].start == m.start:
                j -= 1
            gap = sentence[mentions[j].end : m.start] if j >= 0 else "x"
            if j >= 0 and re.fullmatch(r"[\s,]*(?:and|or)?[\s,]*(?:the\s+)?", gap, _I):
                if gap.strip() == "," and _VERB_AFTER.match(sentence, m.end):
                    flags.append(False)  # "According to the Swedish government, Sweden will ...": a new subject
                    continue
                flags.append(flags[j])
                continue
        flags.append(False)
    return flags


def speaker_codes(sentence: str, start: int, end: int, mentions: list[Mention], flags: list[bool]) -> list[str]:
    """Codes of the countries a speaker's words name (not places)."""
    codes: list[str] = []
    for m, obj in zip(mentions, flags, strict=True):
        if start <= m.start < end and not m.place and m.code not in codes:
            if obj and _prev_word(sentence, m.start) not in ("of", "from"):
                continue
            codes.append(m.code)
    return codes


def subject_codes(
    sentence: str, start: int, cue: int, end: int, mentions: list[Mention], flags: list[bool]
) -> tuple[list[str], bool]:
    """Codes named as the subject of a clause [start, end) whose status cue is at ``cue``.

    Returns (codes, found): found is True when the clause names its own subject (even one that is
    then filtered out, like Ukraine or Russia), so that no actor is inherited.
    """
    before = [m for m, obj in zip(mentions, flags, strict=True) if start <= m.start < cue and not obj]
    if before:
        return _unique(m.code for m in before), True
    modifiers = [
        m
        for m in mentions
        if start <= m.start < end and m.kind in ("demonym", "title") and _DEMONYM_TARGET.match(sentence, m.end)
        and not m.place and m.code not in NON_PLEDGERS and m.code != "UA"
    ]
    if modifiers:
        return _unique(m.code for m in modifiers), True
    return [], False


_PASSIVE_BY = re.compile(
    r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+\s+)?(?:provided|sent|offered|deployed|supplied|contributed|led|given|"
    r"funded|financed|covered|dispatched|pledged|committed|stationed|manned|staffed|commanded|handled|carried\s+out|"
    r"conducted|made\s+available|put\s+forward|taken\s+on|assumed|shouldered|guaranteed|secured|patrolled|trained|"
    r"instructed|hosted|paid\s+for)\s+"
    r"(?:\w+\s+)?by\s+",
    _I,
)


def passive_agents(sentence: str, start: int, end: int, mentions: list[Mention]) -> list[str]:
    """Countries named as the agent of a passive offer: "Troops will be provided by Britain and France"."""
    m = _PASSIVE_BY.search(sentence, start, end)
    if not m:
        return []
    codes: list[str] = []
    pos = m.end()
    for men in mentions:
        if men.start < pos or men.start >= end:
            continue
        if not re.fullmatch(r"[\s,]*(?:and|or|as\s+well\s+as)?[\s,]*(?:the\s+)?", sentence[pos : men.start], _I):
            break
        if men.kind in ("country", "capital", "demonym", "title", "person"):
            codes.append(men.code)
        pos = men.end
    return _unique(codes)


# "(on top of) the NOK 80 billion it has set aside": an object before its pronoun subject.
_GAPPED_OBJECT = re.compile(
    r"^(?:the|its|their|a|an)\s+(?:\S+\s+){0,5}?(?:that\s+)?(?:it|they|he|she)(?:\s+(?:has|have|had|will|would|already|also))*$", _I
)


def inherits(sentence: str, start: int, cue: int) -> bool:
    """True when the words before the cue are no subject of their own (pronoun, auxiliary, nothing)."""
    head = sentence[start:cue].strip(" ,\"“”'")
    if not head:
        return True
    if _PRONOUN_SUBJECT.match(head) or _GAPPED_OBJECT.match(head):
        return True
    rest = _ADJUNCT.sub("", head, count=1).strip(" ,")
    return not rest or bool(_PRONOUN_SUBJECT.match(rest))


def group_subject(text: str) -> bool:
    """True when ``text`` has a plural group noun ("six countries") that a list can name."""
    return bool(_GROUP_NOUN.search(text))


_PARTY_SPEAKER = re.compile(rf"\b(?:{PARTIES})\b", _I)
_GOVERNMENT_TITLE = re.compile(
    r"\b(?:prime\s+minister|premier|chancellor|president|minister|government|cabinet|spokes(?:man|woman|person))\b", _I
)


def may_speak_for(
    speaker: str | None, speaker_cc: list[str], verb: str | None, actors: list[str], official: bool = False
) -> bool:
    """Whether a clause with this speaker can give a fact for ``actors`` (see rule 5). ``official``: the
    speaker is a known leader or minister, whose party ("Labour Party leader Starmer") does not matter."""
    if speaker and NON_GOVERNMENT.search(speaker):
        return False
    if speaker and _PARTY_SPEAKER.search(speaker) and not (official or _GOVERNMENT_TITLE.search(speaker)):
        return False
    if any(c in NON_PLEDGERS for c in speaker_cc):
        return False
    if speaker_cc and not set(speaker_cc) & set(actors):
        if verb in CLAIM_VERBS or any(c in OUTSIDERS for c in speaker_cc):
            return False
    return True


def _unique(codes: object) -> list[str]:
    out: list[str] = []
    for c in codes:  # type: ignore[attr-defined]
        if c not in out:
            out.append(c)
    return out


_PARTY = re.compile(rf"\b(?:opposition(?!\s+to\b)|{PARTIES})\b", _I)
_MEMBERS = re.compile(r"\b(?:MPs?|lawmakers?|legislators?|parliamentarians?|members\s+of\s+parliament|senators?)\b", _I)
_APPROVES = re.compile(r"\s*(?:\w+\s+){0,3}?(?:approv|authori[sz]|endors|ratif|back(?:s|ed)\b|vot(?:ed|es)\s+(?:to|for|in\s+favou?r))", _I)


def party_subject(subject: str, after_cue: str) -> bool:
    """True when the subject of a clause is a party, a faction or members of parliament ("The Freedom Party
    faction wants no soldiers in Ukraine"): no government stance. Members of parliament approving a
    deployment ("Dutch lawmakers approved the deployment of 250 soldiers") are parliament's decision;
    an adjunct before a comma is no subject ("After MPs approved the plan, Denmark will ...")."""
    m = _PARTY.search(subject[subject.rfind(",") + 1 :])
    if not m:
        return False
    return not (_MEMBERS.fullmatch(m.group(0)) and _APPROVES.match(after_cue))


# A distributive subject ("Each country will provide two minehunters", "all three navies") spreads a
# stance over the countries named in the sentence before.
DISTRIBUTIVE = re.compile(
    r"^\W*(?:and\s+)?(?:(?P<each>each|every)|(?P<both>both)|all)(?:\s+of)?(?:\s+(?:the|them|these|those))?"
    r"(?:\s+(?P<n>two|three|four|five|six))?"
    r"(?:\s+(?:countries|country|nations?|governments?|navies|navy|states?|allies|partners|members))?\s*$",
    _I,
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def distributed(subject: str, named: list[str]) -> list[str]:
    """The countries a distributive subject spreads over: "Each country" (two or more named before),
    "both countries" (two), "all three navies" (three); a count that does not fit names nobody."""
    m = DISTRIBUTIVE.match(subject)
    if not m or len(named) < 2:
        return []
    want = _COUNTS.get((m.group("n") or "").lower()) or (2 if m.group("both") else None)
    if want is None and not m.group("each"):
        return []  # "all countries" is everyone, not the ones named before
    return list(named) if want in (None, len(named)) else []
_ANTECEDENT_GAP = re.compile(r"(?:['’]s?\s+(?:[\w-]+\s+){0,3}?[\w-]+)?[\s)]*$")


def antecedent(sentence: str, end: int, mentions: list[Mention]) -> list[str]:
    """The countries a relative clause (", which ...", ", who ...") describes: named right before the
    comma that ends at ``end`` ("Czechia, which", "Slovakia's prime minister, who", "Britain and France,
    which")."""
    before = [m for m in mentions if m.end <= end and not m.place]
    if not before or not _ANTECEDENT_GAP.fullmatch(sentence, before[-1].end, end):
        return []
    codes = [before[-1].code]
    for prev, nxt in zip(reversed(before[:-1]), reversed(before[1:]), strict=True):
        if not re.fullmatch(r"[\s,]*(?:and|or)?\s*(?:the\s+)?", sentence[prev.end : nxt.start], _I):
            break
        codes.append(prev.code)
    return _unique(reversed(codes))


def strip_relative(text: str) -> str:
    return re.sub(r"[\s,]*(?:that|which|who)?\s*$", "", text)


_INCLUDE_RE = gated(re.compile(r"\b(?:include|includes|included|including|such\s+as|namely|among\s+them|are|were)\b", re.I))
AMONG_RE = gated(re.compile(r"\b(?:is|are|was|were|became|becomes|remains?|remained)\s+(?P<neg>not\s+|no\s+longer\s+)?(?:now\s+|also\s+)?(?:among|one\s+of)\s+(?:the\s+)?(?:\w+\s+){0,2}"
                       r"(?:countries|nations|states|governments|allies|members)\s*$", re.I))


def list_codes(sentence: str, clauses: list[Clause], mentions: list[Mention]) -> list[str]:
    """Countries listed for a group subject: after a colon ("...: Britain, France and Estonia") or
    after "include"/"such as" ("Countries that have offered troops include Britain and France")."""
    for c in clauses:
        starts = []
        if c.kind == "list":
            starts.append(c.start)
        else:
            starts.extend(c.start + m.end() for m in _INCLUDE_RE.finditer(sentence[c.start : c.end]))
        for start in starts:
            codes = [m.code for m in mentions if start <= m.start < c.end and not m.place]
            if codes and (c.kind == "list" or len(set(codes)) >= 1) and re.match(r"[\s:]*(?:the\s+)?[A-Z]", sentence[start:]):
                return list(dict.fromkeys(codes))
    return []


def actor_text(mentions: list[Mention], code: str, start: int, end: int) -> str | None:
    for m in mentions:
        if m.code == code and start <= m.start < end:
            return m.text
    for m in mentions:
        if m.code == code:
            return m.text
    return None
