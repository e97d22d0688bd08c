"""App configuration for benchmarks (the top layer: the `bench_*` commands and their harness)."""

from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    verbose_name = "Benchmarks"
