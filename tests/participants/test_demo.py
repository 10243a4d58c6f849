from django.core.management import call_command

from participants.demo import DEMO_PARTICIPANTS
from workshops.models import Workshop


def test_load_demo_adds_the_demo_participants_once(db):
    call_command("load_demo")
    call_command("load_demo")

    workshop = Workshop.objects.get()
    participants = list(workshop.participants.all())
    assert [p.display_name for p in participants] == [row[0] for row in DEMO_PARTICIPANTS]
    assert len({p.actor_group for p in participants}) == 7
    assert len({p.level for p in participants}) == 4
    assert {p.consent_to_be_named for p in participants} == {True, False}
    assert all(p.resume_token_hash for p in participants)
