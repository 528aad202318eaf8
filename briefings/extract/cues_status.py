"""Status vocabularies: how firmly a clause offers (see :mod:`.cues` for the whole picture).

Status rules, checked in this order, the first family found wins inside one clause:

1. negated refusals, which are openness: "not ruling out", "has not ruled out", "does not exclude", "does not yet know (whether)";
2. ``declined``: "will not", "won't", "does not plan", "has no intention", "rules out", "cannot",
   "no question of", "refuses", "not involved", "no ... participation is planned", "no troops", and the
   opting-out idioms: "stay/keep/sit/opt/pull out", withdrawing or pulling units out of the mission, "stay away", "sees no role for", "no appetite",
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

NEG_CONSIDERING: Final = _rx(
    r"""\bnot\s+(?:yet\s+)?(?:ruling|ruled|rule|rules)\s+(?:\w+\s+){0,2}out\b | \b(?:has|have|had)n['’]t\s+ruled\s+(?:\w+\s+)?out
    | \bdo(?:es)?\s+not\s+exclude\b | \bnot\s+(?:be\s+)?exclud\w+ | \bno\s+decision\s+(?:has|had)\s+(?:yet\s+)?been\s+(?:taken|made)
    | \bnot\s+yet\s+decided\b | \b(?:has|have)\s+yet\s+to\s+decide\b | \bundecided\b | \bnothing\s+(?:is\s+)?ruled\s+out
    | \bno\s+(?:choice|option)\s+(?:is\s+)?ruled\s+out | \b(?:all\s+)?options\s+(?:are\s+|remain\s+)?on\s+the\s+table
    | \bnothing\s+is\s+off\s+the\s+table | \b(?:has|have|had|does|do|did)\s+not\s+(?:yet\s+)?(?:commit|pledge|offer|decide)\w*
    | \b(?:hasn|haven|didn|doesn)['’]t\s+(?:yet\s+)?(?:commit|pledge|offer|decide)\w*
    | \b(?:does|do|did)\s+not\s+(?:yet\s+)?know\b | \b(?:doesn|don|didn)['’]t\s+(?:yet\s+)?know\b"""
)
DECLINED: Final = _rx(
    r"""\bwill\s+not\b | \bwon['’]t\b | \bwould\s+not\b | \bwouldn['’]t\b | \bshall\s+not\b
    | \b(?:will|would|shall|does|do|did)\s+(?:(?:still|also|certainly|definitely|absolutely|simply|therefore|then|now
    |likewise|equally|again|thus|currently|presently)\s+not|(?:\w+\s+)?no\s+longer)\b
    | \bnot\s+(?:sending|deploying|contributing|providing|planning|preparing|intending|to\s+be\s+(?:sent|deployed)|one|a\s+single
    |in\s+a\s+position\s+to)\b | \b(?:isn|aren|wasn|weren)['’]t\s+(?:sending|deploying|contributing|providing|planning|going\s+to)\b
    | \bno\s+(?:circumstances|means|account|way|position\s+to)\b | \btoo\s+(?:small|weak|stretched|thin|limited)\s+to\b
    | \black(?:s|ed|ing)?\s+(?:the\s+)?(?:capacity|capabilit\w+|means|resources|manpower|troops|soldiers|forces)\b
    | \b(?:stay|stays|stayed|staying|remain|remains|remained|keep|keeps|kept|keeping)\s+(?:\w+\s+){0,2}?(?:at\s+home\b
    |on\s+(?:(?:its|their|our)\s+own|home|national)\s+(?:soil|territory)\b)
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
    | \bwants?\s+no\s+part\b | \b(?:take|takes|took|taking|taken|play|plays|played|playing|have|has|had|having)\s+no\s+
    (?:\w+\s+)?(?:part|role|share)\b | \bexclud(?:es|ed|ing)\s+(?:\w+\s+)?(?:sending|deploying|participat\w+|taking\s+part|any|the
    |troops|soldiers|a\s+(?:military|troop|ground))\b | \bsa(?:id|ys|y)\s+no\b | \bturn(?:s|ed|ing)?\s+down\b
    | \bdismiss(?:es|ed|ing)?\s+(?:\w+\s+){0,2}(?:idea|notion|prospect|possibility|suggestion|calls?|reports?|proposals?
    |plans?|talk|claims?)\b | \bdistanc(?:es|ed|ing)\s+(?:itself|themselves|himself|herself)\b
    | \bwithdr(?:aw|ew|awn|aws|awing)\s+(?:[\w-]+\s+){0,4}?from\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}(?:force|mission|coalition|plans?
    |operation|rotation)\b | \bpull(?:s|ed|ing)?\s+(?:[\w-]+\s+){1,4}?out\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}(?:force|mission
    |coalition|operation|rotation)\b
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
    | \bprovid(?:es|ed)\b | \b(?:runs|operates)\b | \bsuppl(?:ies|ied)\b | \bdonat(?:es|ed)\b | \bdeploy(?:s|ed)\b
    | \b(?:is|are|was|were|am)\s+(?:already\s+|now\s+|also\s+)?(?:sending|providing|supplying|deploying|delivering|donating|funding
    |training|putting|paying|giving|lending|contributing)\b
    | \b(?:is|are|was|were|remains?|remained|stays?|stayed|will\s+be|would\s+be)\s+(?:also\s+|still\s+|now\s+|fully\s+)?available
    \s+(?:to|for)\b | \bauthori[sz](?:es|ed|ing)\b
    | \bearmark\w* | \ballocat(?:es|ed|ing)\b | \bset\s+aside\b | \bcommitted\b
    | \bwould\s+(?:also\s+|only\s+|still\s+|then\s+|eventually\s+)?(?:send|deploy|provide|contribute|keep|continue|lead|supply|take\s+part|participate|join|pay|fund
    |host|train|give|offer|back|help|be\s+(?:ready|prepared|willing))\b | \bcan\s+(?:also\s+|only\s+)?(?:instead\s+)?(?:provide|host|offer
    |contribute|send|deploy|train|supply|give|help|take\s+part|participate)\b | \bresponsible\s+for\b | \bproposal\b
    | \bpropos(?:e|es|ed)\b | \b(?:has|have)\s+(?:already\s+)?(?:sent|deployed|provided|delivered|given|paid|donated|contributed)\b | \bintend(?:s|ed)?\s+to\b | \bplans?\s+to\b
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
