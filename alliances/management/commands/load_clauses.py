"""`manage.py load_clauses`: load the clause library (alliances/clauses/*.yaml) into ClauseTemplate."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.agreements.library import CLAUSE_DIR, ClauseFileError, clause_library_load


class Command(BaseCommand):
    help = "Load the clause library for alliance agreements; safe to run again (updates in place)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=CLAUSE_DIR, help="directory of clause YAML files")

    def handle(self, *args, **options):
        try:
            counts = clause_library_load(options["dir"])
        except ClauseFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                "Clause library: {created} created, {updated} updated, {unchanged} unchanged.".format(**counts)
            )
        )
