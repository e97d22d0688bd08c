"""The demo hub network: hubs in real European port and inland cities (fictional hubs, not statements about military
sites), their services with plausible capacities, and the corridor links between them with real gauge breaks."""

from __future__ import annotations

# Service names in German and English: the nAPs and hub operators of every nation read them.
NAMES = {
    "CONTAINER_STORAGE": "Hochregal-Containerlager / High-bay container storage",
    "PALLET_STORAGE": "Überdachtes Palettenlager / Covered pallet storage",
    "TRANSSHIPMENT": "Umschlag / Transshipment",
    "MAINTENANCE": "Fahrzeugwartung und einfache Instandsetzung / Vehicle maintenance and simple repair",
    "REFUELLING": "Betankung (Diesel, F-34) / Refuelling (diesel, F-34)",
    "SUPPLY": "Versorgung (Verpflegung, Wasser, Verbrauchsgüter) / Supply provision (rations, water, consumables)",
    "AMMUNITION_STORAGE": "Munitionslager (Klasse 1) / Ammunition storage (class 1)",
    "GAUGE_CHANGE": "Umschlag mit Spurwechsel 1435/1520 / Gauge-change transshipment 1435/1520",
}
NSPA_NOTE = "Kostenteilung nach NSPA-Vereinbarung / cost sharing per NSPA arrangement"

CONTAINER_STORAGE = dict(kind="storage", name=NAMES["CONTAINER_STORAGE"], high_bay=True, unit="teu",
                         slot_hours=24, cancellation_cutoff_hours=48, lead_time_hours=24, no_show_grace_hours=6,
                         hazardous_classes=["1.4", "2", "3", "8", "9"], ammunition_groups=["S"],
                         max_classification="restricted", price_note=NSPA_NOTE)
PALLET_STORAGE = dict(kind="storage", name=NAMES["PALLET_STORAGE"], unit="pallet_places", slot_hours=24,
                      cancellation_cutoff_hours=24, lead_time_hours=24, hazardous_classes=["3", "8", "9"],
                      max_classification="unclassified")
TRANSSHIPMENT = dict(kind="transshipment", name=NAMES["TRANSSHIPMENT"], unit="teu", slot_hours=8,
                     cancellation_cutoff_hours=24, lead_time_hours=12, no_show_grace_hours=3,
                     hazardous_classes=["1.4", "2", "3", "8", "9"], ammunition_groups=["S"],
                     max_classification="restricted")
MAINTENANCE = dict(kind="maintenance", name=NAMES["MAINTENANCE"], unit="vehicles", slot_hours=24,
                   cancellation_cutoff_hours=72, lead_time_hours=48, max_classification="restricted")
REFUELLING = dict(kind="refuelling", name=NAMES["REFUELLING"], unit="litres", slot_hours=24,
                  cancellation_cutoff_hours=12, lead_time_hours=12, hazardous_classes=["3"])
SUPPLY = dict(kind="supply", name=NAMES["SUPPLY"], unit="pallet_places",
              slot_hours=24, cancellation_cutoff_hours=48, lead_time_hours=48)
AMMUNITION_STORAGE = dict(kind="storage", name=NAMES["AMMUNITION_STORAGE"], unit="teu", slot_hours=24,
                          cancellation_cutoff_hours=72, lead_time_hours=72, no_show_grace_hours=4,
                          hazardous_classes=["1"], ammunition_groups=["C", "D", "E", "F", "G", "S"],
                          max_classification="secret")


def _service(template: dict, capacity: int, **changes) -> dict:
    return {**template, "capacity_per_slot": capacity, **changes}


NATIONS = {"DE": "Germany", "PL": "Poland", "NL": "Netherlands", "BE": "Belgium", "FR": "France", "LT": "Lithuania",
           "RO": "Romania", "SI": "Slovenia", "IT": "Italy"}

# key: (nation, name, city, latitude, longitude, modes, gauges, changes gauge, security, opening hours, services)
HUBS = {
    "bremerhaven": ("DE", "Bremerhaven Logistics Hub", "Bremerhaven", "53.58550", "8.52450",
                    ["road", "rail", "sea"], [1435], False, "enhanced", "24/7",
                    [_service(CONTAINER_STORAGE, 600), _service(TRANSSHIPMENT, 180),
                     _service(MAINTENANCE, 40)]),
    "duisburg": ("DE", "Duisburg Inland Hub", "Duisburg", "51.44550", "6.74350",
                 ["road", "rail", "inland_water"], [1435], False, "standard", "Mon–Sat 05–23",
                 [_service(PALLET_STORAGE, 4000), _service(TRANSSHIPMENT, 150)]),
    "leipzig": ("DE", "Leipzig/Halle Air and Rail Hub", "Schkeuditz", "51.42390", "12.23640",
                ["road", "rail", "air"], [1435], False, "enhanced", "24/7",
                [_service(PALLET_STORAGE, 2500), _service(TRANSSHIPMENT, 60), _service(REFUELLING, 400000)]),
    "rotterdam": ("NL", "Rotterdam Maasvlakte Hub", "Rotterdam", "51.95350", "4.05200",
                  ["road", "rail", "sea", "inland_water"], [1435], False, "enhanced", "24/7",
                  [_service(CONTAINER_STORAGE, 900), _service(TRANSSHIPMENT, 240), _service(REFUELLING, 800000)]),
    "antwerp": ("BE", "Antwerp Port Hub", "Antwerp", "51.28300", "4.33600",
                ["road", "rail", "sea", "inland_water"], [1435], False, "standard", "24/7",
                [_service(CONTAINER_STORAGE, 700), _service(TRANSSHIPMENT, 200)]),
    "le_havre": ("FR", "Le Havre Port Hub", "Le Havre", "49.48100", "0.17200",
                 ["road", "rail", "sea"], [1435], False, "standard", "Mon–Sun 06–22",
                 [_service(PALLET_STORAGE, 3000), _service(TRANSSHIPMENT, 120)]),
    "gdansk": ("PL", "Gdańsk Deepwater Hub", "Gdańsk", "54.39600", "18.70200",
               ["road", "rail", "sea"], [1435], False, "enhanced", "24/7",
               [_service(CONTAINER_STORAGE, 500), _service(TRANSSHIPMENT, 150), _service(MAINTENANCE, 30),
                _service(SUPPLY, 800)]),
    "kaunas": ("LT", "Kaunas Intermodal Hub", "Kaunas", "54.89900", "24.02800",
               ["road", "rail"], [1435, 1520], True, "enhanced", "24/7",
               [_service(TRANSSHIPMENT, 60, name=NAMES["GAUGE_CHANGE"]),
                _service(PALLET_STORAGE, 1500), _service(MAINTENANCE, 25)]),
    "klaipeda": ("LT", "Klaipėda Port Hub", "Klaipėda", "55.69300", "21.14400",
                 ["road", "rail", "sea"], [1520], False, "high", "24/7",
                 [_service(CONTAINER_STORAGE, 350), _service(AMMUNITION_STORAGE, 60), _service(TRANSSHIPMENT, 100)]),
    "constanta": ("RO", "Constanța Black Sea Hub", "Constanța", "44.15900", "28.63500",
                  ["road", "rail", "sea", "inland_water"], [1435], False, "enhanced", "24/7",
                  [_service(CONTAINER_STORAGE, 500), _service(TRANSSHIPMENT, 150), _service(REFUELLING, 600000)]),
    "koper": ("SI", "Koper Adriatic Hub", "Koper", "45.56100", "13.74000",
              ["road", "rail", "sea"], [1435], False, "standard", "24/7",
              [_service(PALLET_STORAGE, 2000), _service(TRANSSHIPMENT, 100), _service(MAINTENANCE, 20)]),
    "trieste": ("IT", "Trieste Port Hub", "Trieste", "45.63000", "13.76500",
                ["road", "rail", "sea"], [1435], False, "standard", "Mon–Sat 06–22",
                [_service(CONTAINER_STORAGE, 400), _service(TRANSSHIPMENT, 120)]),
}

# (from, to, mode, km, gauge); every link is added both ways. Kaunas is where Rail Baltica's 1435 mm line meets the
# Lithuanian 1520 mm network, so a Gdańsk → Klaipėda rail movement changes gauge there.
LINKS = [
    ("rotterdam", "antwerp", "road", 100, None), ("rotterdam", "antwerp", "rail", 110, 1435),
    ("rotterdam", "antwerp", "inland_water", 120, None),
    ("rotterdam", "duisburg", "rail", 230, 1435), ("rotterdam", "duisburg", "inland_water", 230, None),
    ("rotterdam", "duisburg", "road", 220, None),
    ("rotterdam", "bremerhaven", "sea", 460, None), ("rotterdam", "le_havre", "sea", 480, None),
    ("antwerp", "le_havre", "rail", 430, 1435), ("antwerp", "le_havre", "road", 400, None),
    ("bremerhaven", "duisburg", "rail", 330, 1435), ("bremerhaven", "duisburg", "road", 320, None),
    ("duisburg", "leipzig", "rail", 480, 1435), ("duisburg", "leipzig", "road", 470, None),
    ("bremerhaven", "gdansk", "sea", 820, None), ("leipzig", "gdansk", "rail", 700, 1435),
    ("leipzig", "gdansk", "road", 690, None),
    ("gdansk", "kaunas", "rail", 480, 1435), ("gdansk", "kaunas", "road", 450, None),
    ("kaunas", "klaipeda", "rail", 220, 1520), ("kaunas", "klaipeda", "road", 215, None),
    ("gdansk", "klaipeda", "sea", 300, None),
    ("leipzig", "koper", "rail", 930, 1435), ("leipzig", "trieste", "rail", 940, 1435),
    ("koper", "trieste", "road", 25, None), ("koper", "trieste", "rail", 30, 1435),
    ("koper", "constanta", "rail", 1480, 1435), ("koper", "constanta", "road", 1400, None),
]

DEMO_NAPS = [("nap.pl@alx.example", "Paulina Piątek", "PL"), ("nap.nl@alx.example", "Noor de Vries", "NL"),
             ("nap.lt@alx.example", "Lukas Kazlauskas", "LT"), ("nap.de@alx.example", "Nils Nap", "DE")]
