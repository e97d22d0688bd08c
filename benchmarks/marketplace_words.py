"""The words of the marketplace benchmark: countries and cities, per listing kind its CPV subtree, units and
English and German words, and the listing searches an SME would type with them (`bench_marketplace`,
`bench_matching`)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from marketplace.models import CapacityUnit, ListingKind

COUNTRIES = {
    "DE": ["Bremerhaven", "Hamburg", "Munich", "Koblenz", "Leipzig"],
    "FR": ["Toulon", "Lyon", "Brest", "Metz"],
    "NL": ["Rotterdam", "Eindhoven", "Den Helder"],
    "BE": ["Antwerp", "Zeebrugge", "Liège"],
    "PL": ["Gdańsk", "Poznań", "Rzeszów", "Warsaw"],
    "CZ": ["Ostrava", "Brno", "Pilsen"],
    "AT": ["Linz", "Graz"],
    "DK": ["Esbjerg", "Aarhus"],
    "SE": ["Gothenburg", "Karlskrona"],
    "FI": ["Kotka", "Tampere"],
    "EE": ["Tallinn", "Tapa"],
    "LV": ["Riga", "Ādaži"],
    "LT": ["Klaipėda", "Kaunas"],
    "IT": ["Livorno", "Taranto", "Turin"],
    "ES": ["Rota", "Valencia", "Zaragoza"],
    "PT": ["Lisbon", "Porto"],
    "RO": ["Constanța", "Cincu"],
    "BG": ["Varna", "Burgas"],
    "SK": ["Košice", "Žilina"],
    "SI": ["Koper"],
    "HR": ["Rijeka", "Split"],
    "HU": ["Győr", "Debrecen"],
    "GR": ["Alexandroupoli", "Piraeus"],
    "LU": ["Bettembourg"],
    "IE": ["Cork"],
}

# Per kind: the CPV subtree its codes come from, its units, and words in English and German that appear in
# titles and descriptions (and so in the benchmark's full-text queries).
KINDS: dict[str, dict[str, Any]] = {
    ListingKind.ROAD_TRANSPORT: {
        "cpv": "60100000",
        "units": [CapacityUnit.TRUCKS_PER_DAY, CapacityUnit.VEHICLES],
        "en": ["truck", "haulage", "trailer", "convoy", "lorry"],
        "de": ["Lkw", "Spedition", "Sattelzug", "Schwertransport", "Straßentransport"],
    },
    ListingKind.RAIL_TRANSPORT: {
        "cpv": "60200000",
        "units": [CapacityUnit.TONNES],
        "en": ["railway", "wagon", "flatcar", "locomotive"],
        "de": ["Bahntransport", "Güterwagen", "Flachwagen", "Lokomotive"],
    },
    ListingKind.INLAND_WATER_TRANSPORT: {
        "cpv": "60600000",
        "units": [CapacityUnit.TEU, CapacityUnit.TONNES],
        "en": ["barge", "waterway", "river", "pusher"],
        "de": ["Binnenschiff", "Schubverband", "Flusstransport", "Hafen"],
    },
    ListingKind.SEA_TRANSPORT: {
        "cpv": "60600000",
        "units": [CapacityUnit.TEU],
        "en": ["vessel", "ro-ro", "shipping", "charter"],
        "de": ["Seefracht", "Schiff", "Containerschiff", "Reederei"],
    },
    ListingKind.AIR_TRANSPORT: {
        "cpv": "60400000",
        "units": [CapacityUnit.TONNES],
        "en": ["aircraft", "helicopter", "airlift", "cargo"],
        "de": ["Luftfracht", "Flugzeug", "Hubschrauber", "Lufttransport"],
    },
    ListingKind.STORAGE: {
        "cpv": "63120000",
        "units": [CapacityUnit.SQUARE_METRES, CapacityUnit.PALLET_PLACES],
        "en": ["warehouse", "storage", "pallet", "depot", "hangar"],
        "de": ["Lager", "Kühllager", "Lagerhalle", "Palettenstellplätze", "Depot"],
    },
    ListingKind.TRANSSHIPMENT: {
        "cpv": "63110000",
        "units": [CapacityUnit.TEU],
        "en": ["transshipment", "terminal", "crane", "handling"],
        "de": ["Umschlag", "Containerterminal", "Kran", "Güterumschlag"],
    },
    ListingKind.MAINTENANCE: {
        "cpv": "50000000",
        "units": [CapacityUnit.MACHINE_HOURS, CapacityUnit.PERSON_DAYS],
        "en": ["maintenance", "repair", "overhaul", "workshop"],
        "de": ["Wartung", "Instandsetzung", "Werkstatt", "Ersatzteile"],
    },
    ListingKind.MANUFACTURING: {
        "cpv": "35000000",
        "units": [CapacityUnit.MACHINE_HOURS, CapacityUnit.UNITS],
        "en": ["machining", "welding", "milling", "assembly"],
        "de": ["Fertigung", "Schweißen", "Fräsen", "Montage"],
    },
    ListingKind.SECURITY: {
        "cpv": "79710000",
        "units": [CapacityUnit.PERSON_DAYS],
        "en": ["guarding", "security", "protection", "escort"],
        "de": ["Bewachung", "Sicherheitsdienst", "Objektschutz", "Begleitschutz"],
    },
    ListingKind.IT_CYBER: {
        "cpv": "72000000",
        "units": [CapacityUnit.PERSON_DAYS],
        "en": ["cyber", "penetration", "network", "software"],
        "de": ["Cybersicherheit", "Penetrationstest", "Netzwerkbetrieb", "Rechenzentrum"],
    },
    ListingKind.OTHER: {
        "cpv": "79000000",
        "units": [CapacityUnit.PERSON_DAYS, CapacityUnit.UNITS],
        "en": ["consulting", "training", "translation", "catering"],
        "de": ["Beratung", "Schulung", "Übersetzung", "Verpflegung"],
    },
}
QUALIFIERS = {
    "en": [
        "available at short notice",
        "secured site",
        "24/7 operation",
        "certified to AQAP 2110",
        "cleared staff",
        "NATO experience",
    ],
    "de": [
        "kurzfristig verfügbar",
        "gesichertes Gelände",
        "Betrieb rund um die Uhr",
        "zertifiziert nach AQAP 2110",
        "sicherheitsüberprüftes Personal",
        "NATO-Erfahrung",
    ],
}
PURPOSES = [
    "exercise material",
    "a brigade rotation",
    "an ammunition depot",
    "a field hospital",
    "host-nation support",
    "pre-positioned stock",
]
SME_NAMES = [
    "Nordlogistik",
    "Baltic Freight",
    "Alpen Technik",
    "Iberia Defence Services",
    "Vistula Cargo",
    "Danube Systems",
    "Atlantic Marine",
    "Carpathia Works",
    "Rhein Instandsetzung",
    "Hanse Security",
]


def search_queries(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Listing searches as an SME would type them: a word (English or German) that occurs in the data, the CPV
    subtree of the kind, and an availability period within the next months."""
    rng = random.Random(seed)  # noqa: S311
    today = timezone.localdate()
    queries = []
    for n in range(count):
        kind = rng.choice(list(KINDS))
        spec = KINDS[kind]
        start = today + timedelta(days=rng.randint(0, 180))
        queries.append(
            {
                "query": rng.choice(spec["en" if n % 2 else "de"]),
                "cpv": spec["cpv"],
                "available_from": start,
                "available_until": start + timedelta(days=rng.randint(7, 60)),
            }
        )
    return queries
