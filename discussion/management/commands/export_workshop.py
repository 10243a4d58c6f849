"""Write a workshop's JSON archive to stdout or a file: ``manage.py export_workshop SLUG [-o FILE]``.

The archive holds personal data of participants: store it like the database itself.
"""

from django.core.management.base import BaseCommand, CommandError

from discussion.exports import archive_json
from workshops.models import Workshop


class Command(BaseCommand):
    help = "Exportiert einen Workshop als JSON-Archiv (zum Import mit import_workshop)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Kurzname des Workshops")
        parser.add_argument("-o", "--output", help="Datei (ohne Angabe: Standardausgabe)")

    def handle(self, *args, slug, output=None, **options):
        workshop = Workshop.objects.filter(slug=slug).first()
        if workshop is None:
            raise CommandError(f"Es gibt keinen Workshop mit dem Kurznamen „{slug}“.")
        text = archive_json(workshop)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            self.stdout.write(text)
