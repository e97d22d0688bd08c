"""`manage.py seed_demo_compliance`: demo assessments, badges, a licence and a share (runs once)."""

from django.core.management.base import BaseCommand

from compliance.demo import compliance_demo_load


class Command(BaseCommand):
    help = "Load the compliance demo story; needs seed_demo and load_frameworks first."

    def handle(self, *args, **options):
        for line in compliance_demo_load():
            self.stdout.write(line)
