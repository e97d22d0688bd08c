"""`manage.py evaluate_cpv_suggest`: top-1/top-5 accuracy of the CPV suggester by level, beside a baseline."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations.cpv_suggest import evaluation as ev
from organizations.cpv_suggest.engine import THRESHOLD, CpvSuggester
from organizations.cpv_suggest.store import build_index

COLUMNS = [f"top{k}_{level}" for level in ev.LEVELS for k in (1, 5)]


class Command(BaseCommand):
    help = (
        "Evaluate the CPV suggester on the labelled set (written before tuning): accuracy at division, group "
        "and class level for retrieval alone and with the trained layer (5-fold cross-validated), beside the "
        "baseline 'the buyer's or provider's most frequent division'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=ev.LABELLED, help="The labelled YAML file.")
        parser.add_argument(
            "--sweep",
            action="store_true",
            help="Also show how TEMPERATURE and THRESHOLD were chosen on the development half.",
        )

    def handle(self, *args, path: Path, sweep: bool, **options):
        items = ev.load_items(path)
        index = build_index()
        if not index.codes:
            raise CommandError("The CPV vocabulary is not loaded: run `manage.py load_cpv` first.")
        dev, test = ev.split(items)
        german = sum(item.lang == "de" for item in items)
        self.stdout.write(
            f"Labelled set: {len(items)} texts ({german} German, {len(items) - german} English); "
            f"development half {len(dev)}, test half {len(test)}."
        )
        if sweep:
            for line in ev.sweep(index, dev):
                self.stdout.write(f"  {line}")
        retrieval = CpvSuggester(index)
        rows = [("baseline: organisation's most frequent (all)", ev.baseline_accuracy(items))]
        for name, part in (("retrieval, test half", test), ("retrieval, all", items)):
            rows.append((name, ev.accuracy(ev.suggester_predictions(retrieval, part), part)))
        for lang in ("de", "en"):
            part = [item for item in items if item.lang == lang]
            rows.append((f"retrieval, {lang} only", ev.accuracy(ev.suggester_predictions(retrieval, part), part)))
        cross = ev.cross_validated_predictions(index, items)
        rows.append(("retrieval + trained layer, 5-fold CV (all)", ev.accuracy(cross, items)))
        self.stdout.write("")
        self.stdout.write(f"{'model':<46}" + "".join(f"{c:>15}" for c in COLUMNS))
        for name, scores in rows:
            self.stdout.write(f"{name:<46}" + "".join(f"{scores[c]:>14.1f}%" for c in COLUMNS))
        self.stdout.write("")
        self.stdout.write(
            f"First suggestion right at the level it claims (threshold {THRESHOLD}): "
            f"{ev.claimed_precision(retrieval, test):.1f}% on the test half."
        )
