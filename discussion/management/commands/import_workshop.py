"""Import a workshop from its JSON archive: ``manage.py import_workshop FILE``.

Refuses a workshop whose slug already exists (so running it twice changes nothing). Team members
are matched by username; those without an account here are listed and left out.
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from discussion.exports import ArchiveError, import_archive


class Command(BaseCommand):
    help = "Importiert einen Workshop aus einem JSON-Archiv von export_workshop."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON-Archiv")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
            workshop, missing = import_archive(data=data)
        except (OSError, json.JSONDecodeError, KeyError, TypeError) as error:
            raise CommandError(f"Das Archiv ist nicht lesbar: {error}") from error
        except (ArchiveError, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        for username in missing:
            self.stderr.write(f"Kein Konto „{username}“: nicht ins Team übernommen.")
        self.stdout.write(self.style.SUCCESS(f"Importiert: {workshop.title} ({workshop.slug})"))
