"""The vocabularies of relevance scoring: concept -> (kind, phrases). See the package docstring.

A phrase is words separated by spaces; a word ending in ``*`` is a prefix, ``a|b`` are alternatives,
``_`` is any one word. Phrases are separated by ``;``.
"""

from __future__ import annotations

from typing import Final

# kind of each concept: (kind, weight per distinct term, cap) for flat kinds
NAME, TOPIC, SUPPORT, PLEDGE, NEGATIVE, ANCHOR, CONTEXT, NEUTRAL = range(8)

# negative domains that give "coalition of the willing" another sense (a sports bid, the 2003 Iraq
# coalition, a song contest) when the name stands next to them with no Ukraine in reach
OTHER_SENSE: Final = frozenset({"-sport", "-elsewhere", "-culture", "-tech", "-weather", "-lifestyle"})
# topics that are aid to Ukraine in general rather than the coalition's force: an article with only
# these (no coalition name, no troops/force/guarantee/ceasefire topic, no supporting term) is
# general Ukraine aid (refugee support, reconstruction grants), not the coalition's story
AID_ONLY: Final = frozenset({"money", "humanitarian", "training", "logistics", "demining"})
# topics that make an article more than general aid only when they are its subject (title or lede)
AID_SUBJECT: Final = frozenset({"military_aid"})

_VERBS: Final = (
    "send|sending|sent|sends|put|putting|puts|station|stationing|commit|committing|contribute|contributing"
    "|provide|providing|offer|offering|pledge|pledged|pledging|base|basing"
)
LEXICON: Final[dict[str, tuple[int, str]]] = {
    # concept: (kind, "phrase; phrase; ..."); a word "x*" is a prefix, "a|b" alternatives, "_" any word
    "name": (NAME, "coalition of the willing; coalition of willing; coalition of the resolute;"
             " coalition of resolute; volunteer alliance; volunteers alliance; voluntary alliance;"
             " alliance of the willing; multinational force ukraine; multinational force for ukraine;"
             " multi national force ukraine; mnf u; mnfu; reassurance force|forces|mission|contingent;"
             " post ceasefire force|mission|deployment|contingent; postwar|post war force|mission;"
             " ceasefire monitoring force|mission; koalition der willigen; coalition des volontaires;"
             " coalizione dei volenterosi; koalicja chetnych;"
             # a coalition with defence ministers, army chiefs or planners is a military one, never a
             # governing coalition (those have partners, leaders and cabinets)
             " coalition defence|defense|military|army ministers|chiefs|planners|commanders;"
             " coalition s defence|defense|military|army ministers|chiefs|planners|commanders"),
    "troops": (TOPIC, "troop; troops; soldier*; servicemen; servicemembers; service members; personnel;"
               " bundeswehr; military units; brigade*; battalion*;"
               " foreign|european|western|nato|allied|british|french|coalition|international forces"),
    "deploy": (TOPIC, "boots on the ground; boots on ground; ground forces; ground force; contingent*;"
               " deploy*; redeploy*; dispatch*; military presence; station troops|soldiers|forces;"
               f" {_VERBS} troops|soldiers|forces|personnel|units|peacekeepers|contingents;"
               f" {_VERBS} _ troops|soldiers|forces|personnel|units|peacekeepers;"
               " troops|soldiers|forces on the ground; troops|soldiers|forces to|into|in ukraine;"
               " troops|soldiers on ukrainian soil|territory|land"),
    "force": (TOPIC, "peacekeep*; peace keeping; peace keepers; peace mission*; peace force*;"
              " peace operation*; peace enforcement; reassurance; multinational force*;"
              " multi national force*; international force; stabilisation|stabilization force|mission;"
              " deterrent|deterrence force; security force; protection force; coalition force;"
              " european force; force; forces; monitoring mission; observer mission; buffer zone;"
              " demilitarised|demilitarized zone; air policing; air cover; air patrols; air shield;"
              " maritime mission; naval mission; sky shield; skyshield; tripwire; air support;"
              " air and maritime support; by air"),
    "guarantees": (TOPIC, "security guarantee*; security assurance*; safety guarantee*; guarantee*;"
                   " guaranteeing; backstop*; article 5; article five; security commitments;"
                   " long term security"),
    "ceasefire": (TOPIC, "ceasefire*; cease fire*; truce; armistice; peace deal*; peace agreement*;"
                  " peace accord*; peace plan*; peace talks; peace settlement; peace negotiations;"
                  " peace process; peace framework; peace summit; lasting peace; just peace;"
                  " end the war; end to the war; end of the war; end the fighting; halt the fighting;"
                  " stop the war; ceasing fire"),
    "military_aid": (TOPIC, "military aid|support|assistance|package|help|equipment; arms deliveries;"
                     " arms supplies; arms shipments; weapons|weapon deliveries|supplies|package;"
                     " weapons; air defence*; air defense*; patriot*; ammunition; lethal aid;"
                     " defence|defense aid|package|support|assistance; security assistance; equipment;"
                     " storm shadow; f 16*; long range missiles"),
    "money": (TOPIC, "funding; loan*; grant*; export finance; financing; financial support|aid;"
              " economic aid|support; budget support; billion; bn; million; reconstruction;"
              " recovery conference; aid package; support package; support programme; support program;"
              " assistance package; donat*; frozen assets; reparations loan"),
    "intelligence": (TOPIC, "intelligence; reconnaissance; surveillance; satellite imagery|data"),
    "demining": (TOPIC, "demining; de mining; mine clearing|clearance|action|countermeasures|hunters;"
                 " clearing mines; clear mines; minesweep*; minehunter*"),
    "humanitarian": (TOPIC, "humanitarian*; generators; medical supplies; winter aid|support;"
                     " energy aid|support|equipment; shelters"),
    "training": (TOPIC, "training; trainers; instructors; train; regenerat*"),
    "logistics": (TOPIC, "logistic*"),
    "support": (SUPPORT, "defence|defense minister*; defence|defense secretary; armed forces minister;"
                " foreign minister*; army chief*; military chief*; chief|chiefs of defence|defense;"
                " chief|chiefs of staff; chief|chiefs of the defence|defense staff; defence|defense staff;"
                " general staff; military planners; planners; military planning; summit*; nato;"
                " kremlin; peskov; lavrov; medvedev; zakharova; putin; legitimate target*; elysee;"
                " lancaster house; downing street; allies; deterr*; european security; rearm*;"
                " coalition; video call; video conference; naval; navy; maritime; air force;"
                " mandate; escalat*; sovereignty; aggression; national defence|defense council"),
    "pledge": (PLEDGE, "pledg*; commit*; rule out; rules out; ruled out; ruling out; contribut*;"
               " offer*; participat*; ready to send|deploy|contribute; willing to send|contribute;"
               " will not send; no plans to send"),
    "anchor": (ANCHOR, "ukrain*; kyiv; kiev; zelensk*; zelenskiy*"),
    "context": (CONTEXT, "russia; russian; russians; kremlin; moscow; putin"),
    "neutral": (NEUTRAL, "russian|enemy|occupying|ukrainian troops|soldiers|forces|army;"
                " russia s|ukraine s troops|soldiers|forces|army;"
                " north korean troops|soldiers; armed forces of ukraine; ukrainian armed forces;"
                " ukraine s armed forces; air force|forces; naval forces; special forces"),
    "-sport": (NEGATIVE, "football; soccer; champions league; europa league; conference league;"
               " premier league; la liga; serie a; bundesliga; ligue 1; uefa; fifa; world cup;"
               " euro 2024|2028; referee*; goalkeeper*; striker*; midfielder*; defender; coach*;"
               " semi final*; semifinal*; quarter final*; quarterfinal*; kick off; stadium*; match;"
               " matches; tournament*; penalty shootout|kick|spot; scored; scorer*; league; tennis;"
               " olympic*; athlete*; cycling; grand prix; formula one; rugby; basketball; hockey;"
               " boxing; marathon; cup final; fans; hat trick; second half; first half; extra time;"
               " transfer window; home side; away side; squad"),
    "-markets": (NEGATIVE, "insurance; insurer*; reinsur*; underwriter*; premium; premiums; war risk;"
                 " freight; shipping rates; charter rates; tanker rates; grain prices|exports|market|"
                 "markets|corridor; wheat; corn; maize; barley; sunflower*; soybean*; futures;"
                 " commodit*; brent; crude; oil price*; gas price*; barrel*; trader*; stock market*;"
                 " stocks; shares; equities; bond; bonds; yields; investor*; price; prices; inflation;"
                 " interest rate*; central bank*; exchange rate*; currency; tariff*; earnings;"
                 " revenue*; profit*; quarterly; dividend*; tonnes; tons"),
    "-politics": (NEGATIVE, "poll; polls; polling; pollster*; opinion poll*; survey*; voter*;"
                  " electorate; election*; electoral; ballot*; runoff; run off; referendum;"
                  " governing|ruling|grand coalition; coalition government|partner|partners|talks|"
                  "agreement|deal|treaty|negotiations|crisis|collapse*; traffic light coalition;"
                  " cabinet; reshuffle; no confidence; confidence vote; largest party; junior partner;"
                  " senior partner; party leader*; opposition party|parties; pension*; asylum;"
                  " migration policy; immigration; budget deficit; debt brake; tax cut*;"
                  " tax reform; tax rise*; minimum wage; healthcare; approval rating*; percent;"
                  " per cent; mayor*; campaign*; candidate*; parliamentary majority;"
                  " government collapse*"),
    "-tech": (NEGATIVE, "charger*; charging port; usb; usb c; laptop*; smartphone*; phones; phone makers;"
              " mobile phone*; tablet*;"
              " consumer*; electronic waste; e waste; gadget*; app; apps; app store; software;"
              " artificial intelligence; ai; ai act; chatbot*; data protection; gdpr; privacy;"
              " digital markets act; digital services act; tech giant*; tech compan*; big tech; apple;"
              " google; meta; microsoft; amazon; tiktok; semiconductor*; chip; chips; streaming"),
    "-culture": (NEGATIVE, "song contest; eurovision; festival*; film*; movie*; cinema*; concert*;"
                 " album*; singer*; song; songs; music*; theatre; theater; opera; museum*; fashion;"
                 " novel; novelist*; book prize; literary; oscar*; award ceremony; awards; celebrit*;"
                 " tv series; box office; premiere; jury; performer*; grand final"),
    "-fair": (NEGATIVE, "trade fair*; trade show*; book fair; motor show; air show; airshow;"
              " exhibitor*; exhibition*; expo; pavilion*; visitors; show floor; le bourget;"
              " farnborough; aircraft orders; order book*; airbus; boeing; embraer; unveil*;"
              " showcase*; prototype*; booth*"),
    "-weather": (NEGATIVE, "weather; forecast*; heatwave*; heat wave*; temperature*; celsius;"
                 " fahrenheit; rain; rainfall; snow; snowfall; storm; storms; thunderstorm*; flood*;"
                 " wildfire*; drought*; hurricane*; tornado*; frost; meteorolog*; climate; humidity;"
                 " sunshine"),
    "-elsewhere": (NEGATIVE, "gaza; israel*; hamas; hezbollah; lebanon*; syria*; sudan*; yemen*;"
                   " houthi*; iran*; taiwan*; korean peninsula; west bank; sahel; congo*; kosovo*; armenia*;"
                   " azerbaijan*; karabakh; cyprus; ethiopia*; somalia*; kashmir; pakistan*; libya*;"
                   " iraq*; afghan*; venezuela*; haiti*; cambodia*"),
    "-battlefield": (NEGATIVE, "shelling; shelled; drone attack*; drone strike*; missile attack*;"
                     " missile strike*; airstrike*; air strike*; air raid*; struck; killed; wounded;"
                     " injured; casualties; captured; counteroffensive; counter offensive; offensive;"
                     " advancing; frontline town|village|city; front line town|village|city;"
                     " village of; oblast; shot down; intercepted; power grid; power outage*;"
                     " blackout*; evacuat*; withdrew; pulled back; pull back; retreat*; front line; frontline;"
                     " prisoner exchange|swap|swaps; prisoners of war; pows; captivity; swap"),
    # allied drills and exercises name troops, forces and allies but are not the coalition's story
    "-exercise": (NEGATIVE, "exercise; exercises; drill; drills; manoeuvres; maneuvers; war games;"
                  " wargame*; live fire; military exercise*; joint exercise*; cold response; steadfast;"
                  " trident juncture; baltops; defender europe; winter conditions; rehearse*"),
    "-lifestyle": (NEGATIVE, "recipe*; tourism; tourist*; hotel*; real estate; housing market;"
                   " property price*; cruise; royal wedding; lottery; zoo; horoscope*"),
}
