"""The fictional raw material of the demo: industries, name parts, people's names, texts.

Everything here is invented. Company names combine invented surnames and fantasy words with a legal form;
every website and email lives under the reserved `.example` top-level domain (RFC 2606), so nothing can be
mistaken for (or reach) a real business or person. Occupations and Berufsfelder come from the reference data.
"""

# Industries: what a company does decides its Berufsfelder, occupations, dual study programmes and the
# topics of its career-field days and internships. Together they cover all 16 KAoA Berufsfelder.
# topics: (area shown in titles, Berufsfeld codes of that area)
INDUSTRIES: list[dict] = [
    {
        "key": "it", "industry": "IT-Dienstleistungen und Softwareentwicklung",
        "names": ["{s} Software GmbH", "Datenwerk {p} GmbH", "{s} & {s2} IT-Service GmbH"],
        "berufsfelder": ["ITC", "WIVE", "ME"],
        "occupations": ["fachinformatiker", "kaufmann-fuer-it-system-management",
                        "kaufmann-fuer-digitalisierungsmanagement", "it-system-elektroniker"],
        "dual": [("Informatik (B.Sc.)", ["ITC"]), ("Wirtschaftsinformatik (B.Sc.)", ["ITC", "WIVE"])],
        "topics": [("Softwareentwicklung", ["ITC"]), ("IT-Support und Netzwerke", ["ITC", "TEC"]),
                   ("Webdesign und Apps", ["ITC", "ME"])],
        "work": "entwickeln Software für Handwerksbetriebe, Praxen und Verwaltungen",
    },
    {
        "key": "elektro", "industry": "Elektro- und Gebäudetechnik",
        "names": ["Elektro {s} GmbH", "{s} Gebäudetechnik GmbH & Co. KG", "Lichtwerk {p} GmbH"],
        "berufsfelder": ["EL", "TEC", "BAV"],
        "occupations": ["elektroniker-fuer-gebaeude-und-infrastruktursysteme", "elektroniker",
                        "anlagenmechaniker-fuer-sanitaer-heizungs-und-klimatechnik", "technischer-systemplaner"],
        "dual": [("Elektrotechnik (B.Eng.)", ["EL", "TEC"])],
        "topics": [("Elektroinstallation", ["EL"]), ("Solar- und Energietechnik", ["EL", "TEC"]),
                   ("Smart Home", ["EL", "ITC"])],
        "work": "planen und installieren Elektro-, Solar- und Heizungstechnik in Wohn- und Bürogebäuden",
    },
    {
        "key": "metall", "industry": "Metall- und Maschinenbau",
        "names": ["{s} Maschinenbau GmbH", "{p} Präzisionstechnik GmbH", "{s} Stahl- und Anlagenbau KG"],
        "berufsfelder": ["M", "PRFE", "TEC"],
        "occupations": ["industriemechaniker", "zerspanungsmechaniker", "konstruktionsmechaniker", "mechatroniker",
                        "technischer-produktdesigner", "industriekaufmann"],
        "dual": [("Maschinenbau (B.Eng.)", ["M", "TEC"]), ("Mechatronik (B.Eng.)", ["M", "EL"])],
        "topics": [("Metallbearbeitung", ["M", "PRFE"]), ("CNC-Technik", ["M", "TEC"]),
                   ("Konstruktion und CAD", ["TEC", "M"])],
        "work": "bauen Sondermaschinen und Förderanlagen für Kunden in ganz Europa",
    },
    {
        "key": "bau", "industry": "Bauunternehmen",
        "names": ["{s} Bau GmbH", "Bauunternehmung {s} GmbH & Co. KG", "{p} Hoch- und Tiefbau GmbH"],
        "berufsfelder": ["BAV", "TEC", "VL"],
        "occupations": ["maurer", "zimmerer", "beton-und-stahlbetonbauer", "strassenbauer",
                        "bautechnischer-konstrukteur", "vermessungstechniker", "dachdecker"],
        "dual": [("Bauingenieurwesen (B.Eng.)", ["BAV", "TEC"])],
        "topics": [("Hochbau", ["BAV"]), ("Vermessung und Bauplanung", ["BAV", "TEC"]),
                   ("Straßenbau", ["BAV", "VL"])],
        "work": "bauen Wohnhäuser, Schulen und Straßen im Ruhrgebiet",
    },
    {
        "key": "handwerk", "industry": "Ausbauhandwerk (Tischlerei, Malerbetrieb, Raumausstattung)",
        "names": ["Tischlerei {s}", "Malerbetrieb {s} GmbH", "{s} Raum & Farbe GmbH"],
        "berufsfelder": ["BAV", "KKG", "PRFE"],
        "occupations": ["tischler", "maler-und-lackierer", "raumausstatter", "stuckateur"],
        "dual": [],
        "topics": [("Holzwerkstatt", ["PRFE", "KKG"]), ("Farbe und Gestaltung", ["KKG", "BAV"]),
                   ("Innenausbau", ["BAV", "PRFE"])],
        "work": "fertigen Möbel nach Maß und gestalten Wohnungen, Praxen und Läden",
    },
    {
        "key": "gesundheit", "industry": "Gesundheitswesen (Praxen, Apotheke, Medizintechnik)",
        "names": ["Praxisgemeinschaft {s} & {s2}", "{p}-Apotheke e.K.", "{s} Medizintechnik GmbH"],
        "berufsfelder": ["G", "WIVE", "N"],
        "occupations": ["medizinischer-fachangestellter", "zahnmedizinischer-fachangestellter",
                        "kaufmann-im-gesundheitswesen", "pharmazeutisch-kaufmaennischer-angestellter",
                        "orthopaedietechnik-mechaniker"],
        "dual": [("Gesundheitsmanagement (B.A.)", ["G", "WIVE"]), ("Pflege (B.Sc.)", ["G", "SP"])],
        "topics": [("Arztpraxis", ["G"]), ("Apotheke und Labor", ["G", "N"]),
                   ("Praxisorganisation", ["G", "WIVE"])],
        "work": "versorgen Patientinnen und Patienten im Stadtteil",
        "infection": True,
    },
    {
        "key": "sozial", "industry": "Soziale Arbeit, Kinderbetreuung und Pflege",
        "names": ["Kita-Verbund {p} gGmbH", "Jugendhilfe {p} e.V.", "Pflegedienst {s} gGmbH"],
        "berufsfelder": ["SP", "G", "GESGE"],
        "occupations": ["hauswirtschafter", "kaufmann-fuer-bueromanagement", "sozialversicherungsfachangestellter"],
        "dual": [("Soziale Arbeit (B.A.)", ["SP", "GESGE"]), ("Kindheitspädagogik (B.A.)", ["SP"])],
        "topics": [("Kita-Alltag", ["SP"]), ("Offene Jugendarbeit", ["SP", "GESGE"]),
                   ("Pflege und Betreuung", ["G", "SP"])],
        "work": "betreuen Kinder, Jugendliche und ältere Menschen in mehreren Einrichtungen",
        "infection": True, "police": True,
    },
    {
        "key": "logistik", "industry": "Logistik und Spedition",
        "names": ["{s} Logistik GmbH", "Spedition {s} GmbH & Co. KG", "{p} Cargo GmbH"],
        "berufsfelder": ["VL", "WIVE", "TEC"],
        "occupations": ["fachkraft-fuer-lagerlogistik", "fachlagerist", "berufskraftfahrer",
                        "kaufmann-fuer-spedition-und-logistikdienstleistung"],
        "dual": [("Logistikmanagement (B.A.)", ["VL", "WIVE"])],
        "topics": [("Lager und Versand", ["VL"]), ("Disposition und Tourenplanung", ["VL", "WIVE"]),
                   ("Fuhrpark und Technik", ["VL", "TEC"])],
        "work": "bewegen jeden Tag Tausende Sendungen zwischen Hafen, Autobahn und Kundschaft",
    },
    {
        "key": "handel", "industry": "Groß- und Einzelhandel",
        "names": ["{s} Handelshaus GmbH", "Kaufhaus {s} KG", "{p} Fachmarkt GmbH"],
        "berufsfelder": ["WIVE", "D", "ITC"],
        "occupations": ["kaufmann-im-einzelhandel", "verkaeufer", "kaufmann-im-e-commerce",
                        "kaufmann-fuer-gross-und-aussenhandelsmanagement"],
        "dual": [("BWL – Handel (B.A.)", ["WIVE"])],
        "topics": [("Verkauf und Beratung", ["D", "WIVE"]), ("Onlinehandel", ["WIVE", "ITC"]),
                   ("Einkauf und Warenwirtschaft", ["WIVE"])],
        "work": "beraten Kundinnen und Kunden im Laden und im eigenen Onlineshop",
    },
    {
        "key": "gastro", "industry": "Hotellerie und Gastronomie",
        "names": ["Hotel {p}", "Gasthaus {s}", "{p} Event-Gastronomie GmbH"],
        "berufsfelder": ["D", "WIVE"],
        "occupations": ["koch", "hotelfachmann", "fachmann-fuer-restaurants-und-veranstaltungsgastronomie",
                        "kaufmann-fuer-hotelmanagement"],
        "dual": [("Hotelmanagement (B.A.)", ["D", "WIVE"])],
        "topics": [("Küche", ["D"]), ("Hotel und Rezeption", ["D", "WIVE"]), ("Service und Events", ["D"])],
        "work": "bewirten Gäste im Restaurant, im Hotel und auf Veranstaltungen",
        "infection": True,
    },
    {
        "key": "medien", "industry": "Medien, Werbung und Design",
        "names": ["{p} Medienhaus GmbH", "Agentur {s} & {s2}", "{s} Film & Foto GmbH"],
        "berufsfelder": ["ME", "KKG", "ITC"],
        "occupations": ["mediengestalter-digital-und-print", "mediengestalter-bild-und-ton",
                        "kaufmann-fuer-marketingkommunikation", "fotograf"],
        "dual": [("Medieninformatik (B.Sc.)", ["ME", "ITC"])],
        "topics": [("Grafikdesign", ["KKG", "ME"]), ("Video und Social Media", ["ME"]),
                   ("Fotografie", ["KKG", "ME"])],
        "work": "gestalten Kampagnen, Filme und Websites für Vereine, Kultur und Mittelstand",
    },
    {
        "key": "labor", "industry": "Chemie, Labor und Analytik",
        "names": ["{s} Analytik GmbH", "{p} Labor GmbH", "{s} Chemie GmbH & Co. KG"],
        "berufsfelder": ["N", "PRFE", "LANAUM"],
        "occupations": ["chemielaborant", "biologielaborant", "chemikant", "lacklaborant", "physiklaborant"],
        "dual": [("Chemieingenieurwesen (B.Eng.)", ["N", "TEC"])],
        "topics": [("Chemielabor", ["N"]), ("Umweltanalytik", ["N", "LANAUM"]), ("Produktion", ["PRFE", "N"])],
        "work": "untersuchen Wasser-, Boden- und Materialproben und entwickeln Lacke",
    },
    {
        "key": "umwelt", "industry": "Garten- und Landschaftsbau, Umwelt und Entsorgung",
        "names": ["{s} Garten- und Landschaftsbau", "Grünwerk {p} GmbH", "{p} Umweltdienste GmbH"],
        "berufsfelder": ["LANAUM", "BAV", "TEC"],
        "occupations": ["gaertner", "umwelttechnologe-fuer-kreislauf-und-abfallwirtschaft",
                        "umwelttechnologe-fuer-wasserversorgung", "fachkraft-fuer-wasserwirtschaft"],
        "dual": [("Umweltingenieurwesen (B.Eng.)", ["LANAUM", "TEC"])],
        "topics": [("Garten- und Landschaftsbau", ["LANAUM", "BAV"]), ("Recycling", ["LANAUM", "TEC"]),
                   ("Wasser und Natur", ["LANAUM", "N"])],
        "work": "legen Gärten und Parks an und kümmern uns um Wasser und Wertstoffe",
    },
    {
        "key": "kanzlei", "industry": "Recht, Steuern und Verwaltung",
        "names": ["Kanzlei {s} & {s2}", "Steuerberatung {s} PartG", "{p} Notariat"],
        "berufsfelder": ["GESGE", "WIVE"],
        "occupations": ["rechtsanwaltsfachangestellter", "steuerfachangestellter", "notarfachangestellter",
                        "kaufmann-fuer-bueromanagement"],
        "dual": [("Wirtschaftsrecht (LL.B.)", ["GESGE", "WIVE"])],
        "topics": [("Kanzleialltag", ["GESGE", "WIVE"]), ("Steuern und Zahlen", ["WIVE"]),
                   ("Recht verstehen", ["GESGE"])],
        "work": "beraten Familien, Vereine und Unternehmen in Rechts- und Steuerfragen",
    },
    {
        "key": "finanz", "industry": "Banken, Versicherungen und Immobilien",
        "names": ["{p} Bank eG", "{s} Versicherungsmakler GmbH", "{s} Immobilien GmbH"],
        "berufsfelder": ["WIVE", "D"],
        "occupations": ["bankkaufmann", "kaufmann-fuer-versicherungen-und-finanzanlagen", "immobilienkaufmann"],
        "dual": [("BWL – Banking und Finance (B.A.)", ["WIVE"])],
        "topics": [("Kundenberatung", ["WIVE", "D"]), ("Rund ums Geld", ["WIVE"])],
        "work": "beraten Menschen im Stadtteil zu Konto, Vorsorge und Wohnen",
    },
    {
        "key": "kfz", "industry": "Kfz-Werkstatt und Autohaus",
        "names": ["Autohaus {s} GmbH", "Kfz-Technik {s}", "{p} Zweirad GmbH"],
        "berufsfelder": ["M", "EL", "VL", "TEC"],
        "occupations": ["kraftfahrzeugmechatroniker", "karosserie-und-fahrzeugbaumechaniker", "fahrzeuglackierer",
                        "automobilkaufmann", "zweiradmechatroniker"],
        "dual": [("Fahrzeugtechnik (B.Eng.)", ["M", "TEC"])],
        "topics": [("Kfz-Werkstatt", ["M", "EL"]), ("E-Mobilität", ["EL", "TEC", "VL"]),
                   ("Autohaus und Verkauf", ["WIVE", "VL"])],
        "work": "warten und reparieren Autos, E-Bikes und Transporter aller Marken",
    },
    {
        "key": "lebensmittel", "industry": "Lebensmittelhandwerk und -produktion",
        "names": ["Bäckerei {s}", "{p} Brauhaus GmbH", "Konditorei {s}"],
        "berufsfelder": ["PRFE", "D", "N"],
        "occupations": ["baecker", "konditor", "brauer-und-maelzer", "fachkraft-fuer-lebensmitteltechnik",
                        "fachverkaeufer-im-lebensmittelhandwerk"],
        "dual": [("Lebensmitteltechnologie (B.Sc.)", ["PRFE", "N"])],
        "topics": [("Backstube", ["PRFE", "D"]), ("Brauerei und Produktion", ["PRFE", "N"]),
                   ("Verkauf im Fachgeschäft", ["D"])],
        "work": "backen, brauen und verkaufen in unseren Filialen im Dortmunder Süden und Norden",
        "infection": True,
    },
    {
        "key": "kultur", "industry": "Kultur, Veranstaltungen und Bibliotheken",
        "names": ["Kulturhaus {p} gGmbH", "{p} Veranstaltungstechnik GmbH", "Stadtteilbibliothek {p} e.V."],
        "berufsfelder": ["KKG", "GESGE", "ME", "EL"],
        "occupations": ["fachkraft-fuer-veranstaltungstechnik", "fachangestellter-fuer-medien-und-informationsdienste",
                        "veranstaltungskaufmann", "maskenbildner"],
        "dual": [("Kulturmanagement (B.A.)", ["KKG", "GESGE"])],
        "topics": [("Bühne und Veranstaltungstechnik", ["KKG", "EL"]), ("Bibliothek und Archiv", ["GESGE", "ME"]),
                   ("Kulturvermittlung", ["KKG", "GESGE"])],
        "work": "machen Theater, Konzerte und Lesungen für alle Generationen",
    },
]

# Invented surnames (plausible in Westphalia, no brands) and fantasy place words for company names.
SURNAMES = [
    "Wendelkamp", "Ostbrink", "Hollerbeck", "Kleinehagen", "Sudbrock", "Tiemeyer", "Overkamp", "Brüggenthal",
    "Lindemeyer", "Hasselkotte", "Wiesenkamp", "Möllenbrink", "Schürholt", "Drevermann", "Kortebusch",
    "Vennemann", "Heitkötter", "Ellerbrock", "Ringelhoff", "Pöppelbaum", "Stockebrand", "Bockholt", "Twiehaus",
    "Asbeckmann", "Niederhagen", "Fahrenhorst", "Großekemper", "Luckemeyer", "Uphues", "Wellinghoff",
    "Rüschkamp", "Tenbrink", "Schlüterkamp", "Hülsmeyer", "Bredenbeck", "Krampholt", "Beispielmann",
    "Musterkamp", "Exempelhoff", "Probsthagen",
]
PLACE_WORDS = [
    "Emschertal", "Kanalblick", "Zechenhof", "Westfalenbogen", "Borsigtal", "Hellwegfeld", "Kohlenkamp",
    "Rotbuche", "Lindenhof", "Nordlicht", "Sonnenhang", "Brückenkopf", "Grubenwald", "Hafenkante",
    "Gleisdreieck", "Schlägelberg", "Ruhrbogen", "Kastanienhof", "Beispielfeld", "Musterberg",
]
STREET_WORDS = [
    "Amselweg", "Lindenstraße", "Am Kanalufer", "Zechenweg", "Beispielstraße", "Musterallee", "Hafenstieg",
    "Birkenweg", "Am Förderturm", "Gleisweg", "Ahornstraße", "Werkstraße", "Im Grünen Winkel", "Schachtstraße",
    "Kastanienallee", "Am Hellweg-Bogen", "Handwerkerhof", "Brunnenweg",
]
FIRST_NAMES_F = [
    "Lena", "Mia", "Emilia", "Hannah", "Sofia", "Leonie", "Elif", "Amira", "Marie", "Lea", "Zeynep", "Nele",
    "Alina", "Paula", "Ida", "Merve", "Johanna", "Clara", "Lina", "Maja",
]
FIRST_NAMES_M = [
    "Ben", "Noah", "Paul", "Elias", "Luca", "Emil", "Yusuf", "Jonas", "Finn", "Mats", "Can", "Leon", "Milan",
    "Tim", "Ali", "Jannik", "Theo", "Mohammed", "Niklas", "Lukas",
]
ADULT_FIRST_NAMES = [
    "Sabine", "Andrea", "Claudia", "Petra", "Nicole", "Ayşe", "Katrin", "Stefanie", "Birgit", "Fatma",
    "Thomas", "Michael", "Andreas", "Frank", "Markus", "Stefan", "Dirk", "Mehmet", "Jörg", "Oliver",
]
POSITIONS = ["Ausbildungsleitung", "Personalreferent*in", "Geschäftsführung", "Praktikumsbetreuung"]

STUDENT_MESSAGES = [
    "Hallo, ich interessiere mich sehr für {area} und würde gerne bei Ihnen reinschnuppern. "
    "In meiner Freizeit {hobby}. Über eine Rückmeldung freue ich mich!",
    "Sehr geehrte Damen und Herren, ich bewerbe mich um den Platz „{title}“. "
    "Ich bin zuverlässig, arbeite gern im Team und {hobby}. Viele Grüße",
    "Guten Tag, meine Lehrerin hat mir Ihr Angebot empfohlen. Ich möchte herausfinden, ob {area} "
    "etwas für mich ist. In meiner Freizeit {hobby}.",
]
HOBBIES = [
    "baue ich gern Dinge mit meinen Händen", "programmiere ich kleine Spiele", "helfe ich im Sportverein mit",
    "fotografiere ich viel", "koche ich gern für meine Familie", "repariere ich Fahrräder",
    "kümmere ich mich um unsere Haustiere", "spiele ich in einer Theatergruppe",
]
# The reasons a company picks from when it declines (the same wording as seekers.services.DECLINE_REASONS).
DECLINE_REASONS = {
    "seats_taken": "Leider sind alle Plätze schon vergeben.",
    "profile": "Dein Profil passt diesmal nicht zu den Anforderungen dieses Platzes.",
    "dates": "Der Zeitraum passt leider nicht zu unserer Planung.",
    "other": "Wir haben uns für andere Bewerbungen entschieden. Wir wünschen dir viel Erfolg!",
}
