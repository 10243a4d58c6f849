"""The demo workshop, built from the real workshop Werkstatt started from (shared/seed).

The seed text is copied into the app (seed.txt) so a fresh machine has it; ``parse_seed`` reads its
agenda (title line, presenter line, blank line) and its guiding questions (bullets after "Leitfragen").
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from workshops.models import AgendaItem, Membership, Role, Workshop

SEED_PATH = Path(__file__).with_name("seed.txt")
DEMO_SLUG = "integrierte-regionalplanung-demo"
DEMO_USERNAME = "moderation"
DEMO_PASSWORD = "werkstatt"
ORGANISER = "Transferstelle Daseinsvorsorge"

# Durations (minutes) and kinds for the seed's agenda, by the first word(s) of the title.
_KIND_RULES = [
    ("Begrüßung", AgendaItem.Kind.WELCOME, 15),
    ("Vorstellung", AgendaItem.Kind.INTRODUCTIONS, 30),
    ("Elemente", AgendaItem.Kind.TALK, 30),
    ("Erfahrungen", AgendaItem.Kind.EXPERIENCE, 30),
    ("Diskussion", AgendaItem.Kind.DISCUSSION, 60),
    ("Gemeinsames Fazit", AgendaItem.Kind.CONCLUSION, 20),
]


@dataclass
class SeedAgendaItem:
    title: str
    presenters: str
    kind: str
    duration_minutes: int


@dataclass
class Seed:
    agenda: list[SeedAgendaItem] = field(default_factory=list)
    guiding_questions: list[str] = field(default_factory=list)


def _kind_and_duration(title: str) -> tuple[str, int]:
    for prefix, kind, minutes in _KIND_RULES:
        if title.startswith(prefix):
            return kind, minutes
    return AgendaItem.Kind.OTHER, 20


def parse_seed(text: str) -> Seed:
    seed = Seed()
    lines = [line.strip() for line in text.splitlines()]
    # The agenda is everything before the line "Agenda": blocks of a title and optional presenters.
    end = lines.index("Agenda") if "Agenda" in lines else len(lines)
    block: list[str] = []
    for line in [*lines[:end], ""]:
        if line:
            block.append(line)
            continue
        if block:
            title, presenters = block[0], ", ".join(block[1:])
            if presenters.endswith(ORGANISER):
                presenters = presenters[: -len(ORGANISER)].rstrip(", ")
            if presenters == "Alle Teilnehmenden":
                presenters = "alle"
            kind, minutes = _kind_and_duration(title)
            seed.agenda.append(SeedAgendaItem(title, presenters, kind, minutes))
            block = []
    # Guiding questions: bullets after "Leitfragen", a question may wrap over several lines.
    if "Leitfragen" in lines:
        current: list[str] = []
        for line in lines[lines.index("Leitfragen") + 1 :]:
            if line.startswith("•"):
                if current:
                    seed.guiding_questions.append(" ".join(current))
                current = [line.lstrip("• ").strip()]
            elif line and current and not current[-1].endswith("?"):
                current.append(line)
            elif line and current:
                break
        if current:
            seed.guiding_questions.append(" ".join(current))
    seed.guiding_questions = [re.sub(r"\s+", " ", q).strip() for q in seed.guiding_questions]
    return seed


def load_seed() -> Seed:
    return parse_seed(SEED_PATH.read_text(encoding="utf-8"))


@transaction.atomic
def load_demo_workshop(*, seed: Seed | None = None) -> Workshop:
    """Create the demo workshop and its agenda once; later calls change nothing and return it."""
    seed = seed or load_seed()
    workshop = Workshop.objects.filter(slug=DEMO_SLUG).first()
    if workshop is None:
        workshop = Workshop.objects.create(
            slug=DEMO_SLUG,
            title="Integrierte Regionalplanung und Regionalentwicklung",
            subtitle="Kooperation und Kommunikation in der regionalen Daseinsvorsorge",
            region="Mecklenburgische Seenplatte",
            venue="Neubrandenburg, Hochschule Neubrandenburg, Haus 1",
            date=timezone.localdate() + dt.timedelta(days=14),
            start_time=dt.time(13, 0),
            planned_end_time=dt.time(16, 15),
            organiser_name=ORGANISER,
            description=(
                "Regionaler Kooperationsworkshop: Elemente integrierter Regionalplanung und "
                "Regionalentwicklung, Erfahrungen aus Modellvorhaben und eine gemeinsame Diskussion "
                "anhand von Leitfragen."
            ),
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(
                workshop=workshop,
                position=position,
                title=item.title,
                kind=item.kind,
                duration_minutes=item.duration_minutes,
                presenters=item.presenters,
            )
            for position, item in enumerate(seed.agenda, start=1)
        )
    if not settings.PRODUCTION:
        user = ensure_demo_user()
        Membership.objects.get_or_create(workshop=workshop, user=user, defaults={"role": Role.ORGANISER})
    return workshop


def ensure_demo_user():
    """The demo organiser account, for development only (never in production mode)."""
    if settings.PRODUCTION:
        raise RuntimeError("The demo account is never created in production mode.")
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Moderation"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
