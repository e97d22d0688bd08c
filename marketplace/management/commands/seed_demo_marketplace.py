"""`manage.py seed_demo_marketplace`: demo listings and an open tender (runs once)."""

from django.core.management.base import BaseCommand

from marketplace.demo import marketplace_demo_load


class Command(BaseCommand):
    help = "Load the marketplace demo data; needs seed_demo first."

    def handle(self, *args, **options):
        for line in marketplace_demo_load():
            self.stdout.write(line)
