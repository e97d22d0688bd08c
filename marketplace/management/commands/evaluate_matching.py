"""`manage.py evaluate_matching`: precision@5, recall@20 and nDCG@10 of the engine and baselines on the labelled set."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from marketplace.matching.evaluation import evaluate

DEFAULT_SET = Path(settings.BASE_DIR) / "tests" / "marketplace" / "data" / "matching_eval.yaml"


class Command(BaseCommand):
    help = "Rank the labelled evaluation set (built and rolled back) and print precision@5, recall@20, nDCG@10."

    def add_arguments(self, parser):
        parser.add_argument("--set", default=str(DEFAULT_SET), help="YAML file with the labelled set")

    def handle(self, *args, **options):
        result = evaluate(path=Path(options["set"]))
        for lot in result["lots"]:
            self.stdout.write(
                f"  {lot['lot'][:48]:<48} P@5 {lot['precision_at_5']:.2f}  R@20 {lot['recall_at_20']:.2f}"
                f"  nDCG@10 {lot['ndcg_at_10']:.2f}  relevant at ranks {lot['relevant_ranks']}"
            )
        rows = [("engine", result), *result["baselines"].items()]
        for name, figures in rows:
            self.stdout.write(
                f"{name:<10} precision@5 {figures['precision_at_5']:.3f}  recall@20 "
                f"{figures['recall_at_20']:.3f}  nDCG@10 {figures['ndcg_at_10']:.3f}"
            )
