import pytest
from django.core.exceptions import ValidationError

from discussion import services
from discussion.models import Answer, GuidingQuestion, Note, NoteVersion, Vote, default_dots
from tests.factories import make_answer, make_item, make_participant, make_question, make_user, make_workshop


def revision(question) -> int:
    return GuidingQuestion.objects.values_list("revision", flat=True).get(pk=question.pk)


def test_default_dots_follow_the_rule_of_thumb():
    assert [default_dots(n) for n in (0, 1, 5, 6, 12)] == [1, 1, 3, 4, 7]


def test_add_answer_stores_trimmed_text_and_bumps_revision(question, participant):
    answer = services.add_answer(question=question, participant=participant, text="  Mehr Rufbusse  ")
    assert (answer.text, answer.participant, revision(question)) == ("Mehr Rufbusse", participant, 1)


def test_add_answer_to_closed_question_is_refused(workshop, participant):
    question = make_question(workshop, status=GuidingQuestion.Status.CLOSED)
    with pytest.raises(ValidationError) as exc:
        services.add_answer(question=question, participant=participant, text="Zu spät")
    assert exc.value.messages == ["Diese Leitfrage ist nicht geöffnet: Antworten sind gerade nicht möglich."]
    assert Answer.objects.count() == 0


def test_add_answer_beyond_the_per_person_limit_is_refused(workshop, participant):
    question = make_question(workshop, answers_per_participant=1)
    services.add_answer(question=question, participant=participant, text="Eins")
    with pytest.raises(ValidationError):
        services.add_answer(question=question, participant=participant, text="Zwei")
    assert list(question.answers.values_list("text", flat=True)) == ["Eins"]


def test_add_answer_refuses_overlong_and_empty_text(question, participant):
    for text in ("x" * 501, "   "):
        with pytest.raises(ValidationError):
            services.add_answer(question=question, participant=participant, text=text)
    assert Answer.objects.count() == 0


def test_add_answer_from_another_workshops_participant_is_refused(question):
    stranger = make_participant(make_workshop())
    with pytest.raises(ValidationError):
        services.add_answer(question=question, participant=stranger, text="Hallo")
    assert Answer.objects.count() == 0


def test_card_answer_has_no_participant_and_works_on_a_closed_question(workshop):
    question = make_question(workshop, status=GuidingQuestion.Status.CLOSED)
    answer = services.add_card_answer(question=question, text="Von der Karte", card_author="Herr Meier")
    assert (answer.participant, answer.card_author, answer.from_paper_card) == (None, "Herr Meier", True)


def test_edit_answer_of_someone_else_is_refused(question, participant):
    answer = make_answer(question, participant=make_participant(question.workshop), text="Original")
    with pytest.raises(ValidationError):
        services.edit_answer(answer=answer, participant=participant, text="Geändert")
    answer.refresh_from_db()
    assert answer.text == "Original"


def test_delete_answer_removes_own_answer(question, participant):
    answer = make_answer(question, participant=participant)
    services.delete_answer(answer=answer, participant=participant)
    assert (Answer.objects.count(), revision(question)) == (0, 1)


def test_hiding_keeps_the_answer_and_bumps_revision(question):
    answer = make_answer(question)
    services.set_answer_flags(answer=answer, hidden=True)
    answer.refresh_from_db()
    assert (answer.hidden, revision(question)) == (True, 1)


def test_merge_themes_moves_answers_and_removes_the_source(question):
    source = services.create_theme(question=question, name="Mobilität")
    target = services.create_theme(question=question, name="ÖPNV")
    answer = make_answer(question, theme=source)
    services.merge_themes(source=source, target=target)
    answer.refresh_from_db()
    assert (answer.theme, list(question.themes.values_list("name", flat=True))) == (target, ["ÖPNV"])


def test_assign_theme_of_another_question_is_refused(question):
    other = make_question(question.workshop)
    theme = services.create_theme(question=other, name="Fremd")
    answer = make_answer(question)
    with pytest.raises(ValidationError):
        services.assign_theme(answer=answer, theme=theme)


def test_start_voting_fixes_the_budget_from_visible_answers(question):
    for _ in range(6):
        make_answer(question)
    make_answer(question, hidden=True)
    question = services.start_voting(question=question)
    assert (question.dots_per_participant, question.voting_open) == (4, True)


def test_start_voting_keeps_an_edited_budget(workshop):
    question = make_question(workshop, dots_per_participant=2)
    assert services.start_voting(question=question).dots_per_participant == 2


def test_votes_respect_budget_and_per_answer_limit(workshop, participant):
    question = make_question(workshop, dots_per_participant=3, max_dots_per_answer=2, voting_open=True)
    first, second = make_answer(question), make_answer(question)
    services.add_vote(answer=first, participant=participant)
    services.add_vote(answer=first, participant=participant)
    with pytest.raises(ValidationError) as exc:
        services.add_vote(answer=first, participant=participant)
    assert exc.value.messages == ["Auf eine Antwort können Sie höchstens 2 Punkte setzen."]
    services.add_vote(answer=second, participant=participant)
    with pytest.raises(ValidationError) as exc:
        services.add_vote(answer=second, participant=participant)
    assert exc.value.messages == ["Sie haben alle Ihre Punkte vergeben."]
    assert Vote.objects.filter(participant=participant).count() == 3


def test_vote_on_hidden_answer_or_closed_voting_is_refused(workshop, participant):
    question = make_question(workshop, dots_per_participant=3, voting_open=True)
    hidden = make_answer(question, hidden=True)
    with pytest.raises(ValidationError):
        services.add_vote(answer=hidden, participant=participant)
    services.stop_voting(question=question)
    with pytest.raises(ValidationError):
        services.add_vote(answer=make_answer(question), participant=participant)
    assert Vote.objects.count() == 0


def test_remove_vote_gives_the_dot_back(workshop, participant):
    question = make_question(workshop, dots_per_participant=1, voting_open=True)
    answer = make_answer(question)
    services.add_vote(answer=answer, participant=participant)
    services.remove_vote(answer=answer, participant=participant)
    services.add_vote(answer=answer, participant=participant)
    assert Vote.objects.count() == 1


@pytest.mark.parametrize("revealed", [False, True])
def test_dots_change_the_walls_only_while_results_are_revealed(workshop, participant, revealed):
    question = make_question(workshop, voting_open=True, dots_per_participant=3, results_revealed=revealed)
    answer = make_answer(question)

    def revision():
        return GuidingQuestion.objects.get(pk=question.pk).revision

    before = revision()
    services.add_vote(answer=answer, participant=participant)
    after_add = revision()
    services.remove_vote(answer=answer, participant=participant)
    assert (after_add - before, revision() - after_add) == ((1, 1) if revealed else (0, 0))


def test_ranking_orders_by_dots(workshop, participant):
    question = make_question(workshop, dots_per_participant=3, voting_open=True)
    low, high = make_answer(question, text="wenig"), make_answer(question, text="viel")
    services.add_vote(answer=high, participant=participant)
    services.add_vote(answer=high, participant=participant)
    services.add_vote(answer=low, participant=participant)
    assert [(a.text, a.dots) for a in services.ranking(question)] == [("viel", 2), ("wenig", 1)]


def test_save_note_keeps_versions(workshop):
    item, user = make_item(workshop), make_user()
    services.save_note(agenda_item=item, text="Erste Fassung", base_version=0, user=user)
    note = services.save_note(agenda_item=item, text="Zweite Fassung", base_version=1, user=user)
    assert note.version == 2
    assert list(NoteVersion.objects.values_list("version", "text")) == [
        (2, "Zweite Fassung"),
        (1, "Erste Fassung"),
    ]


def test_save_note_with_unchanged_text_makes_no_version(workshop):
    item, user = make_item(workshop), make_user()
    services.save_note(agenda_item=item, text="Gleich", base_version=0, user=user)
    services.save_note(agenda_item=item, text="Gleich", base_version=1, user=user)
    assert NoteVersion.objects.count() == 1


def test_save_note_from_an_old_version_is_a_conflict_and_changes_nothing(workshop):
    item = make_item(workshop)
    alice, bob = make_user(), make_user()
    services.save_note(agenda_item=item, text="Start", base_version=0, user=alice)
    services.save_note(agenda_item=item, text="Alice ergänzt", base_version=1, user=alice)
    with pytest.raises(services.NoteConflict) as exc:
        services.save_note(agenda_item=item, text="Bob ergänzt", base_version=1, user=bob)
    assert (exc.value.note.text, exc.value.note.version) == ("Alice ergänzt", 2)
    assert Note.objects.get().text == "Alice ergänzt"
    assert NoteVersion.objects.count() == 2


def test_render_note_keeps_the_subset_and_strips_the_rest():
    html = services.render_note(
        "Absatz mit **fett** und [Link](https://example.org)\n\n- eins\n- zwei\n\n"
        "<script>alert(1)</script> [böse](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert html == (
        '<p>Absatz mit <strong>fett</strong> und <a href="https://example.org" rel="noopener noreferrer">Link</a></p>\n'
        "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>\n\n"
        '<p><a rel="noopener noreferrer">böse</a> </p>'
    )


def test_move_agenda_starts_next_and_previous(workshop):
    first, second = make_item(workshop), make_item(workshop)
    services.move_agenda(workshop=workshop, direction="next")
    assert workshop.current_item == first
    services.move_agenda(workshop=workshop, direction="next")
    assert workshop.current_item == second
    with pytest.raises(ValidationError):
        services.move_agenda(workshop=workshop, direction="next")
    services.move_agenda(workshop=workshop, direction="previous")
    assert workshop.current_item == first
