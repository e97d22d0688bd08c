"""`manage.py rematch_all`: run the full re-match in this process (what the Celery task does), with progress."""

from django.core.management.base import BaseCommand

from marketplace.matching.rematch import MAX_LOTS_PER_TRANSACTION, rematch_all, rematch_start
from marketplace.matching.saved_searches import saved_searches_notify


class Command(BaseCommand):
    help = "Re-match every open tender against all listings and organizations, printing progress."

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk",
            type=int,
            default=MAX_LOTS_PER_TRANSACTION,
            help="most lots (of one CPV scope) re-matched in one transaction",
        )

    def handle(self, *args, **options):
        run = rematch_start()
        self.stdout.write(f"Re-match {run.pk}: {run.total} open tenders")
        run = rematch_all(
            run_id=run.pk,
            chunk=options["chunk"],
            tender_done=lambda tender: saved_searches_notify(tender=tender),  # as the task alerts
        )
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(f"done {run.done}/{run.total} in {seconds:.1f} s")
