"""CPV suggestions from a lot's or listing's title and description (English and German), offline.

The engine (engine.py), where confirmed codes come from (sources.py), this process's cached suggester
(store.py) and the honest evaluation (evaluation.py). Callers use organizations.selectors.cpv_suggestions
and organizations.services.cpv_suggester_train.
"""

from .engine import MIN_EXAMPLES, Suggestion
from .sources import ExampleSource, register_example_source

__all__ = ["MIN_EXAMPLES", "ExampleSource", "Suggestion", "register_example_source"]
