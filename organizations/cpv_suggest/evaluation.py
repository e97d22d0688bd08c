"""Honest evaluation of the CPV suggester on the labelled set: accuracy by level, a baseline, calibration.

The labelled set (tests/organizations/data/cpv_suggest_labelled.yaml) was written before the suggester.
Items alternate between a development half (even positions: used only to choose TEMPERATURE and
THRESHOLD) and a test half (odd positions). The trained layer is measured by 5-fold cross-validation:
each text is suggested by a layer that never saw it. Accuracy is strict: a suggestion counts at a level
(division = 2 digits, group = 3, class = 4) only if its code agrees with the label on those digits, so
a suggestion backed off to the group never counts at class level.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

from ..models.cpv import significant_prefix
from .engine import CpvSuggester, RetrievalIndex, TrainedLayer, query_text

LEVELS = {"division": 2, "group": 3, "class": 4}
LABELLED = Path(settings.BASE_DIR) / "tests" / "organizations" / "data" / "cpv_suggest_labelled.yaml"


@dataclass(frozen=True)
class Item:
    org: str
    lang: str
    kind: str
    code: str
    title: str
    text: str

    @property
    def query(self) -> str:
        return query_text(self.title, self.text)


def load_items(path: Path = LABELLED) -> list[Item]:
    with path.open(encoding="utf-8") as handle:
        rows = yaml.safe_load(handle)["items"]
    return [Item(**{key: str(row[key]) for key in ("org", "lang", "kind", "code", "title", "text")}) for row in rows]


def split(items: Sequence[Item]) -> tuple[list[Item], list[Item]]:
    """Development half (even positions) and test half (odd positions)."""
    return list(items[0::2]), list(items[1::2])


def accuracy(predictions: Sequence[Sequence[str]], items: Sequence[Item]) -> dict[str, float]:
    """top1_<level> and top5_<level> in percent."""
    result = {}
    for name, digits in LEVELS.items():
        top1 = sum(bool(p) and p[0][:digits] == item.code[:digits] for p, item in zip(predictions, items, strict=True))
        top5 = sum(
            any(code[:digits] == item.code[:digits] for code in p[:5])
            for p, item in zip(predictions, items, strict=True)
        )
        result[f"top1_{name}"] = 100.0 * top1 / len(items)
        result[f"top5_{name}"] = 100.0 * top5 / len(items)
    return result


def baseline_predictions(items: Sequence[Item], digits: int) -> list[list[str]]:
    """The organisation's most frequent prefixes among its OTHER items (leave one out), as padded codes."""
    predictions = []
    for i, item in enumerate(items):
        counts = Counter(other.code[:digits] for j, other in enumerate(items) if j != i and other.org == item.org)
        predictions.append([prefix.ljust(8, "0") for prefix, _ in counts.most_common(5)])
    return predictions


def baseline_accuracy(items: Sequence[Item]) -> dict[str, float]:
    """The baseline predicts at each level that level's most frequent prefix of the buyer or provider."""
    result = {}
    for name, digits in LEVELS.items():
        scores = accuracy(baseline_predictions(items, digits), items)
        result[f"top1_{name}"], result[f"top5_{name}"] = scores[f"top1_{name}"], scores[f"top5_{name}"]
    return result


def suggester_predictions(suggester: CpvSuggester, items: Sequence[Item]) -> list[list[str]]:
    return [[s.code for s in suggester.suggest(item.query)] for item in items]


def cross_validated_predictions(
    index: RetrievalIndex, items: Sequence[Item], *, folds: int = 5, make: Callable[..., CpvSuggester] = CpvSuggester
) -> list[list[str]]:
    """Each item suggested by retrieval + a layer trained on the other folds' texts and codes."""
    predictions: list[list[str]] = [[] for _ in items]
    for fold in range(folds):
        train = [(item.query, item.code) for i, item in enumerate(items) if i % folds != fold]
        layer = TrainedLayer(train) if TrainedLayer.can_train(train) else None
        suggester = make(index, layer)
        for i, item in enumerate(items):
            if i % folds == fold:
                predictions[i] = [s.code for s in suggester.suggest(item.query)]
    return predictions


def _own_level(code: str) -> int:
    return min(len(significant_prefix(code)), 4)


def claimed_precision(suggester: CpvSuggester, items: Sequence[Item]) -> float:
    """Percent of first suggestions that are right at the level they claim (a group is judged as a group)."""
    right = 0
    for item in items:
        suggestions = suggester.suggest(item.query)
        if suggestions:
            digits = _own_level(suggestions[0].code)
            right += suggestions[0].code[:digits] == item.code[:digits]
    return 100.0 * right / len(items)


def brier(suggester: CpvSuggester, items: Sequence[Item]) -> float:
    """Brier score of the best candidate's probability against 'its class is the label's class'."""
    total = 0.0
    for item in items:
        probabilities = suggester.probabilities(item.query)
        if not probabilities:
            total += 0.0
            continue
        best = max(probabilities, key=probabilities.get)
        correct = best[:4] == item.code[:4]
        total += (probabilities[best] - correct) ** 2
    return total / len(items)


def sweep(index: RetrievalIndex, dev: Sequence[Item], *, target_precision: float = 80.0) -> list[str]:
    """Lines explaining the choice: temperature by Brier score, then the smallest threshold reaching the precision."""
    lines = []
    best_t, best_b = None, None
    for temperature in (0.01, 0.02, 0.03, 0.05, 0.08, 0.12):
        score = brier(CpvSuggester(index, temperature=temperature), dev)
        lines.append(f"temperature {temperature:.2f}: Brier {score:.3f}")
        if best_b is None or score < best_b:
            best_t, best_b = temperature, score
    chosen = None
    for threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8):
        suggester = CpvSuggester(index, temperature=best_t, threshold=threshold)
        precision = claimed_precision(suggester, dev)
        top1 = accuracy(suggester_predictions(suggester, dev), dev)["top1_class"]
        lines.append(
            f"threshold {threshold:.2f}: first suggestion right at its level {precision:.1f}%, top-1 class {top1:.1f}%"
        )
        if chosen is None and precision >= target_precision:
            chosen = threshold
    lines.append(
        f"chosen: temperature {best_t}, threshold {chosen} (target {target_precision:.0f}% right at the claimed level)"
    )
    return lines
