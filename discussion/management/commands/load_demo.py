"""Load the demo workshop (idempotent): ``python manage.py load_demo``.

It lives in the top layer (discussion) because it calls every app's demo loader in turn.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from discussion.demo import load_demo_discussion
from discussion.fazit_demo import load_demo_fazit
from participants.demo import load_demo_participants
from workshops.demo import DEMO_PASSWORD, DEMO_USERNAME, load_demo_workshop


class Command(BaseCommand):
    help = "Lädt den Demo-Workshop aus dem Seed (mehrfach ausführbar, ändert Vorhandenes nicht)."

    def handle(self, *args, **options):
        workshop = load_demo_workshop()
        load_demo_participants(workshop=workshop)
        load_demo_discussion(workshop=workshop)
        load_demo_fazit(workshop=workshop)
        self.stdout.write(
            self.style.SUCCESS(f"Demo-Workshop: {workshop.title} ({workshop.get_absolute_url()})")
        )
        if not settings.PRODUCTION:
            self.stdout.write(f"Anmeldung: Benutzername „{DEMO_USERNAME}“, Passwort „{DEMO_PASSWORD}“")
