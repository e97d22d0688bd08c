"""`manage.py load_cpv`: load the CPV 2008 vocabulary (safe to run again)."""

from django.core.management.base import BaseCommand

from organizations.models import CpvCode
from organizations.vocabulary import cpv_vocabulary_load


class Command(BaseCommand):
    help = "Load the CPV 2008 vocabulary shipped with ALX; codes already present are kept."

    def handle(self, *args, **options):
        created = cpv_vocabulary_load()
        self.stdout.write(f"CPV vocabulary: {created} codes added, {CpvCode.objects.count()} in total.")
