"""Country and organisation table of the gazetteer.

One line per actor, fields separated by ``|``, lists by ``;``::

    CODE | display name | other names | demonyms | capitals and seats of government

Codes are ISO 3166-1 alpha-2, plus ``EU`` and ``NATO``. Names are matched case-sensitively as whole
words (they are proper nouns), and accents are optional (an accent-free variant is added for each
name). Names that are too ambiguous in running text ("Jordan", "Chad") are left out of the other
names on purpose; they still resolve as display names through :func:`resolve`. Seats include national
parliaments ("Bundestag", "Storting", "Assembly of the Republic"), whose approvals are their country's.
"""

from __future__ import annotations

from typing import Final

COUNTRY_TABLE: Final = """
AL|Albania||Albanian;Albanians|Tirana
AT|Austria||Austrian;Austrians|Vienna
BE|Belgium||Belgian;Belgians|
BG|Bulgaria||Bulgarian;Bulgarians|Sofia
HR|Croatia||Croatian;Croatians;Croat;Croats|Zagreb
CY|Cyprus|Republic of Cyprus|Cypriot;Cypriots|Nicosia
CZ|Czechia|Czech Republic|Czech;Czechs|Prague
DK|Denmark||Danish;Dane;Danes|Copenhagen;Folketing
EE|Estonia||Estonian;Estonians|Tallinn;Riigikogu
FI|Finland||Finnish;Finn;Finns|Helsinki;Eduskunta
FR|France|French Republic|French;Frenchman|Paris;Elysee Palace;Élysée Palace;the Elysee;the Élysée;Quai d'Orsay
DE|Germany|Federal Republic of Germany|German;Germans|Berlin;Bundeswehr;Bundestag;the Chancellery
GR|Greece|Hellenic Republic|Greek;Greeks|Athens
HU|Hungary||Hungarian;Hungarians|Budapest
IS|Iceland||Icelandic;Icelanders|Reykjavik;Reykjavík
IE|Ireland|Republic of Ireland|Irish|Dublin;the Taoiseach;Taoiseach;the Dáil
IT|Italy||Italian;Italians|Rome;Palazzo Chigi
LV|Latvia||Latvian;Latvians|Riga;Saeima
LT|Lithuania||Lithuanian;Lithuanians|Vilnius;Seimas
LU|Luxembourg|Grand Duchy of Luxembourg|Luxembourgish;Luxembourger;Luxembourgers|
MT|Malta||Maltese|Valletta
ME|Montenegro||Montenegrin;Montenegrins|Podgorica
NL|Netherlands|the Netherlands;Holland|Dutch|The Hague;Amsterdam;Tweede Kamer
MK|North Macedonia|Macedonia|Macedonian;North Macedonian|Skopje;Assembly of the Republic of North Macedonia;Sobranie
NO|Norway||Norwegian;Norwegians|Oslo;Storting
PL|Poland||Polish;Pole;Poles|Warsaw;Sejm
PT|Portugal||Portuguese|Lisbon;Assembly of the Republic;Assembleia da República;São Bento Palace
RO|Romania||Romanian;Romanians|Bucharest
SK|Slovakia|Slovak Republic|Slovak;Slovakian;Slovaks|Bratislava
SI|Slovenia||Slovenian;Slovene;Slovenians|Ljubljana
ES|Spain||Spanish;Spaniards|Madrid;La Moncloa
SE|Sweden||Swedish;Swede;Swedes|Stockholm;Riksdag
CH|Switzerland||Swiss|Bern
GB|United Kingdom|UK;U.K.;Britain;Great Britain;United Kingdom of Great Britain and Northern Ireland|British;Briton;Britons;English|London;Downing Street;Number 10;No. 10;No 10;Whitehall;Royal Navy;Royal Air Force;RAF;British Army
TR|Türkiye|Turkey;Turkiye;Republic of Turkey|Turkish;Turks|Ankara
UA|Ukraine||Ukrainian;Ukrainians|Kyiv;Kiev
RU|Russia|Russian Federation|Russian;Russians|Moscow;the Kremlin;Kremlin
BY|Belarus||Belarusian;Belarusians;Belarussian|Minsk
MD|Moldova|Republic of Moldova|Moldovan;Moldovans|Chisinau;Chișinău
GE|Georgia||Georgian;Georgians|Tbilisi
RS|Serbia||Serbian;Serbs|Belgrade
BA|Bosnia and Herzegovina|Bosnia|Bosnian|Sarajevo
XK|Kosovo||Kosovar|Pristina;Assembly of the Republic of Kosovo
AM|Armenia||Armenian|Yerevan
AZ|Azerbaijan||Azerbaijani|Baku
US|United States|US;U.S.;USA;U.S.A.;United States of America;America|American;Americans|Washington;White House;the White House;Pentagon;the Pentagon;State Department;the State Department;Capitol Hill
CA|Canada||Canadian;Canadians|Ottawa
AU|Australia||Australian;Australians|Canberra
NZ|New Zealand||New Zealander;New Zealanders;Kiwi;Kiwis|Wellington
JP|Japan||Japanese|Tokyo
KR|South Korea|Republic of Korea|South Korean;South Koreans|Seoul
KP|North Korea|DPRK|North Korean;North Koreans|Pyongyang
CN|China|People's Republic of China|Chinese|Beijing
IN|India||Indian|New Delhi
BR|Brazil||Brazilian;Brazilians|Brasilia;Brasília
IR|Iran||Iranian;Iranians|Tehran
IL|Israel||Israeli;Israelis|
SA|Saudi Arabia||Saudi;Saudis|Riyadh
QA|Qatar||Qatari|Doha
AE|United Arab Emirates|UAE|Emirati|Abu Dhabi
EG|Egypt||Egyptian|Cairo
ZA|South Africa||South African|Pretoria
MX|Mexico||Mexican|Mexico City
AR|Argentina||Argentine;Argentinian|Buenos Aires
SG|Singapore||Singaporean|
ID|Indonesia||Indonesian|Jakarta
PK|Pakistan||Pakistani|Islamabad
KZ|Kazakhstan||Kazakh|Astana
VA|Holy See|Vatican|Vatican|Vatican City
LI|Liechtenstein|||Vaduz
MC|Monaco|||
SM|San Marino|||
AD|Andorra|||
JO|Jordan||Jordanian|Amman
TD|Chad||Chadian|N'Djamena
EU|European Union|EU;E.U.;European Commission;the Commission;European Council;Council of the EU;EU Council||Brussels;Berlaymont
NATO|NATO|Nato;North Atlantic Treaty Organization;North Atlantic Alliance;the Atlantic alliance||NATO headquarters;SHAPE
"""

# Names never matched in running text (too ambiguous) although their line keeps them for resolve().
UNMATCHED_NAMES: Final = frozenset({"Jordan", "Chad", "the Commission", "English"})

# Groups that stand for several actors at once.
GROUPS: Final = {
    "Baltic states": ("EE", "LV", "LT"),
    "Baltic countries": ("EE", "LV", "LT"),
    "Baltic nations": ("EE", "LV", "LT"),
    "the Baltics": ("EE", "LV", "LT"),
    "three Baltic states": ("EE", "LV", "LT"),
    "Nordic countries": ("DK", "FI", "IS", "NO", "SE"),
    "Nordic states": ("DK", "FI", "IS", "NO", "SE"),
    "Benelux countries": ("BE", "NL", "LU"),
}

# News outlets: a mention inside one is not an actor ("the Washington Post", "the Moscow Times").
OUTLETS: Final = (
    "Washington Post", "New York Times", "Wall Street Journal", "Financial Times", "The Times", "Times of London",
    "Sunday Times", "Guardian", "Observer", "Telegraph", "Daily Mail", "The Economist", "Economist", "Reuters",
    "Associated Press", "AP", "AFP", "Agence France-Presse", "Bloomberg", "Politico", "Axios", "CNN", "BBC",
    "Sky News", "CBC", "ABC", "NHK", "Kyodo", "Nikkei", "Japan Times", "Kyiv Independent", "Kyiv Post",
    "Ukrainska Pravda", "Moscow Times", "TASS", "RIA Novosti", "Interfax", "Kommersant", "Izvestia", "Le Monde",
    "Le Figaro", "Le Parisien", "Libération", "Liberation", "Der Spiegel", "Spiegel", "Die Welt", "Bild",
    "Frankfurter Allgemeine", "FAZ", "Süddeutsche Zeitung", "Corriere della Sera", "La Repubblica", "El País",
    "El Pais", "Rzeczpospolita", "Gazeta Wyborcza", "Irish Times", "Sydney Morning Herald", "The Australian",
    "Globe and Mail", "Toronto Star", "Helsingin Sanomat", "Dagens Nyheter", "Aftenposten", "Hurriyet",
    "Hürriyet", "Euronews", "Deutsche Welle", "DW", "Xinhua", "Global Times", "Al Jazeera", "Fox News", "NBC",
    "CBS", "The Hill", "Newsweek", "Yomiuri", "Asahi", "Dagens Industri", "Berlingske", "Politiken", "Ekathimerini",
    "Novaya Gazeta", "Meduza", "RBC", "Defense News", "Breaking Defense",
)

# Names of the force itself: the country in them is no actor ("Multinational Force Ukraine").
FORCE_NAMES: Final = ("Multinational Force Ukraine", "Multinational Force-Ukraine", "Multinational Force for Ukraine")

# Seats that often name a meeting place rather than an actor; also used to find event places.
EXTRA_PLACES: Final = (
    "Lancaster House", "Munich", "Geneva", "Istanbul", "Rzeszow", "Rzeszów", "Davos", "Jeddah", "Riyadh",
    "Anchorage", "Alaska", "Odesa", "Odessa", "Lviv", "Kharkiv", "Dnipro", "Zaporizhzhia", "Ramstein", "Northwood",
    "Mons", "Strasbourg", "Versailles", "Chequers", "Normandy", "Aachen", "Hamburg", "Frankfurt", "Milan",
    "Krakow", "Kraków", "Gdansk", "Constanta", "Constanța", "Sharm el-Sheikh", "Abu Dhabi", "Doha", "The Hague",
    "Copenhagen", "Tirana", "Granada", "Vilnius", "Camp David", "Mar-a-Lago", "Bürgenstock", "Kananaskis",
)

# Seats shared by two actors: "Brussels" is the EU, unless the paragraph is about Belgium ("Belgium
# offered two minehunters ... Brussels is still weighing whether to add paratroopers").
SHARED_SEATS: Final = {"Brussels": "BE"}

# Non-pledging actors: what they say is a Statement, never a Fact.
NON_PLEDGERS: Final = frozenset({"RU", "BY", "KP", "IR", "CN"})
