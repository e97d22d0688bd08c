"""Every bench command is registered with manage.py from the benchmarks app, under its old name and with its
old options (the harness moved out of the apps; how it is run did not change). Only the parsers are built: no
bench runs here."""

import pytest
from django.core.management import BaseCommand, get_commands, load_command_class

# Each command's options and their defaults, as they were inside the apps.
OPTIONS = {
    "bench_booking": {
        "--capacity": 20,
        "--cleanup": False,
        "--clients": 8,
        "--contenders": 500,
        "--threads": 8,
        "--timeout": 120.0,
        "--uncontended": 200,
        "--workers": 4,
    },
    "bench_calloffs": {
        "--cleanup": False,
        "--contenders": 200,
        "--room": 57,
        "--threads": 8,
        "--timeout": 120.0,
        "--workers": 4,
    },
    "bench_consortium": {"--keep": False, "--organizations": 10000, "--repeat": 3, "--seed": 7, "--sizes": "5,10,20"},
    "bench_cpv_suggest": {"--rounds": 3},
    "bench_integrity": {"--lots": 100000, "--remove": False, "--sample": 50},
    "bench_invoicing": {"--inbound": 1000, "--invoices": 200, "--lines": 20, "--processes": 2},
    "bench_marketplace": {
        "--cleanup": False,
        "--clients": 8,
        "--conn-max-age": 60,
        "--listings": 100000,
        "--lots": 5,
        "--max-requests": 100000,
        "--organizations": 300,
        "--queries": 200,
        "--requests-seconds": 10.0,
        "--reuse": False,
        "--seed": 42,
        "--skip-load": False,
        "--tenders": 5000,
        "--threads": 4,
        "--workers": 2,
    },
    "bench_matching": {
        "--listings": 100000,
        "--lots": 5,
        "--reuse": False,
        "--samples": 50,
        "--skip-full": False,
        "--spread": "divisions",
        "--tenders": 1000,
    },
    "bench_tracking": {
        "--batch": 500,
        "--cleanup": False,
        "--clients": 2,
        "--deliveries": 40,
        "--events": 20000,
        "--resend": 4,
        "--threads": 2,
        "--workers": 2,
    },
}


def _own_options(name: str) -> dict[str, object]:
    """The command's options beyond Django's own (--verbosity, --settings, ...), with their defaults."""
    common = {o for action in BaseCommand().create_parser("manage.py", "x")._actions for o in action.option_strings}
    parser = load_command_class("benchmarks", name).create_parser("manage.py", name)
    return {o: action.default for action in parser._actions for o in action.option_strings if o not in common}


def test_every_bench_command_comes_from_the_benchmarks_app():
    benches = {name: app for name, app in get_commands().items() if name.startswith("bench_")}
    assert benches == dict.fromkeys(OPTIONS, "benchmarks")


@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_bench_command_keeps_its_options(name):
    assert _own_options(name) == OPTIONS[name]
