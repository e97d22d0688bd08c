"""`manage.py seed_demo_loghubs`: the demo hub network, slots for eight weeks, nAP logins and demo requests."""

from django.core.management.base import BaseCommand

from loghubs.demo import loghubs_demo_load


class Command(BaseCommand):
    help = "Load the LogHubs demo data (idempotent; tops the slots up to eight weeks from today)."

    def handle(self, *args, **options):
        for line in loghubs_demo_load():
            self.stdout.write(line)
