"""`manage.py seed_demo`: load the demo organizations and logins (keeps existing data)."""

from django.core.management.base import BaseCommand

from organizations.demo import DEMO_PASSWORD, demo_data_load


class Command(BaseCommand):
    help = "Load demo organizations and one login per platform role; safe to run again."

    def handle(self, *args, **options):
        logins = demo_data_load()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, roles in logins:
            self.stdout.write(f"  {email:<26} {roles}")
