"""Events (meetings, summits, calls, visits, declarations), figures and statements of a sentence.

Event rules:

* A sentence is an event when it names one ("summit", "meeting", "met", "video call", "video
  conference", "visited", "travelled to", "declaration") and, to tell a real event from a passing
  reference, a date, a place, a host or a number of participants.
* kind: declaration > summit > call > visit > meeting. title: "Summit in London", "Video call",
  "Meeting of army chiefs in Paris", "Visit to Kyiv", "Paris Declaration".
* place: a capital or known venue after "in"/"at" ("at Lancaster House in London" -> "Lancaster
  House, London"). host: "X hosted", "hosted/chaired/convened/initiated/organised/led by X", "X
  chaired", "co-hosted by X and Y" (host is the words, host_code their first country).
* participants: "18 leaders", "31 countries", "about 30 countries", "more than 30 countries",
  "29 heads of state": the first count whose role is attendance, else the first with no role, never
  one of those who signed up ("attended by 29 heads of state ..., and a total of 35 countries signed
  up" -> 29; see :mod:`.headcounts`, which also keeps each count's qualifier and role as a figure). participant_codes: countries named in an
  attendance list ("Leaders of France, Germany ... attended", "with leaders including Spain, ...").
  absent_codes: "without the United States", "excluding the United States", "No American
  representative took part", "X did not attend".
* A follow-up sentence with no event word of its own but about attendance or the host ("The meeting
  was hosted by ...", "Leaders of ... attended", "No American representative took part") completes
  the previous event of the article.

Statements: a sentence where a non-pledging actor (Russia, Belarus...) or an outsider speaks,
warns, claims or calls is a Statement(speaker_code, quote, about_codes, topic) — topic "warning"
(warns, consequences, unacceptable, war, threat), "claim" (claims, alleges, accuses), else "position".
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from briefings.extract.cues import gated
from briefings.extract.gazetteer import Mention
from briefings.extract.gazetteer_data import EXTRA_PLACES, NON_PLEDGERS
from briefings.extract.headcounts import attendance
from briefings.models import Event, Statement

_I = re.IGNORECASE
_EVENT_RE = re.compile(
    r"\b(?P<decl>declaration|joint\s+statement|communiqu[eé])\b|\b(?P<summit>summit)\b"
    r"|\b(?P<call>video\s*call|video\s*conference|videoconference|phone\s+call|virtual\s+meeting|conference\s+call)\b"
    r"|\b(?P<visit>visited|visit(?:ing)?\s+to|travell?ed\s+(?:together\s+)?to|trip\s+to|arrived\s+in)\b"
    r"|\b(?P<meeting>met|meet|meeting|meetings|talks|gathering|conference|convened|hosted)\b",
    _I,
)
_HOST_RE = re.compile(
    r"\b(?:co-?hosted|hosted|chaired|convened|initiated|organi[sz]ed|led|called)\s+by\s+(?P<h>.+?)(?=,\s+(?:with|and)\b|"
    r"\s+(?:on|in|at|with)\s|\s+(?:was|were|is|are|took|has|had|will|would|drew|ended|began|opened|agreed)\b|[.;]|,\s*(?:including|attended)|\s+and\s+(?:held|attended)|$)"
    r"|(?P<h2>(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*|the\s+UK|the\s+United\s+Kingdom|the\s+United\s+States)\s+"
    r"(?:co-?hosted|hosted|chaired|convened)\b",
)
_ABSENT_RE = re.compile(
    r"\b(?:without|excluding|except(?:\s+for)?|absence\s+of)\s+(?:the\s+)?(?P<a>[A-Z][\w'’. -]+?)(?=[,.;)]|\s+(?:and|or|was|were)\b|$)"
    r"|\b[Nn]o\s+(?P<b>[A-Z][\w'’-]+)\s+(?:representatives?|delegations?|officials?|envoys?|leaders?)\s+(?:took\s+part|attended|"
    r"was\s+present|were\s+present|participated)"
    r"|(?P<c>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)?)\s+(?:did\s+not|didn['’]t)\s+(?:attend|take\s+part|participate)"
    r"|(?P<d>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)?)\s+(?:was|were)\s+absent",
)
_ATTEND_RE = re.compile(r"\b(?:attended|attending|took\s+part|participated|were\s+present|joined|including|leaders\s+of|with\s+leaders)\b", _I)
_OUTCOME_RE = re.compile(
    r"\b(?:announced\s+that|announced|agreed\s+(?:to|that|on)|decided\s+(?:to|that)|called\s+for|signed|adopted|endorsed|"
    r"launched|approved)\s+(?P<o>[^.;]{5,160})",
    _I,
)
_GROUP_RE = re.compile(
    r"\b(?P<g>army\s+chiefs|military\s+chiefs|defen[cs]e\s+ministers|foreign\s+ministers|chiefs\s+of\s+(?:defence|staff)|"
    r"national\s+security\s+advisers|leaders)\b",
    _I,
)
_VENUE_RE = re.compile(
    r"\bat\s+(?P<v>(?:the\s+)?(?:Lancaster\s+House|Elys[eé]e\s+Palace|NATO\s+headquarters|Chequers|[A-Z][\w'’-]+\s+(?:House|Palace|"
    r"Castle|Hall|Centre|Center|headquarters)))",
)
_PLACE_RE = re.compile(
    r"\b(?:in|at|near)\s+(?P<p>"
    + "|".join(re.escape(p) for p in sorted(EXTRA_PLACES, key=len, reverse=True))
    + r"|[A-Z][a-zé]+(?:\s+[A-Z][a-z]+)?)\b"
)
_STATEMENT_VERB = re.compile(
    r"\b(?:said|says|warn\w*|claim\w*|call\w*|oppos\w*|reject\w*|condemn\w*|threat\w*|unacceptable|denounc\w*|accus\w*|"
    r"insist\w*|stated|told|wrote|describ\w*|dismiss\w*|mock\w*|sarcastic\w*|consider\w*|regard\w*|object\w*|demand\w*)\b",
    _I,
)
_WARNING = re.compile(r"\bwarn\w*|consequences|unacceptable|full-scale\s+war|\bwar\b|threat\w*|escalat\w*|legitimate\s+(?:\w+\s+)?targets?|dangerous|provocat\w+", _I)
_CLAIM = re.compile(r"\bclaim\w*|alleg\w*|accus\w*", _I)
_FORCE_TOPIC = re.compile(
    r"\b(?:troops?|soldiers?|boots|peace|force|forces|peacekeep\w*|coalition|contingent|deploy\w*|military|NATO|guarantees?|ceasefire|"
    r"Ukraine|Ukrainian)\b",
    _I,
)
STATEMENT_SPEAKERS = NON_PLEDGERS | {"US"}


def event_of(sentence: str, mentions: list[Mention], day: date | None, place_cities: dict[str, str]) -> Event | None:
    """An Event when the sentence reports one, else None."""
    kinds = {k for m in _EVENT_RE.finditer(sentence) for k, v in m.groupdict().items() if v}
    if not kinds:
        return None
    first: str = next(k for k in ("decl", "summit", "call", "visit", "meeting") if k in kinds)
    kind = "declaration" if first == "decl" else first
    place = _place(sentence, mentions)
    host, host_code = _host(sentence, mentions)
    participants = _participants(sentence)
    if not (place or host or participants or day) or (kind == "meeting" and not (place or host or participants)):
        return None
    absent = absent_codes(sentence, mentions)
    codes = participant_codes(sentence, mentions, absent)
    outcome = None
    om = _OUTCOME_RE.search(sentence)
    if om:
        outcome = om.group("o").strip(" ,\"“”")
    return Event(
        kind=kind,
        quote=sentence,
        date=day,
        place=place,
        host=host,
        host_code=host_code,
        participants=participants,
        participant_codes=codes,
        absent_codes=absent,
        outcome=outcome,
        title=_title(kind, sentence, place, place_cities),
    )


def follow_up(event: Event, sentence: str, mentions: list[Mention]) -> Event | None:
    """The event completed by a follow-up sentence, or None if the sentence adds nothing."""
    host, host_code = _host(sentence, mentions)
    absent = absent_codes(sentence, mentions)
    attends = bool(_ATTEND_RE.search(sentence))
    codes = participant_codes(sentence, mentions, absent) if attends else ()
    if not (host or absent or codes):
        return None
    return replace(
        event,
        host=event.host or host,
        host_code=event.host_code or host_code,
        participant_codes=tuple(dict.fromkeys(event.participant_codes + codes)),
        absent_codes=tuple(dict.fromkeys(event.absent_codes + absent)),
    )


def is_follow_up(sentence: str) -> bool:
    """A sentence that talks about the event just reported ("The meeting was hosted by ...")."""
    return bool(
        re.match(r"^(?:The|This|That|Its)\s+(?:meeting|summit|call|talks|conference|gathering|video\s+call)\b", sentence)
        and (_HOST_RE.search(sentence) or _ATTEND_RE.search(sentence) or _ABSENT_RE.search(sentence))
    ) or bool(re.search(r"\b(?:attended|took\s+part|were\s+present)\b", sentence) and not _EVENT_RE.search(sentence))


def _place(sentence: str, mentions: list[Mention]) -> str | None:
    venue = _VENUE_RE.search(sentence)
    city = None
    for mt in mentions:
        if mt.place and mt.kind == "capital" and not mt.text.startswith(("the ", "The ")) and " " not in mt.text:
            city = mt.text  # the last one: "at the Elysee Palace in Paris" -> Paris
    if city is None:
        pm = _PLACE_RE.search(sentence)
        if pm and pm.group("p") in EXTRA_PLACES:
            city = pm.group("p")
    if venue:
        v = re.sub(r"^the\s+", "", venue.group("v"))
        return f"{v}, {city}" if city and city not in v else v
    return city


def _host(sentence: str, mentions: list[Mention]) -> tuple[str | None, str | None]:
    hm = _HOST_RE.search(sentence)
    if not hm:
        return None, None
    group = "h" if hm.group("h") else "h2"
    host = hm.group(group).strip(" ,")
    start = hm.start(group)
    code = next((mt.code for mt in mentions if start <= mt.start < start + len(host)), None)
    return host, code


def _participants(sentence: str) -> int | None:
    """How many took part: the attendance count of :mod:`.headcounts` (never those who only signed up)."""
    hc = attendance(sentence)
    return hc.value if hc else None


def absent_codes(sentence: str, mentions: list[Mention]) -> tuple[str, ...]:
    out: list[str] = []
    for am in _ABSENT_RE.finditer(sentence):
        for g in ("a", "b", "c", "d"):
            if am.group(g):
                s, e = am.span(g)
                out.extend(mt.code for mt in mentions if s <= mt.start < e and mt.code not in out)
    return tuple(out)


def participant_codes(sentence: str, mentions: list[Mention], absent: tuple[str, ...]) -> tuple[str, ...]:
    """Countries named as taking part: mentions of a listing sentence, minus places, hosts' seats and absentees."""
    out: list[str] = []
    cut = re.search(r"[,]?\s+(?:after|because|as|when|while)\s", sentence)
    end = cut.start() if cut else len(sentence)
    for mt in mentions:
        if mt.start >= end or mt.place or mt.code in absent or mt.code in out:
            continue
        if re.search(r"\b(?:on|for|about|over|regarding|to|against|with)\s+(?:the\s+)?$", sentence[: mt.start]):
            continue  # the topic or the other side, not a participant
        if mt.kind == "capital":
            continue
        out.append(mt.code)
    return tuple(out)


def _title(kind: str, sentence: str, place: str | None, place_cities: dict[str, str]) -> str:
    city = place.split(", ")[-1] if place else None
    if kind == "declaration":
        return f"{city} Declaration" if city else "Declaration"
    if kind == "call":
        return "Video call" if re.search(r"video|virtual", sentence, _I) else "Call"
    if kind == "visit":
        return f"Visit to {city}" if city else "Visit"
    if kind == "summit":
        return f"Summit in {city}" if city else "Summit"
    gm = _GROUP_RE.search(sentence)
    group = gm.group("g").lower() if gm and gm.group("g").lower() != "leaders" else None
    label = f"Meeting of {group}" if group else "Meeting"
    return f"{label} in {city}" if city else label


def statement_of(
    sentence: str, mentions: list[Mention], speakers: list[tuple[str | None, list[str], str | None]], day: date | None,
    had_fact: bool,
) -> Statement | None:
    """A Statement when a non-pledging actor or an outsider speaks in the sentence."""
    speaker_code = None
    for _text, codes, _verb in speakers:
        for c in codes:
            if c in STATEMENT_SPEAKERS and not (c == "US" and had_fact):
                speaker_code = c
                break
        if speaker_code:
            break
    if speaker_code is None:
        for mt in mentions:
            if mt.code in NON_PLEDGERS and not mt.place and mt.kind in ("person", "capital", "title", "country"):
                if mt.kind == "country" and not re.match(r"\s*(?:said|says|warn|claim|call|insist|reject|stated)", sentence[mt.end :]):
                    continue
                speaker_code = mt.code
                break
    about = tuple(dict.fromkeys(mt.code for mt in mentions if mt.code != speaker_code))
    if speaker_code is None or not _STATEMENT_VERB.search(sentence):
        return None
    if speaker_code not in NON_PLEDGERS and not (_FORCE_TOPIC.search(sentence) or about):
        return None
    topic = "warning" if _WARNING.search(sentence) else "claim" if _CLAIM.search(sentence) else "position"
    return Statement(speaker_code=speaker_code, quote=sentence, about_codes=about, date=day, topic=topic)

# Speed: the same patterns behind a cheap word-start test (see cues.gated).
_EVENT_RE = gated(_EVENT_RE)
_HOST_RE = gated(_HOST_RE)
_ABSENT_RE = gated(_ABSENT_RE)
