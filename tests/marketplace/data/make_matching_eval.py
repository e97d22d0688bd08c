"""Generates matching_eval.yaml, the labelled set of the matching engine (templates x variations, seeded).

Run `python tests/marketplace/data/make_matching_eval.py` and commit both files. The grades come from
`grade()` below, which follows the written rules of README.md beside this file; it reads only what a
listing really offers (its capability, attributes, quantity, period, place), never its CPV codes or its
text, and it was written before the engine was run on the set.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import yaml

SEED = 18
OUT = Path(__file__).resolve().parent / "matching_eval.yaml"

CITIES = {  # name: (country, lat, lon)
    "bremerhaven": ("DE", 53.54, 8.58),
    "hamburg": ("DE", 53.55, 9.99),
    "munster": ("DE", 52.99, 10.09),
    "koblenz": ("DE", 50.36, 7.59),
    "munich": ("DE", 48.14, 11.58),
    "berlin": ("DE", 52.52, 13.40),
    "rotterdam": ("NL", 51.92, 4.48),
    "antwerp": ("BE", 51.22, 4.40),
    "gdansk": ("PL", 54.35, 18.65),
    "poznan": ("PL", 52.41, 16.93),
    "vilnius": ("LT", 54.69, 25.28),
    "kaunas": ("LT", 54.90, 23.90),
    "riga": ("LV", 56.95, 24.11),
    "tallinn": ("EE", 59.44, 24.75),
    "madrid": ("ES", 40.42, -3.70),
    "zaragoza": ("ES", 41.65, -0.88),
    "lyon": ("FR", 45.76, 4.84),
    "milan": ("IT", 45.46, 9.19),
    "vienna": ("AT", 48.21, 16.37),
    "brno": ("CZ", 49.20, 16.61),
    "seville": ("ES", 37.39, -5.98),
}
NEAR = {  # for each lot's city, the cities counted as "near" (under 800 km)
    "bremerhaven": ["bremerhaven", "hamburg", "munster", "rotterdam"],
    "hamburg": ["hamburg", "bremerhaven", "munster", "berlin"],
    "munster": ["munster", "hamburg", "berlin", "bremerhaven"],
    "koblenz": ["koblenz", "rotterdam", "antwerp", "munich"],
    "rotterdam": ["rotterdam", "antwerp", "bremerhaven", "koblenz"],
    "antwerp": ["antwerp", "rotterdam", "koblenz"],
    "gdansk": ["gdansk", "poznan", "berlin", "kaunas"],
    "vilnius": ["vilnius", "kaunas", "riga", "gdansk"],
    "madrid": ["madrid", "zaragoza", "seville"],
    "munich": ["munich", "vienna", "brno", "milan"],
    "tallinn": ["tallinn", "riga", "vilnius"],
    "berlin": ["berlin", "poznan", "hamburg", "brno"],
    "poznan": ["poznan", "berlin", "gdansk", "brno"],
    "brno": ["brno", "vienna", "munich", "poznan"],
}

# What a listing can offer: kind, the codes providers use (variations), unit, texts (English, German).
CAPABILITIES = {
    "cold_storage": (
        "storage",
        ["63121000", "63121100", "63122000"],
        "m2",
        [
            ("Refrigerated warehouse {city}", "Temperature-controlled storage with monitoring and alarms"),
            ("Kühllager {city}", "Temperaturgeführte Lagerung mit Überwachung und Alarm"),
        ],
    ),
    "dry_storage": (
        "storage",
        ["63122000", "63121100", "63120000"],
        "m2",
        [
            ("Dry warehouse {city}", "Heated storage for pallets and containers"),
            ("Trockenlager {city}", "Beheizte Lagerhalle für Paletten und Container"),
        ],
    ),
    "ammo_storage": (
        "storage",
        ["63122000", "63121100"],
        "m2",
        [
            ("Ammunition depot {city}", "Licensed bunkers for munitions and explosives"),
            ("Munitionslager {city}", "Genehmigte Bunker für Munition und Explosivstoffe"),
        ],
    ),
    "cargo_handling": (
        "transshipment",
        ["63110000", "63111000"],
        "teu",
        [
            ("Cargo handling {city}", "Container transshipment between rail, road and ship"),
            ("Umschlag {city}", "Containerumschlag zwischen Schiene, Straße und Schiff"),
        ],
    ),
    "port_operation": (
        "transshipment",
        ["63721000", "63720000"],
        "teu",
        [
            ("Port terminal operator {city}", "Terminal operation with gantry cranes for containers"),
            ("Hafenterminal {city}", "Terminalbetrieb mit Containerbrücken"),
        ],
    ),
    "rail_freight": (
        "rail_transport",
        ["60210000", "60200000"],
        "units",
        [
            ("Rail freight {city}", "Flat wagons for heavy equipment and tracked vehicles"),
            ("Schienengüterverkehr {city}", "Flachwagen für schweres Gerät und Kettenfahrzeuge"),
        ],
    ),
    "road_heavy": (
        "road_transport",
        ["60180000", "60100000"],
        "trucks_per_day",
        [
            ("Heavy haulage {city}", "Low-loaders for tracked vehicles and oversized cargo"),
            ("Schwertransporte {city}", "Tieflader für Kettenfahrzeuge und übergroße Ladung"),
        ],
    ),
    "road_general": (
        "road_transport",
        ["60100000", "60180000"],
        "trucks_per_day",
        [
            ("Road freight {city}", "Curtain-sider trucks for palletised goods"),
            ("Straßengüterverkehr {city}", "Planen-LKW für palettierte Güter"),
        ],
    ),
    "vehicle_repair": (
        "maintenance",
        ["50110000", "50100000", "50630000"],
        "machine_hours",
        [
            ("Vehicle workshop {city}", "Repair and maintenance of trucks and military vehicles"),
            ("Fahrzeugwerkstatt {city}", "Instandsetzung von LKW und Militärfahrzeugen"),
        ],
    ),
    "aircraft_repair": (
        "maintenance",
        ["50211000", "50212000"],
        "machine_hours",
        [
            ("Aircraft maintenance {city}", "Line and base maintenance of aircraft and helicopters"),
            ("Luftfahrzeuginstandhaltung {city}", "Wartung von Flugzeugen und Hubschraubern"),
        ],
    ),
    "ship_repair": (
        "maintenance",
        ["50241000"],
        "machine_hours",
        [
            ("Ship repair yard {city}", "Dry dock repair and maintenance of ships"),
            ("Werft {city}", "Reparatur und Wartung von Schiffen im Trockendock"),
        ],
    ),
    "precision_repair": (
        "maintenance",
        ["50400000"],
        "machine_hours",
        [
            ("Optics and precision repair {city}", "Repair of optical and precision equipment"),
            ("Feinwerktechnik {city}", "Instandsetzung optischer und feinmechanischer Geräte"),
        ],
    ),
    "cnc_machining": (
        "manufacturing",
        ["45262670", "42600000", "42630000"],
        "machine_hours",
        [
            ("CNC machining {city}", "Milling and turning of metal housings and parts in small series"),
            ("CNC-Fertigung {city}", "Fräsen und Drehen von Metallgehäusen und Teilen in Kleinserie"),
        ],
    ),
    "soc": (
        "it_cyber",
        ["72150000", "72250000"],
        "person_days",
        [
            ("Security operations centre {city}", "Monitoring, incident response around the clock"),
            ("Sicherheitsleitstelle {city}", "Überwachung und Reaktion auf Sicherheitsvorfälle rund um die Uhr"),
        ],
    ),
    "pentest": (
        "it_cyber",
        ["72150000"],
        "person_days",
        [
            ("Penetration testing {city}", "Audits and penetration tests of networks and applications"),
            ("Penetrationstests {city}", "Audits und Penetrationstests von Netzen und Anwendungen"),
        ],
    ),
    "software_dev": (
        "it_cyber",
        ["72200000", "72212730"],
        "person_days",
        [
            ("Software development {city}", "Custom software engineering and maintenance"),
            ("Softwareentwicklung {city}", "Individuelle Softwareentwicklung und Pflege"),
        ],
    ),
    "network": (
        "it_cyber",
        ["72700000"],
        "person_days",
        [
            ("Network services {city}", "Design and operation of secure networks"),
            ("Netzwerkdienste {city}", "Planung und Betrieb sicherer Netze"),
        ],
    ),
    "it_support": (
        "it_cyber",
        ["72611000", "72250000"],
        "person_days",
        [
            ("IT support {city}", "Help desk and technical computer support"),
            ("IT-Support {city}", "Helpdesk und technische Unterstützung"),
        ],
    ),
}
NOISE = [
    ("other", "63712400", "vehicles", "Truck parking {city}", "Secure parking for trucks"),
    ("other", "63510000", "units", "Reisebüro {city}", "Reisebuchung und Hotels für Besatzungen"),
    ("road_transport", "60120000", "vehicles", "Taxi {city}", "Passenger taxi transport"),
    ("road_transport", "60112000", "vehicles", "Busreisen {city}", "Personenbeförderung mit Bussen"),
    ("maintenance", "50300000", "machine_hours", "PC repair {city}", "Repair of computers and printers"),
    ("security", "79710000", "person_days", "Wachdienst {city}", "Bewachung von Lagern und Depots"),
    ("it_cyber", "72400000", "units", "Internet access {city}", "Internet service provider"),
    ("it_cyber", "72300000", "person_days", "Data entry {city}", "Data processing services"),
]


def variations(capability: str, rng: random.Random) -> list[dict]:
    """The attributes a listing of this capability may hold: some variations fit a lot's needs, some miss."""
    certs = [[], ["iso_9001"], ["iso_9001", "aqap_2110"], ["iso_9001", "iso_27001"]]
    return {
        "cold_storage": [{"temperature_c": [2, 8]}, {"temperature_c": [-25, -18]}, {"temperature_c": [-30, 8]}],
        "dry_storage": [{}, {"certifications": ["iso_9001"]}],
        "ammo_storage": [
            {"hazard_divisions": ["1.1", "1.2", "1.3", "1.4"], "explosives_licence": True},
            {"hazard_divisions": ["1.4"], "explosives_licence": True},
            {"hazard_divisions": ["1.3", "1.4"], "explosives_licence": True},
        ],
        "rail_freight": [
            {"rail_gauges_mm": [1435], "axle_load_t": 22.5},
            {"rail_gauges_mm": [1520], "axle_load_t": 23.5},
            {"rail_gauges_mm": [1435, 1520], "axle_load_t": 22.5},
            {"rail_gauges_mm": [1668], "axle_load_t": 22.5},
            {"rail_gauges_mm": [1435], "axle_load_t": 20},
        ],
        "road_heavy": [
            {"max_load_t": 60, "max_width_m": 3.5},
            {"max_load_t": 100, "max_width_m": 4.5},
            {"max_load_t": 40, "max_width_m": 3.0},
        ],
        "road_general": [
            {"max_load_t": 24},
            {"max_load_t": 24, "hazard_divisions": ["1.4"]},
            {
                "max_load_t": 24,
                "hazard_divisions": ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"],
                "explosives_licence": True,
            },
        ],
        "soc": [
            {"clearances": ["vs_nfd"], "certifications": ["iso_27001"]},
            {"clearances": ["vs_nfd", "nato_restricted"], "certifications": ["iso_27001"]},
            {"certifications": ["iso_27001"]},
            {},
        ],
        "pentest": [{"clearances": ["vs_nfd"]}, {}],
        "network": [{"clearances": ["vs_nfd"]}, {}],
    }.get(capability, [{"certifications": c} for c in certs])


# The lots: (title, description, buyer's code, city, quantity, unit, accepted capabilities, required, preferred,
# partial offers allowed). Half the texts are German; the listing texts are mixed.
LOTS = [
    (
        "Cold storage 2–8 °C for medical material",
        "Storage of vaccines and blood products",
        "63120000",
        "bremerhaven",
        800,
        "m2",
        ["cold_storage"],
        {"temperature_c": [2, 8]},
        {},
        False,
    ),
    (
        "Tiefkühllagerung −20 °C für Verpflegung",
        "Lagerung tiefgekühlter Verpflegung",
        "63121000",
        "hamburg",
        600,
        "m2",
        ["cold_storage"],
        {"temperature_c": [-20, -18]},
        {},
        False,
    ),
    (
        "Munitionslagerung Gefahrgutklasse 1.1",
        "Lagerung von Munition in genehmigten Bunkern",
        "63122000",
        "munster",
        400,
        "m2",
        ["ammo_storage"],
        {"hazard_divisions": ["1.1"], "explosives_licence": True},
        {},
        False,
    ),
    (
        "Ammunition storage division 1.4",
        "Storage of small-arms ammunition",
        "63120000",
        "poznan",
        300,
        "m2",
        ["ammo_storage"],
        {"hazard_divisions": ["1.4"], "explosives_licence": True},
        {},
        False,
    ),
    (
        "Dry storage for 2,000 pallets",
        "Warehousing of exercise material",
        "63122000",
        "rotterdam",
        2000,
        "m2",
        ["dry_storage"],
        {},
        {"certifications": ["iso_9001"]},
        True,
    ),
    (
        "Containerumschlag im Hafen Danzig",
        "Umschlag von Containern zwischen Schiff und Bahn",
        "63111000",
        "gdansk",
        40,
        "teu",
        ["cargo_handling", "port_operation"],
        {},
        {},
        False,
    ),
    (
        "Cargo transshipment Antwerp",
        "Transshipment of vehicles and containers at the port",
        "63110000",
        "antwerp",
        30,
        "teu",
        ["cargo_handling", "port_operation"],
        {},
        {},
        True,
    ),
    (
        "Rail transport of tracked vehicles to Lithuania",
        "Broad gauge rail transport of heavy equipment",
        "60200000",
        "vilnius",
        20,
        "units",
        ["rail_freight"],
        {"rail_gauges_mm": [1520], "axle_load_t": 22.5},
        {},
        False,
    ),
    (
        "Bahntransport schwerer Fahrzeuge",
        "Schienentransport von Kettenfahrzeugen in Deutschland",
        "60210000",
        "munster",
        25,
        "units",
        ["rail_freight"],
        {"rail_gauges_mm": [1435], "axle_load_t": 22.5},
        {},
        False,
    ),
    (
        "Rail transport of equipment in Spain",
        "Iberian gauge transport to the training area",
        "60200000",
        "madrid",
        15,
        "units",
        ["rail_freight"],
        {"rail_gauges_mm": [1668]},
        {},
        False,
    ),
    (
        "Schwertransport mit Tiefladern 60 t",
        "Transport von Kettenfahrzeugen auf der Straße",
        "60100000",
        "munster",
        6,
        "trucks_per_day",
        ["road_heavy"],
        {"max_load_t": 60, "max_width_m": 3.5},
        {},
        False,
    ),
    (
        "Road freight of palletised goods",
        "Curtain-sider transport across Germany",
        "60100000",
        "koblenz",
        20,
        "trucks_per_day",
        ["road_general", "road_heavy"],
        {},
        {},
        True,
    ),
    (
        "Transport of ammunition by road",
        "Road transport of explosives division 1.1",
        "60100000",
        "berlin",
        5,
        "trucks_per_day",
        ["road_general"],
        {"hazard_divisions": ["1.1"], "explosives_licence": True},
        {},
        False,
    ),
    (
        "Repair and maintenance of military trucks",
        "Workshop maintenance of wheeled vehicles",
        "50110000",
        "gdansk",
        400,
        "machine_hours",
        ["vehicle_repair"],
        {},
        {"certifications": ["aqap_2110"]},
        False,
    ),
    (
        "Instandsetzung gepanzerter Fahrzeuge",
        "Instandsetzung von Radfahrzeugen und Kettenfahrzeugen",
        "50630000",
        "munich",
        600,
        "machine_hours",
        ["vehicle_repair"],
        {"certifications": ["aqap_2110"]},
        {},
        False,
    ),
    (
        "Wartung von Hubschraubern",
        "Instandhaltung von Transporthubschraubern",
        "50212000",
        "berlin",
        300,
        "machine_hours",
        ["aircraft_repair"],
        {"certifications": ["aqap_2110"]},
        {},
        False,
    ),
    (
        "Aircraft maintenance",
        "Base maintenance of transport aircraft",
        "50211000",
        "madrid",
        500,
        "machine_hours",
        ["aircraft_repair"],
        {},
        {"certifications": ["iso_9001"]},
        False,
    ),
    (
        "Ship repair in dry dock",
        "Repair of an auxiliary vessel",
        "50241000",
        "gdansk",
        800,
        "machine_hours",
        ["ship_repair"],
        {},
        {},
        False,
    ),
    (
        "Reparatur optischer Geräte",
        "Instandsetzung von Zielfernrohren und Ferngläsern",
        "50400000",
        "koblenz",
        100,
        "machine_hours",
        ["precision_repair"],
        {},
        {},
        True,
    ),
    (
        "Gearbox housings for military vehicles",
        "Machined aluminium housings, small series",
        "35421000",
        "munich",
        300,
        "machine_hours",
        ["cnc_machining"],
        {},
        {"certifications": ["aqap_2110"]},
        False,
    ),
    (
        "Mechanische Ersatzteile für Fahrzeuge",
        "Gefräste Ersatzteile nach Zeichnung",
        "34320000",
        "berlin",
        400,
        "machine_hours",
        ["cnc_machining"],
        {"certifications": ["iso_9001"]},
        {},
        False,
    ),
    (
        "Brake parts, small series",
        "Machined brake parts after drawing",
        "34322000",
        "brno",
        200,
        "machine_hours",
        ["cnc_machining"],
        {},
        {},
        True,
    ),
    (
        "Teile für militärische Luftfahrzeuge",
        "Gefräste Halterungen und Gehäuse",
        "35600000",
        "munich",
        250,
        "machine_hours",
        ["cnc_machining"],
        {"certifications": ["aqap_2110"]},
        {},
        False,
    ),
    (
        "Security operations centre for a classified network",
        "Monitoring of a VS-NfD network",
        "72150000",
        "berlin",
        200,
        "person_days",
        ["soc"],
        {"clearances": ["vs_nfd"], "certifications": ["iso_27001"]},
        {},
        False,
    ),
    (
        "SOC for a NATO RESTRICTED mission network",
        "Incident response and monitoring",
        "72150000",
        "tallinn",
        150,
        "person_days",
        ["soc"],
        {"clearances": ["nato_restricted"]},
        {},
        False,
    ),
    (
        "Penetrationstest von Webanwendungen",
        "Sicherheitsprüfung von Anwendungen",
        "72150000",
        "munich",
        40,
        "person_days",
        ["pentest"],
        {},
        {"clearances": ["vs_nfd"]},
        True,
    ),
    (
        "Software development for logistics planning",
        "Custom development and maintenance",
        "72200000",
        "koblenz",
        500,
        "person_days",
        ["software_dev"],
        {},
        {"certifications": ["iso_9001"]},
        True,
    ),
    (
        "Betrieb eines VS-NfD-Netzes",
        "Planung und Betrieb eines eingestuften Netzes",
        "72700000",
        "berlin",
        300,
        "person_days",
        ["network"],
        {"clearances": ["vs_nfd"]},
        {},
        False,
    ),
    (
        "IT-Support für Dienststellen",
        "Helpdesk für 2.000 Arbeitsplätze",
        "72611000",
        "koblenz",
        400,
        "person_days",
        ["it_support"],
        {},
        {},
        False,
    ),
    (
        "Security software development",
        "Development of crypto management software",
        "72212730",
        "tallinn",
        300,
        "person_days",
        ["software_dev"],
        {"certifications": ["iso_27001"]},
        {},
        False,
    ),
    (
        "Cold storage 2–8 °C in Vilnius, partial offers welcome",
        "Storage of medicines",
        "63120000",
        "vilnius",
        2000,
        "m2",
        ["cold_storage"],
        {"temperature_c": [2, 8]},
        {},
        True,
    ),
    (
        "Lagerung von Sanitätsmaterial 2–8 °C",
        "Kühllagerung von Arzneimitteln",
        "63121000",
        "berlin",
        500,
        "m2",
        ["cold_storage"],
        {"temperature_c": [2, 8]},
        {},
        False,
    ),
]
PERIOD = (10, 100)  # every lot's performance period, in days from today


def satisfies(attributes: dict, required: dict) -> bool:
    """Rule 2 of the README: every required attribute held (ranges contain, sets include, numbers reach)."""
    for name, want in required.items():
        have = attributes.get(name)
        if have is None:
            return False
        if name == "temperature_c":
            if not (have[0] <= want[0] and have[1] >= want[1]):
                return False
        elif isinstance(want, list):
            if not set(want) <= set(have):
                return False
        elif isinstance(want, bool):
            if have is not want:
                return False
        elif have < want:
            return False
    return True


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


PLACE_BOUND = {"storage", "transshipment", "maintenance", "rail_transport", "road_transport"}


def grade(lot: tuple, listing: dict) -> int:
    """The README's rules, in order: 0 unless every rule 1-4 holds; 2 when rule 5 holds too, else 1."""
    _t, _d, _code, city, quantity, _u, accepts, required, preferred, partial = lot
    if listing["capability"] not in accepts:  # rule 1: the capability the lot needs
        return 0
    if not satisfies(listing["attributes"], required):  # rule 2: required attributes
        return 0
    coverage = listing["quantity"] / quantity
    if coverage < 0.3 and not partial:  # rule 3: a small fraction only counts where partial offers are allowed
        return 0
    overlap = max(0, min(listing["until"], PERIOD[1]) - max(listing["from"], PERIOD[0]) + 1) / (
        PERIOD[1] - PERIOD[0] + 1
    )
    if overlap < 0.5:  # rule 4: available for at least half the period
        return 0
    far = distance_km(CITIES[city][1:], (listing["lat"], listing["lon"])) > 800
    full = (
        coverage >= 0.8
        and overlap >= 0.9
        and satisfies(listing["attributes"], preferred)
        and not (far and listing["kind"] in PLACE_BOUND)
    )
    return 2 if full else 1  # rule 5


def generate() -> dict:
    rng = random.Random(SEED)
    providers, listings = {}, {}

    def provider(city: str) -> str:
        key = f"p{len(providers) + 1:03d}_{city}"
        providers[key] = {"country": CITIES[city][0], "headcount": rng.choice([8, 25, 60, 140, 400, 2000])}
        return key

    def add(
        capability: str,
        city: str,
        quantity: float,
        *,
        attributes: dict,
        start: int = 0,
        end: int = 365,
        code: str | None = None,
        german: bool | None = None,
    ) -> None:
        kind, codes, unit, texts = CAPABILITIES[capability]
        german = rng.random() < 0.5 if german is None else german
        title, description = texts[1 if german else 0]
        _country, lat, lon = CITIES[city]
        key = f"l{len(listings) + 1:03d}_{capability}"
        listings[key] = {
            "provider": provider(city),
            "kind": kind,
            "cpv": [code or rng.choice(codes)],
            "title": title.format(city=city.title()),
            "description": description,
            "lat": lat,
            "lon": lon,
            "from": start,
            "until": end,
            "quantity": round(quantity, 0),
            "unit": unit,
            "attributes": attributes,
            "capability": capability,
        }

    for lot in LOTS:
        _t, _d, code, city, quantity, _u, accepts, required, _p, _partial = lot
        near = NEAR[city]
        for capability in accepts:
            pool = variations(capability, rng)
            fitting = [v for v in pool if satisfies(v, required)] or [required]
            missing = [v for v in pool if not satisfies(v, required)]
            codes = CAPABILITIES[capability][1]
            for i in range(4 if capability == accepts[0] else 3):  # the fitting ones, every code variation
                add(
                    capability,
                    near[i % len(near)],
                    quantity * rng.uniform(1.0, 3.0),
                    attributes=dict(rng.choice(fitting)),
                    code=codes[i % len(codes)],
                )
            add(capability, rng.choice(near), quantity * rng.uniform(0.4, 0.7), attributes=dict(rng.choice(fitting)))
            add(
                capability,
                rng.choice(near),
                quantity * rng.uniform(1.0, 2.0),
                attributes=dict(rng.choice(fitting)),
                start=40,
            )  # available for part of the period
            for _ in range(2):  # too little quantity
                add(
                    capability, rng.choice(near), quantity * rng.uniform(0.1, 0.2), attributes=dict(rng.choice(fitting))
                )
            for _ in range(2 if missing else 0):  # the same capability without a required attribute
                add(
                    capability,
                    rng.choice(near),
                    quantity * rng.uniform(1.0, 3.0),
                    attributes=dict(rng.choice(missing)),
                    code=code if code in codes else None,
                )
            add(
                capability,
                rng.choice(["seville", "tallinn", "madrid", "riga"]),
                quantity * 2,
                attributes=dict(rng.choice(fitting)),
            )  # far away
        # Look-alikes: other capabilities coded in the lot's own family, and plain noise.
        lookalikes = [
            c
            for c, (_k, codes, _u2, _x) in CAPABILITIES.items()
            if c not in accepts and any(x[:3] == code[:3] for x in codes)
        ]
        for capability in lookalikes[:3]:
            for _ in range(2):
                add(
                    capability,
                    rng.choice(near),
                    quantity * 2,
                    attributes=dict(rng.choice(variations(capability, rng))),
                    code=code if code in CAPABILITIES[capability][1] else None,
                )
        for kind, noise_code, unit, title, description in rng.sample(NOISE, 3):
            country, lat, lon = CITIES[near[0]]
            key = f"l{len(listings) + 1:03d}_noise"
            listings[key] = {
                "provider": provider(near[0]),
                "kind": kind,
                "cpv": [noise_code],
                "title": title.format(city=near[0].title()),
                "description": description,
                "lat": lat,
                "lon": lon,
                "from": 0,
                "until": 365,
                "quantity": 100,
                "unit": unit,
                "attributes": {},
                "capability": "noise",
            }

    tenders = []
    for lot in LOTS:
        title, description, code, city, quantity, unit, _a, required, preferred, partial = lot
        country, lat, lon = CITIES[city]
        relevance = {key: g for key, item in listings.items() if (g := grade(lot, item))}
        tenders.append(
            {
                "title": title,
                "country": country,
                "lat": lat,
                "lon": lon,
                "start": PERIOD[0],
                "end": PERIOD[1],
                "lots": [
                    {
                        "title": title,
                        "description": description,
                        "cpv": code,
                        "quantity": quantity,
                        "unit": unit,
                        "partial_offers": partial,
                        "required": required,
                        "preferred": preferred,
                        "relevance": relevance,
                    }
                ],
            }
        )
    return {"providers": providers, "listings": listings, "tenders": tenders}


if __name__ == "__main__":
    data = generate()
    header = "# Generated by make_matching_eval.py (do not edit by hand); grading rules in README.md beside it.\n"
    OUT.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=140), encoding="utf-8")
    print(
        f"{len(data['tenders'])} lots, {len(data['listings'])} listings, "
        f"{sum(len(t['lots'][0]['relevance']) for t in data['tenders'])} relevant pairs"
    )
