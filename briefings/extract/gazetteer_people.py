"""Leaders and ministers of the gazetteer: heads of state and government, defence and foreign ministers.

One line per actor: ``CODE: name; name; ...``. Full names and the bare surnames that are safe to
match alone (a surname that is also a common word or a country, like "Montenegro", "Martin", "Dan"
or "Pavel", is listed only with its first name). Common transliterations and misspellings seen in
machine-translated press ("Stamer", "Cristson", "Carras") are listed beside the right spelling.
The table is deliberately broad and a little historical (recent predecessors stay, since articles
recall what they said).
"""

from __future__ import annotations

from typing import Final

PEOPLE_TABLE: Final = """
GB: Keir Starmer; Starmer; Stamer; Starmor; John Healey; Healey; David Lammy; Lammy; Yvette Cooper; Rachel Reeves;
    Tony Radakin; Radakin; Rishi Sunak; Sunak; Boris Johnson; King Charles; Luke Pollard; Jonathan Powell;
    Kemi Badenoch; Badenoch; Grant Shapps
FR: Emmanuel Macron; Macron; Macrone; Sébastien Lecornu; Lecornu; Jean-Noël Barrot; Barrot; François Bayrou;
    Bayrou; Catherine Vautrin; Vautrin; Thierry Burkhard; Burkhard; Fabien Mandon; Mandon; Michel Barnier
DE: Friedrich Merz; Merz; Olaf Scholz; Scholz; Boris Pistorius; Pistorius; Johann Wadephul; Wadephul;
    Annalena Baerbock; Baerbock; Frank-Walter Steinmeier; Steinmeier; Lars Klingbeil; Klingbeil; Carsten Breuer
IT: Giorgia Meloni; Meloni; Guido Crosetto; Crosetto; Antonio Tajani; Tajani; Sergio Mattarella; Mattarella;
    Matteo Salvini; Salvini
ES: Pedro Sánchez; Sánchez; Sanchez; Margarita Robles; Robles; José Manuel Albares; Albares
PT: Luís Montenegro; Luis Montenegro; Nuno Melo; Paulo Rangel; Rangel; Marcelo Rebelo de Sousa; Rebelo de Sousa
NL: Dick Schoof; Schoof; Ruben Brekelmans; Brekelmans; Caspar Veldkamp; Veldkamp; David van Weel; Rob Jetten; Jetten
BE: Bart De Wever; De Wever; Theo Francken; Francken; Maxime Prévot; Prévot; Prevot; Alexander De Croo; De Croo
LU: Luc Frieden; Frieden; Xavier Bettel; Bettel; Yuriko Backes; Backes
IE: Micheál Martin; Micheal Martin; Simon Harris; Helen McEntee; McEntee; Leo Varadkar; Varadkar
AT: Christian Stocker; Stocker; Alexander Van der Bellen; Van der Bellen; Beate Meinl-Reisinger; Meinl-Reisinger;
    Klaudia Tanner; Karl Nehammer; Nehammer
GR: Kyriakos Mitsotakis; Mitsotakis; Nikos Dendias; Dendias; Giorgos Gerapetritis; Gerapetritis
CY: Nikos Christodoulides; Christodoulides
MT: Robert Abela; Abela
CZ: Petr Fiala; Fiala; Andrej Babiš; Babiš; Babis; Petr Pavel; Jan Lipavský; Lipavský; Lipavsky; Jana Černochová;
    Černochová; Cernochova
SK: Robert Fico; Fico; Peter Pellegrini; Pellegrini; Juraj Blanár; Blanár; Robert Kaliňák; Kaliňák
HU: Viktor Orbán; Orbán; Orban; Péter Szijjártó; Szijjártó; Szijjarto
RO: Marcel Ciolacu; Ciolacu; Ilie Bolojan; Bolojan; Klaus Iohannis; Iohannis; Nicușor Dan; Nicusor Dan;
    Ionuț Moșteanu; Moșteanu; Mosteanu; Oana Țoiu
BG: Rosen Zhelyazkov; Zhelyazkov; Rumen Radev; Radev
HR: Zoran Milanović; Milanović; Milanovic; Andrej Plenković; Plenković; Plenkovic; Ivan Anušić; Anušić; Anusic
SI: Robert Golob; Golob; Nataša Pirc Musar; Pirc Musar
DK: Mette Frederiksen; Frederiksen; Lars Løkke Rasmussen; Løkke Rasmussen; Lokke Rasmussen; Troels Lund Poulsen;
    Lund Poulsen
SE: Ulf Kristersson; Kristersson; Kristerson; Cristson; Kristerrson; Pål Jonson; Pal Jonson; Jonson;
    Maria Malmer Stenergard; Stenergard; Tobias Billström; Billström; Billstrom; Micael Bydén
FI: Alexander Stubb; Stubb; Petteri Orpo; Orpo; Elina Valtonen; Valtonen; Antti Häkkänen; Häkkänen; Hakkanen;
    Sauli Niinistö; Niinistö; Niinisto
NO: Jonas Gahr Støre; Gahr Støre; Støre; Gahr Store; Espen Barth Eide; Barth Eide; Tore O. Sandvik; Tore Sandvik;
    Sandvik; Bjørn Arild Gram
IS: Kristrún Frostadóttir; Frostadóttir; Þorgerður Katrín Gunnarsdóttir; Bjarni Benediktsson
EE: Kristen Michal; Michal; Alar Karis; Karis; Hanno Pevkur; Pevkur; Margus Tsahkna; Tsahkna
LV: Edgars Rinkēvičs; Rinkēvičs; Rinkevics; Evika Siliņa; Siliņa; Silina; Andris Sprūds; Sprūds; Spruds;
    Baiba Braže; Braže; Braze
LT: Gitanas Nausėda; Nausėda; Nauseda; Gintautas Paluckas; Paluckas; Inga Ruginienė; Ruginienė; Ruginiene;
    Dovilė Šakalienė; Šakalienė; Sakaliene; Kęstutis Budrys; Budrys; Robertas Kaunas
PL: Donald Tusk; Tusk; Andrzej Duda; Duda; Karol Nawrocki; Nawrocki; Władysław Kosiniak-Kamysz; Kosiniak-Kamysz;
    Radosław Sikorski; Radoslaw Sikorski; Sikorski
AL: Edi Rama; Rama
MK: Hristijan Mickoski; Mickoski
ME: Milojko Spajić; Spajić; Spajic
MD: Maia Sandu; Sandu
TR: Recep Tayyip Erdoğan; Erdoğan; Erdogan; Hakan Fidan; Fidan; Yaşar Güler; Güler; Guler
UA: Volodymyr Zelensky; Zelensky; Zelenskyy; Zelenskiy; Zelenskyi; Andrii Sybiha; Sybiha; Rustem Umerov; Umerov;
    Denys Shmyhal; Shmyhal; Andriy Yermak; Yermak; Yulia Svyrydenko; Svyrydenko; Oleksandr Syrskyi; Syrskyi;
    Dmytro Kuleba; Kuleba
RU: Vladimir Putin; Putin; Sergei Lavrov; Sergey Lavrov; Lavrov; Dmitry Peskov; Peskov; Dmitry Medvedev; Medvedev;
    Maria Zakharova; Zakharova; Sergei Shoigu; Shoigu; Andrei Belousov; Belousov; Yuri Ushakov; Ushakov;
    Kirill Dmitriev; Vasily Nebenzia; Nebenzia; Valery Gerasimov; Gerasimov; Sergei Ryabkov; Ryabkov;
    Alexander Grushko; Grushko
BY: Alexander Lukashenko; Lukashenko
US: Donald Trump; Trump; JD Vance; J.D. Vance; Vance; Marco Rubio; Rubio; Pete Hegseth; Hegseth; Steve Witkoff;
    Witkoff; Keith Kellogg; Kellogg; Mike Waltz; Waltz; Joe Biden; Biden; Antony Blinken; Blinken; Lloyd Austin;
    Dan Driscoll; Driscoll; Matthew Whitaker; Whitaker
CA: Mark Carney; Carney; Justin Trudeau; Trudeau; Mélanie Joly; Melanie Joly; Joly; Anita Anand; David McGuinty;
    McGuinty; Bill Blair
AU: Anthony Albanese; Albanese; Richard Marles; Marles; Penny Wong; Peter Dutton; Dutton
NZ: Christopher Luxon; Luxon; Winston Peters; Judith Collins
JP: Shigeru Ishiba; Ishiba; Sanae Takaichi; Takaichi; Fumio Kishida; Kishida; Takeshi Iwaya; Iwaya; Gen Nakatani;
    Nakatani; Toshimitsu Motegi; Motegi; Shinjiro Koizumi
CN: Xi Jinping; Wang Yi
EU: Ursula von der Leyen; von der Leyen; Von der Leyen; Kaja Kallas; Kallas; Carras; António Costa; Antonio Costa;
    Costa; Andrius Kubilius; Kubilius; Josep Borrell; Borrell
NATO: Mark Rutte; Rutte; Alexus Grynkewich; Grynkewich
"""

# Office words: a demonym or country name followed or preceded by one of these names an official.
OFFICE_WORDS: Final = (
    "prime minister", "president", "chancellor", "premier", "taoiseach", "foreign minister", "defence minister",
    "defense minister", "defence secretary", "defense secretary", "foreign secretary", "secretary of state",
    "minister", "ministry", "government", "cabinet", "officials", "official", "spokesman", "spokeswoman",
    "spokesperson", "embassy", "ambassador", "army", "navy", "air force", "armed forces", "military",
    "chief of defence", "chief of staff", "parliament", "king", "queen", "side", "authorities", "leadership",
    "diplomats", "diplomat", "envoy", "delegation", "foreign ministry", "defence ministry", "defense ministry",
)
