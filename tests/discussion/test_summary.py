import pytest
from django.urls import reverse

from discussion import fazit as services
from discussion.models import Fazit, Statement, SummarySection
from discussion.summary import gather_summary
from tests.discussion.summary_factories import fill_workshop, make_statement
from tests.factories import make_participant
from workshops.models import Role
from workshops.vocabulary import ActorGroup, Level

GATHER_QUERIES = 9


@pytest.mark.parametrize(("participants", "items", "statements_per_part"), [(1, 1, 1), (60, 8, 3)])
def test_gather_summary_query_count_is_fixed(
    workshop, participants, items, statements_per_part, django_assert_num_queries
):
    fill_workshop(workshop, participants=participants, items=items, statements_per_part=statements_per_part)
    with django_assert_num_queries(GATHER_QUERIES):
        summary = gather_summary(workshop=workshop)
        # Everything the template reads is already loaded.
        assert [len(p.statements) for p in summary.fazit_parts] == [statements_per_part] * 4
        assert summary.attendance.total == participants
        assert len(summary.schedule.rows) == items


@pytest.mark.parametrize(("participants", "items", "statements_per_part"), [(1, 1, 1), (60, 8, 3)])
def test_summary_page_query_count_is_fixed(
    client, workshop, organiser, participants, items, statements_per_part, django_assert_num_queries
):
    fill_workshop(workshop, participants=participants, items=items, statements_per_part=statements_per_part)
    client.force_login(organiser)
    url = reverse("discussion:summary", kwargs={"slug": workshop.slug})
    # The user, their membership with the workshop, then the gathering.
    with django_assert_num_queries(2 + GATHER_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_gather_summary_team_roles_and_counts(workshop, team):
    team[Role.FACILITATOR].first_name, team[Role.FACILITATOR].last_name = "Frieda", "Moderat"
    team[Role.FACILITATOR].save()
    make_participant(workshop, actor_group=ActorGroup.POLITICS, level=Level.DISTRICT)
    make_participant(workshop, actor_group=ActorGroup.POLITICS, level=Level.DISTRICT)
    make_participant(workshop, actor_group=ActorGroup.BUSINESS, level="")
    summary = gather_summary(workshop=workshop)
    assert summary.facilitators == ["Frieda Moderat"]
    assert summary.note_takers == [team[Role.NOTE_TAKER].username]
    assert summary.participant_count == 3
    rows = {row.label: (row.counts, row.total) for row in summary.attendance.rows}
    assert rows == {"Politik": ([0, 2, 0, 0, 0, 0], 2), "Wirtschaft": ([0, 0, 0, 0, 0, 1], 1)}
    assert summary.attendance.columns[-1] == "ohne Angabe"
    assert summary.attendance.totals == [0, 2, 0, 0, 0, 1]


def test_gather_summary_names_only_with_consent(workshop):
    make_participant(
        workshop,
        display_name="Anna Einverstanden",
        organisation="Amt Gartz",
        function="Leiterin",
        consent_to_be_named=True,
    )
    make_participant(
        workshop,
        display_name="Bernd Geheim",
        organisation="Stadt Schwedt",
        function="Planer",
        consent_to_be_named=False,
    )
    labels = [entry.label for entry in gather_summary(workshop=workshop).participants]
    assert labels == ["Anna Einverstanden (Amt Gartz, Leiterin)", "Stadt Schwedt, Planer"]


def test_gather_summary_sections_follow_saved_choice_in_print_order(workshop):
    fazit = services.fazit_for(workshop)
    services.choose_sections(fazit=fazit, sections=["fazit", "cover", "bogus"])
    assert Fazit.objects.get().summary_sections == ["cover", "fazit"]
    summary = gather_summary(workshop=workshop)
    assert summary.sections == ["cover", "fazit"]
    assert summary.show == {s: s in ("cover", "fazit") for s in SummarySection.values}


def test_summary_page_shows_sections_in_order(client, workshop, organiser):
    fill_workshop(workshop, participants=2, items=2)
    client.force_login(organiser)
    page = client.get(reverse("discussion:summary", kwargs={"slug": workshop.slug})).content.decode()
    headings = [
        "Tagesordnung",
        "Wer war da",
        "Teilnehmende</h2>",
        "Gemeinsames Fazit</h2>",
        "Nächste Schritte",
    ]
    positions = [page.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Aussage next_step 1" in page


def test_summary_page_hides_unselected_sections(client, workshop, organiser):
    fill_workshop(workshop, participants=2, items=2)
    client.force_login(organiser)
    url = reverse("discussion:summary_sections", kwargs={"slug": workshop.slug})
    response = client.post(url, {"sections": ["cover", "fazit"]}, follow=True)
    page = response.content.decode()
    assert "Die Auswahl der Abschnitte wurde gespeichert." in page
    assert 'id="summary-agenda"' not in page and 'id="summary-participants"' not in page
    assert 'id="summary-fazit"' in page


def test_summary_page_escapes_user_text(client, workshop, organiser):
    make_statement(workshop, text='<script>alert(1)</script><img src="file:///etc/passwd">')
    client.force_login(organiser)
    page = client.get(reverse("discussion:summary", kwargs={"slug": workshop.slug})).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page
    assert "<script>alert" not in page


def test_summary_page_of_empty_workshop(client, workshop, organiser):
    client.force_login(organiser)
    page = client.get(reverse("discussion:summary", kwargs={"slug": workshop.slug})).content.decode()
    assert "Keine Tagesordnung." in page
    assert "Das Fazit enthält noch keine Aussagen." in page


def test_next_steps_table_lists_who_and_when(workshop):
    make_statement(
        workshop, part=Statement.Part.NEXT_STEP, text="Bedarfsanalyse", responsible="Landkreis", due="Juni"
    )
    steps = gather_summary(workshop=workshop).next_steps
    assert [(s.text, s.responsible, s.due) for s in steps] == [("Bedarfsanalyse", "Landkreis", "Juni")]
