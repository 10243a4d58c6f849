"""A participant's name change or departure refreshes the walls that show them."""

from discussion.models import GuidingQuestion, Vote
from participants import services as participant_services
from tests.factories import make_answer, make_participant, make_question


def revisions(*questions) -> list[int]:
    return [GuidingQuestion.objects.get(pk=q.pk).revision for q in questions]


def test_name_change_bumps_only_named_walls_with_their_answers(workshop, participant):
    named = make_question(workshop, anonymous=False)
    anonymous = make_question(workshop, anonymous=True)
    untouched = make_question(workshop, anonymous=False)
    make_answer(named, participant=participant)
    make_answer(anonymous, participant=participant)
    make_answer(untouched, participant=make_participant(workshop))
    participant_services.update_participant(participant=participant, display_name="Anna B.")
    assert revisions(named, anonymous, untouched) == [1, 0, 0]


def test_new_resume_link_leaves_the_walls_alone(workshop, participant):
    named = make_question(workshop, anonymous=False)
    make_answer(named, participant=participant)
    participant_services.new_resume_link(participant=participant)
    assert revisions(named) == [0]


def test_joining_leaves_the_walls_alone(workshop, question):
    make_participant(workshop)
    assert revisions(question) == [0]


def test_leaving_bumps_every_wall_with_their_answers_or_dots(workshop, participant):
    answered = make_question(workshop, anonymous=True)
    voted = make_question(workshop, anonymous=True)
    untouched = make_question(workshop)
    make_answer(answered, participant=participant)
    Vote.objects.create(question=voted, answer=make_answer(voted), participant=participant)
    participant_services.remove_participant(participant=participant)
    assert revisions(answered, voted, untouched) == [1, 1, 0]
    assert answered.answers.count() == 0


def test_erasing_personal_data_bumps_the_named_walls_of_that_workshop(
    workshop, participant, django_capture_on_commit_callbacks
):
    from workshops.models import Workshop

    named = make_question(workshop, anonymous=False)
    anonymous = make_question(workshop, anonymous=True)
    make_answer(named, participant=participant)
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.CLOSED)
    workshop.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        participant_services.erase_personal_data(workshop=workshop)
    assert revisions(named, anonymous) == [1, 0]
