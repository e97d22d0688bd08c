"""The world of the matching evaluation set: its cities, the capabilities a listing may offer (with its CPV codes,
units and attribute variations) and the noise listings that fit no lot. Read by make_matching_eval.py."""

from __future__ import annotations

import random

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
