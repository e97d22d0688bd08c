"""Country groups the platform's rules share (ISO 3166 alpha-2): the EU member states, in one place."""

from __future__ import annotations

# The 27 member states since 1 February 2020. EDF eligibility, intra-EU reverse charge and the EU general
# transfer licence all read this set.
# fmt: off
EU_MEMBER_STATES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})
# fmt: on
