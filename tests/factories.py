"""Boring factories for tests: plain functions with sensible defaults."""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model

from participants.models import Participant
from workshops.models import AgendaItem, Membership, Role, Workshop, new_join_code
from workshops.vocabulary import ActorGroup

_counter = itertools.count(1)


def make_user(username: str | None = None, password: str = "pw-for-tests-123"):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password=password)


def make_workshop(*, organiser=None, **fields) -> Workshop:
    n = next(_counter)
    defaults = {
        "title": f"Workshop {n}",
        "slug": f"workshop-{n}",
        "date": dt.date(2030, 5, 14),
        "start_time": dt.time(9, 0),
        "planned_end_time": dt.time(12, 0),
        "join_code": new_join_code(),
    }
    workshop = Workshop.objects.create(**{**defaults, **fields})
    if organiser is not None:
        Membership.objects.create(workshop=workshop, user=organiser, role=Role.ORGANISER)
    return workshop


def add_member(workshop: Workshop, user=None, role: str = Role.FACILITATOR):
    user = user or make_user()
    Membership.objects.create(workshop=workshop, user=user, role=role)
    return user


def make_item(workshop: Workshop, **fields) -> AgendaItem:
    position = workshop.agenda_items.count() + 1
    defaults = {"title": f"Punkt {position}", "kind": AgendaItem.Kind.TALK, "duration_minutes": 30}
    return AgendaItem.objects.create(workshop=workshop, position=position, **{**defaults, **fields})


def make_participant(workshop: Workshop, **fields) -> Participant:
    n = next(_counter)
    defaults = {
        "display_name": f"Person {n}",
        "organisation": f"Gemeinde {n}",
        "function": "Bürgermeisterin",
        "actor_group": ActorGroup.ADMINISTRATION,
    }
    participant = Participant(workshop=workshop, **{**defaults, **fields})
    participant.set_new_resume_token()
    participant.save()
    return participant


# == discussion ==
def make_question(workshop: Workshop, **fields):
    from discussion.models import GuidingQuestion

    position = workshop.guiding_questions.count() + 1
    defaults = {"text": f"Leitfrage {position}?", "status": GuidingQuestion.Status.OPEN, "position": position}
    return GuidingQuestion.objects.create(workshop=workshop, **{**defaults, **fields})


def make_answer(question, participant=None, **fields):
    from discussion.models import Answer

    defaults = {"text": f"Antwort {next(_counter)}"}
    return Answer.objects.create(question=question, participant=participant, **{**defaults, **fields})
