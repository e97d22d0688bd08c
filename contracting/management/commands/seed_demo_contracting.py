"""`manage.py seed_demo_contracting`: a signed framework contract with an order and deliveries for the demo."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from contracting.demo import contracting_demo_load
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Load the contracting demo data (idempotent). Never stops `make run`: a failure is reported, not raised."

    def handle(self, *args, **options):
        try:
            lines = contracting_demo_load()
        except (ApplicationError, DatabaseError, ObjectDoesNotExist) as error:
            # The demo contract is a convenience; the rest of the demo must start without it.
            self.stderr.write(f"Contracting demo data not loaded: {error}")
            return
        for line in lines:
            self.stdout.write(line)
