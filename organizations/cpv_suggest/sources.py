"""Where confirmed CPV codes come from: apps above organizations register their (text, code) pairs here.

organizations must not import marketplace (the layering contract), yet the listings' and lots' chosen
codes are the training examples. So marketplace registers a source in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ExampleSource:
    name: str
    examples: Callable[[], Iterable[tuple[str, str]]]  # (text as the suggester sees it, eight-digit code)
    count: Callable[[], int]  # cheap: how many confirmed codes there are now


_SOURCES: dict[str, ExampleSource] = {}


def register_example_source(source: ExampleSource) -> None:
    _SOURCES[source.name] = source


def confirmed_examples() -> list[tuple[str, str]]:
    return [pair for source in _SOURCES.values() for pair in source.examples()]


def confirmed_count() -> int:
    return sum(source.count() for source in _SOURCES.values())
