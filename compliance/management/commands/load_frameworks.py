"""`manage.py load_frameworks`: load the readiness frameworks and destination rules (safe to run again)."""

from django.core.management.base import BaseCommand, CommandError

from compliance.library import FrameworkFileError, destination_rules_load, framework_library_load


class Command(BaseCommand):
    help = "Load compliance/frameworks/*.yaml and the shipped destination rules; existing data is updated."

    def handle(self, *args, **options):
        try:
            frameworks = framework_library_load()
        except FrameworkFileError as error:
            raise CommandError(str(error)) from error
        for framework in frameworks:
            count = framework.requirements.filter(is_section=False).count()
            self.stdout.write(f"{framework.key} {framework.version}: {count} requirements")
        self.stdout.write(f"Destination rules added: {destination_rules_load()}")
