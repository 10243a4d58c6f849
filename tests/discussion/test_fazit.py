import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from discussion import fazit as services
from discussion.models import Endorsement, Fazit, Statement
from tests.conftest import login_participant
from tests.discussion.summary_factories import endorse, fill_workshop, make_statement
from tests.factories import make_participant, make_workshop
from workshops.models import Role

AGREED, OPEN, NEXT = Statement.Part.AGREED, Statement.Part.OPEN, Statement.Part.NEXT_STEP
LOCKED = "Das Fazit ist abgeschlossen und kann nicht mehr geändert werden."


def texts(workshop, part=AGREED):
    return list(Statement.objects.filter(fazit__workshop=workshop, part=part).values_list("text", flat=True))


def finalise(workshop, user):
    return services.finalise(fazit=services.fazit_for(workshop), user=user)


# --- services ---------------------------------------------------------------------------------------


def test_add_statement_numbers_positions_within_part(workshop):
    a = make_statement(workshop, text="A")
    b = make_statement(workshop, text="B")
    c = make_statement(workshop, part=OPEN, text="C")
    assert [a.position, b.position, c.position] == [1, 2, 1]


def test_add_statement_keeps_who_and_when_only_for_next_steps(workshop):
    step = make_statement(workshop, part=NEXT, text="Förderantrag", responsible="Landkreis", due="März")
    agreed = make_statement(workshop, text="Konsens", responsible="Landkreis", due="März")
    assert (step.responsible, step.due) == ("Landkreis", "März")
    assert (agreed.responsible, agreed.due) == ("", "")


def test_move_statement_swaps_neighbours_and_ignores_the_edge(workshop):
    a, b, c = (make_statement(workshop, text=t) for t in "ABC")
    services.move_statement(statement=c, direction="up")
    assert texts(workshop) == ["A", "C", "B"]
    services.move_statement(statement=a, direction="up")
    assert texts(workshop) == ["A", "C", "B"]


def test_delete_statement_renumbers_the_part(workshop):
    a, b, c = (make_statement(workshop, text=t) for t in "ABC")
    services.delete_statement(statement=b)
    assert list(Statement.objects.order_by("position").values_list("text", "position")) == [
        ("A", 1),
        ("C", 2),
    ]


def test_endorse_again_replaces_the_first_answer(workshop):
    statement = make_statement(workshop)
    person = make_participant(workshop)
    services.endorse(statement=statement, participant=person, stance="support")
    services.endorse(statement=statement, participant=person, stance="objection", comment="Zu vage")
    assert list(Endorsement.objects.values_list("stance", "comment")) == [("objection", "Zu vage")]


def test_endorsement_unique_per_participant_and_statement(workshop):
    statement = make_statement(workshop)
    person = make_participant(workshop)
    endorse(statement, person)
    with pytest.raises(IntegrityError), transaction.atomic():
        endorse(statement, person, stance=Endorsement.Stance.OBJECTION)


def test_endorse_refuses_participant_of_another_workshop(workshop):
    statement = make_statement(workshop)
    stranger = make_participant(make_workshop())
    with pytest.raises(ValidationError):
        services.endorse(statement=statement, participant=stranger, stance="support")
    assert Endorsement.objects.count() == 0


def test_final_fazit_refuses_every_change(workshop, organiser):
    statement = make_statement(workshop, text="Bleibt")
    person = make_participant(workshop)
    fazit = finalise(workshop, organiser)
    attempts = [
        lambda: services.update_introduction(fazit=fazit, introduction="neu"),
        lambda: services.add_statement(fazit=fazit, part=AGREED, text="neu"),
        lambda: services.update_statement(statement=statement, text="neu"),
        lambda: services.delete_statement(statement=statement),
        lambda: services.move_statement(statement=statement, direction="down"),
        lambda: services.endorse(statement=statement, participant=person, stance="support"),
        lambda: services.finalise(fazit=fazit, user=organiser),
    ]
    for attempt in attempts:
        with pytest.raises(services.FazitLocked):
            attempt()
    assert texts(workshop) == ["Bleibt"]
    assert Endorsement.objects.count() == 0
    assert Fazit.objects.get().introduction == ""


def test_publish_needs_final_fazit_and_unpublish_clears_token(workshop, organiser):
    fazit = services.fazit_for(workshop)
    with pytest.raises(ValidationError):
        services.publish(fazit=fazit)
    finalise(workshop, organiser)
    token = services.publish(fazit=fazit).publication_token
    assert len(token) >= 32
    assert services.unpublish(fazit=fazit).publication_token is None


# --- team views -------------------------------------------------------------------------------------


def url(name, workshop, **kwargs):
    return reverse(f"discussion:{name}", kwargs={"slug": workshop.slug, **kwargs})


@pytest.fixture
def facilitator_client(client, team):
    client.force_login(team[Role.FACILITATOR])
    return client


def test_fazit_page_shows_statements_counts_and_comments(facilitator_client, workshop):
    statement = make_statement(workshop, text="Mobilitätsverbund gründen")
    endorse(statement, make_participant(workshop))
    endorse(statement, make_participant(workshop), stance=Endorsement.Stance.OBJECTION, comment="Wer zahlt?")
    response = facilitator_client.get(url("fazit", workshop))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mobilitätsverbund gründen" in page
    assert "1 trägt mit" in page and "1 Einwand" in page
    assert "Wer zahlt?" in page


def test_add_statement_plain_redirects_with_message(facilitator_client, workshop):
    response = facilitator_client.post(
        url("statement_add", workshop),
        {"part": NEXT, "next_step-text": "Antrag", "next_step-responsible": "Amt", "next_step-due": "Mai"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("fazit", workshop) + "#part-next_step"
    assert list(Statement.objects.values_list("part", "text", "responsible", "due")) == [
        (NEXT, "Antrag", "Amt", "Mai")
    ]
    page = facilitator_client.get(response["Location"]).content.decode()
    assert "Die Aussage wurde hinzugefügt." in page


def test_add_statement_htmx_returns_the_part(facilitator_client, workshop):
    response = facilitator_client.post(
        url("statement_add", workshop),
        {"part": OPEN, "open-text": "Finanzierung unklar"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<section id="part-open"')
    assert "Finanzierung unklar" in body
    assert "HX-Request" in response["Vary"]


def test_add_statement_empty_text_shows_error_and_saves_nothing(facilitator_client, workshop):
    response = facilitator_client.post(url("statement_add", workshop), {"part": AGREED, "agreed-text": "  "})
    assert response.status_code == 422
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert Statement.objects.count() == 0


@pytest.mark.parametrize("htmx", [False, True])
def test_add_statement_too_long_keeps_the_text(facilitator_client, workshop, htmx):
    text = "x" * 2001
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = facilitator_client.post(
        url("statement_add", workshop), {"part": AGREED, "agreed-text": text}, **extra
    )
    assert response.status_code == (200 if htmx else 422)  # htmx swaps only 2xx responses
    assert (
        "Bitte sicherstellen, dass der Wert aus höchstens 2000 Zeichen besteht. (Er besteht aus 2001 Zeichen.)"
        in response.content.decode()
    )
    assert text in response.content.decode()
    assert Statement.objects.count() == 0


def test_add_statement_unknown_part_is_404(facilitator_client, workshop):
    assert (
        facilitator_client.post(url("statement_add", workshop), {"part": "x", "x-text": "a"}).status_code
        == 404
    )


def test_move_statement_plain_and_htmx(facilitator_client, workshop):
    make_statement(workshop, text="A")
    b = make_statement(workshop, text="B")
    response = facilitator_client.post(url("statement_move", workshop, pk=b.pk), {"direction": "up"})
    assert response.status_code == 302
    assert texts(workshop) == ["B", "A"]
    response = facilitator_client.post(
        url("statement_move", workshop, pk=b.pk), {"direction": "down"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert texts(workshop) == ["A", "B"]
    assert response.content.decode().strip().startswith('<section id="part-agreed"')


def test_delete_statement_plain_and_htmx(facilitator_client, workshop):
    a, b = make_statement(workshop, text="A"), make_statement(workshop, text="B")
    assert facilitator_client.post(url("statement_delete", workshop, pk=a.pk)).status_code == 302
    response = facilitator_client.post(url("statement_delete", workshop, pk=b.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Noch keine Aussagen." in response.content.decode()
    assert Statement.objects.count() == 0


def test_statement_of_another_workshop_is_404(facilitator_client, workshop):
    foreign = make_statement(make_workshop())
    assert facilitator_client.post(url("statement_delete", workshop, pk=foreign.pk)).status_code == 404
    assert facilitator_client.get(url("statement_edit", workshop, pk=foreign.pk)).status_code == 404
    assert Statement.objects.count() == 1


def test_edit_statement_saves(facilitator_client, workshop):
    statement = make_statement(workshop, part=NEXT, text="Alt")
    response = facilitator_client.post(
        url("statement_edit", workshop, pk=statement.pk),
        {"text": "Neu", "responsible": "Kreis", "due": "2031"},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.text, statement.responsible, statement.due) == ("Neu", "Kreis", "2031")


def test_introduction_update(facilitator_client, workshop):
    response = facilitator_client.post(
        url("fazit_introduction", workshop), {"introduction": "Ein guter Abend."}
    )
    assert response.status_code == 302
    assert Fazit.objects.get().introduction == "Ein guter Abend."


def test_finalise_locks_and_later_edits_say_so(facilitator_client, workshop, team):
    statement = make_statement(workshop, text="Fest")
    response = facilitator_client.post(url("fazit_finalise", workshop))
    assert response.status_code == 302
    fazit = Fazit.objects.get()
    assert (fazit.state, fazit.finalised_by) == (Fazit.State.FINAL, team[Role.FACILITATOR])

    response = facilitator_client.post(
        url("statement_edit", workshop, pk=statement.pk), {"text": "Anders"}, follow=True
    )
    assert LOCKED in response.content.decode()
    response = facilitator_client.post(
        url("statement_add", workshop), {"part": AGREED, "agreed-text": "Neu"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"
    response = facilitator_client.post(
        url("statement_move", workshop, pk=statement.pk), {"direction": "down"}, follow=True
    )
    assert LOCKED in response.content.decode()
    assert texts(workshop) == ["Fest"]
    page = facilitator_client.get(url("fazit", workshop)).content.decode()
    assert "Hinzufügen" not in page and "Löschen" not in page


# --- participant views ------------------------------------------------------------------------------


@pytest.fixture
def participant(workshop):
    return make_participant(workshop)


@pytest.fixture
def participant_client(client, participant):
    return login_participant(client, participant)


def endorse_url(workshop, statement):
    return reverse("discussion:endorse", kwargs={"code": workshop.join_code, "pk": statement.pk})


def participant_url(workshop):
    return reverse("discussion:participant_fazit", kwargs={"code": workshop.join_code})


def test_participant_sees_draft_with_choices(participant_client, workshop):
    make_statement(workshop, text="Wir bleiben im Gespräch")
    page = participant_client.get(participant_url(workshop)).content.decode()
    assert "Wir bleiben im Gespräch" in page
    assert "Trage ich mit" in page and "Einwand" in page


def test_endorse_plain_saves_and_redirects(participant_client, workshop, participant):
    statement = make_statement(workshop)
    response = participant_client.post(
        endorse_url(workshop, statement),
        {f"s{statement.pk}-stance": "objection", f"s{statement.pk}-comment": "Bitte konkreter"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{participant_url(workshop)}#statement-{statement.pk}"
    assert list(Endorsement.objects.values_list("participant", "stance", "comment")) == [
        (participant.pk, "objection", "Bitte konkreter")
    ]
    page = participant_client.get(response["Location"]).content.decode()
    assert "Ihre Rückmeldung wurde gespeichert." in page
    assert "Ihre Rückmeldung: Einwand" in page


def test_endorse_htmx_replaces_the_first_answer(participant_client, workshop, participant):
    statement = make_statement(workshop)
    endorse(statement, participant, stance=Endorsement.Stance.OBJECTION)
    response = participant_client.post(
        endorse_url(workshop, statement), {f"s{statement.pk}-stance": "support"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith(f'<li id="statement-{statement.pk}"')
    assert "Ihre Rückmeldung: Trage ich mit – gespeichert" in body
    assert list(Endorsement.objects.values_list("stance", flat=True)) == ["support"]


@pytest.mark.parametrize("htmx", [False, True])
def test_endorse_comment_too_long_keeps_input(participant_client, workshop, htmx):
    statement = make_statement(workshop)
    comment = "z" * 501
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = participant_client.post(
        endorse_url(workshop, statement),
        {f"s{statement.pk}-stance": "objection", f"s{statement.pk}-comment": comment},
        **extra,
    )
    body = response.content.decode()
    assert response.status_code == (200 if htmx else 422)  # htmx swaps only 2xx responses
    assert "Bitte höchstens 500 Zeichen (jetzt 501)." in body
    assert comment in body
    assert Endorsement.objects.count() == 0


def test_endorse_after_finalising_says_locked(participant_client, workshop, organiser):
    statement = make_statement(workshop)
    finalise(workshop, organiser)
    response = participant_client.post(
        endorse_url(workshop, statement), {f"s{statement.pk}-stance": "support"}, follow=True
    )
    assert LOCKED in response.content.decode()
    assert Endorsement.objects.count() == 0


def test_endorse_foreign_statement_is_404(participant_client, workshop):
    foreign = make_statement(make_workshop())
    response = participant_client.post(endorse_url(workshop, foreign), {f"s{foreign.pk}-stance": "support"})
    assert response.status_code == 404


def test_participant_sees_published_pdf_link(participant_client, workshop, organiser):
    finalise(workshop, organiser)
    fazit = services.publish(fazit=services.fazit_for(workshop))
    page = participant_client.get(participant_url(workshop)).content.decode()
    assert reverse("discussion:published_pdf", kwargs={"token": fazit.publication_token}) in page
    assert "Zusammenfassung als PDF herunterladen" in page


def test_looking_at_the_fazit_writes_nothing(facilitator_client, participant_client, workshop):
    assert (
        facilitator_client.get(reverse("discussion:fazit", kwargs={"slug": workshop.slug})).status_code == 200
    )
    assert participant_client.get(participant_url(workshop)).status_code == 200
    assert Fazit.objects.count() == 0


@pytest.mark.parametrize(("participants", "statements_per_part"), [(1, 1), (40, 4)])
def test_fazit_pages_query_count_is_fixed(
    client, workshop, team, participants, statements_per_part, django_assert_num_queries
):
    people = fill_workshop(
        workshop, participants=participants, items=0, statements_per_part=statements_per_part
    )
    Endorsement.objects.filter(participant=people[0]).update(stance="objection", comment="Bitte genauer")
    client.force_login(team[Role.FACILITATOR])
    # user, membership with workshop, Fazit, statements with counts, comments
    with django_assert_num_queries(5):
        page = client.get(reverse("discussion:fazit", kwargs={"slug": workshop.slug})).content.decode()
    assert page.count('class="statement card"') == 4 * statements_per_part
    client.logout()
    login_participant(client, people[0])
    # participant with workshop, Fazit, statements, own endorsements
    with django_assert_num_queries(4):
        page = client.get(participant_url(workshop)).content.decode()
    assert page.count("Ihre Rückmeldung: Einwand") == 4 * statements_per_part
