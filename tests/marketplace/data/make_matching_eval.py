"""Generates matching_eval.yaml, the labelled set of the matching engine (templates x variations, seeded).

Run `python -m tests.marketplace.data.make_matching_eval` from the repository root and commit the YAML with
the code. The lots and the capabilities it draws from are in matching_eval_lots.py and
matching_eval_capabilities.py. The grades come from `grade()` below, which follows the written rules of
README.md beside this file; it reads only what a listing really offers (its capability, attributes,
quantity, period, place), never its CPV codes or its text, and it was written before the engine was run on
the set.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import yaml

from tests.marketplace.data.matching_eval_capabilities import CAPABILITIES, CITIES, NEAR, NOISE, variations
from tests.marketplace.data.matching_eval_lots import LOTS

SEED = 18
OUT = Path(__file__).resolve().parent / "matching_eval.yaml"

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
