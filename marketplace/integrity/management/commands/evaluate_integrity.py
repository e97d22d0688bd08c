"""`manage.py evaluate_integrity`: recall and false alarms per red flag on synthetic tenders with injected
patterns, and the abnormally-low rule's false-alarm rate on lots without outliers. Writes nothing."""

from django.core.management.base import BaseCommand

from marketplace.integrity.evaluation import alt_false_alarm_rate, evaluate_flags


class Command(BaseCommand):
    help = "Evaluate the integrity flags on generated tenders with injected patterns (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--lots", type=int, default=900)
        parser.add_argument("--inject-each", type=int, default=20)
        parser.add_argument("--alt-lots", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, lots, inject_each, alt_lots, seed, **options):
        self.stdout.write(f"{'flag':8} {'injected':>8} {'caught':>7} {'recall':>7} {'clean':>6} {'false alarms':>12}")
        for s in evaluate_flags(lots=lots, inject_each=inject_each, seed=seed):
            self.stdout.write(
                f"{s.code:8} {s.injected:8d} {s.caught:7d} {s.recall:7.3f} {s.clean:6d} {s.false_alarms:12d}"
            )
        self.stdout.write(
            "ALT at the default threshold (20 % below the mean of the others / the estimate), lots without outliers:"
        )
        for dispersion in (0.05, 0.10, 0.15):
            flagged, total = alt_false_alarm_rate(lots=alt_lots, dispersion=dispersion, seed=seed + 4)
            self.stdout.write(
                f"  log-normal price spread sigma={dispersion:.2f}: {flagged}/{total} lots flagged "
                f"= {flagged / total * 100:.2f} % false alarms"
            )
