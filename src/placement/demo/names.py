"""Word lists for fictional people and places. Family names are invented compounds (no real
family is meant); no list says anything about origin or nationality."""

from __future__ import annotations

GIVEN_NAMES = {
    "f": ["Anna", "Noor", "Sara", "Lotte", "Mila", "Julia", "Eva", "Lina", "Fenna", "Yara",
          "Isa", "Zoë", "Nora", "Emma", "Lieke", "Roos", "Amira", "Hanna", "Sofie", "Maud"],
    "m": ["Daan", "Sem", "Luuk", "Finn", "Milan", "Adam", "Bram", "Noah", "Jesse", "Ravi",
          "Thijs", "Youssef", "Lars", "Stijn", "Ilias", "Ties", "Jip", "Mats", "Owen", "Niek"],
    "x": ["Robin", "Sam", "Kim", "Charlie", "Alex", "Jo", "Micha", "Sascha", "Quinn", "Noa"],
}

# Syllables for invented family names such as "Van Rijnoord" or "Berkhout".
NAME_PREFIXES = ["Van ", "De ", "Ter ", "Ten ", "Van der ", "", "", ""]
NAME_STARTS = ["Rijn", "Wil", "Berk", "Hove", "Lin", "Esch", "Vel", "Dor", "Brem", "Hol",
               "Zand", "Mol", "Eik", "Beem", "Gaas", "Lek", "Vliet", "Kroon", "Ste", "Amer"]
NAME_ENDS = ["oord", "ink", "dam", "hout", "veld", "stede", "kamp", "horst", "wijk", "laar",
             "brugge", "hoven", "beek", "mond", "sloot", "weerd"]

HOME_NAMES = ["De Lindehof", "Het Klaverblad", "De Vlinder", "Het Anker", "De Boomgaard",
              "De Zonnebloem", "Het Kompas", "De Wilgenhoek", "Het Nest", "De Eikenlaan",
              "De Vuurtoren", "Het Koetshuis", "De Regenboog", "De Hoeve", "Het Veerhuis"]

SCHOOL_NAMES = ["De Wereldboom", "Het Palet", "De Kameleon", "Het Zonnewiel", "De Tweemaster",
                "De Kleine Prins", "Het Startpunt", "De Klimop", "Het Octaaf", "De Windroos",
                "De Sterrenkijker", "Het Vogelnest", "De Ontdekking", "Het Perspectief",
                "De Brug", "Het Atelier"]
SCHOOL_KIND_WORDS = {"primary": "Basisschool", "secondary": "College", "special": "SO/VSO"}

CLUB_ACTIVITIES = {"voetbal": "VV", "hockey": "MHC", "zwemmen": "ZV", "judo": "Judoclub",
                   "muziek": "Muziekschool", "scouting": "Scouting", "dans": "Dansstudio",
                   "tennis": "TV", "korfbal": "KV", "atletiek": "AV", "turnen": "Turnvereniging",
                   "theater": "Jeugdtheater"}
CLUB_NAMES = ["De Meeuwen", "Vooruit", "De Sprinters", "Oranje Wit", "De Bevers", "Het Podium",
              "Kwiek", "De Zwaluwen", "Sterk", "De Vliegers", "Samen Sterk", "De Otters"]

# Expressed wishes only: what a child or parents said they would like.
WISH_LANGUAGES = ["Arabisch", "Turks", "Pools", "Engels", "Tigrinya", "Papiaments", "Somalisch"]
WISH_RELIGIONS = ["christelijk", "islamitisch", "joods", "hindoeïstisch", "katholiek"]
WISH_FOOD = ["halal", "vegetarisch", "koosjer", "glutenvrij"]
CARER_LANGUAGES = WISH_LANGUAGES + ["Frans", "Duits", "Spaans"]

EXCLUSION_REASONS = ["Eerdere plaatsing voortijdig beëindigd",
                     "Conflict met gezin van herkomst",
                     "Eerder onderzoek naar veiligheid in dit gezin"]
