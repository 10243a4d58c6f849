"""Three people join on their phones; the team sees them appear live, without reloading."""

import pytest
from playwright.sync_api import expect

from participants.models import Participant
from tests.e2e.conftest import PHONE

PEOPLE = [
    ("Katrin Wendt", "Amt Penzliner Land", "Verwaltung", "Gemeinde / Stadt / Amt"),
    ("Sabine Harder", "Kreishandwerkerschaft Mecklenburgische Seenplatte", "Wirtschaft", "Landkreis"),
    ("Monika Rieck", "Landfrauenverein Penzlin e. V.", "Verwaltung", "Gemeinde / Stadt / Amt"),
]


@pytest.fixture
def open_workshop(workshop):
    workshop.joining_open = True
    workshop.save(update_fields=["joining_open"])
    return workshop


@pytest.mark.django_db(transaction=True)
def test_three_phones_join_and_appear_live_for_the_team(
    live_server, new_context, team_login, open_workshop, organiser
):
    team = new_context(viewport={"width": 1280, "height": 900})
    team_list = team.new_page()
    team_login(team_list, organiser.username)
    team_list.goto(f"{live_server.url}/w/{open_workshop.slug}/teilnehmende/")
    expect(team_list.get_by_role("heading", name="0 Personen")).to_be_visible()
    team_overview = team.new_page()
    team_overview.goto(f"{live_server.url}/w/{open_workshop.slug}/wer-ist-da/")
    verwaltung_row = team_overview.get_by_role("row", name="Verwaltung")

    for joined, (name, organisation, group, level) in enumerate(PEOPLE, start=1):
        phone = new_context(**PHONE).new_page()
        phone.goto(f"{live_server.url}/")
        phone.get_by_label("Zugangscode").fill(open_workshop.join_code.lower())
        phone.get_by_role("button", name="Weiter").click()
        phone.get_by_label("Name (oder wie Sie angesprochen werden möchten)").fill(name)
        phone.get_by_label("Organisation").fill(organisation)
        phone.get_by_label("Akteursgruppe").select_option(label=group)
        phone.get_by_label("Ebene").select_option(label=level)
        phone.get_by_label("Mobilität / ÖPNV").check()
        phone.get_by_role("button", name="Beitreten").click()

        expect(phone.get_by_role("heading", name="So sehen die anderen Sie")).to_be_visible()
        expect(phone.get_by_text("Ihr persönlicher Link – nur jetzt sichtbar:")).to_be_visible()
        # The team's pages, opened before anyone joined, update by themselves.
        expect(team_list.get_by_role("rowheader", name=name)).to_be_visible()
        expect(team_list.get_by_role("heading", name=f"{joined} Person")).to_be_visible()
        expect(team_overview.get_by_text(f"{joined} Person")).to_be_visible()

    expect(verwaltung_row.get_by_role("cell").first).to_have_text("2")
    expect(team_overview.get_by_role("row", name="Mobilität / ÖPNV").get_by_role("cell")).to_have_text("3")
    assert Participant.objects.filter(workshop=open_workshop).count() == 3


@pytest.mark.django_db(transaction=True)
def test_phone_join_shows_errors_next_to_fields_and_keeps_input(live_server, new_context, open_workshop):
    phone = new_context(**PHONE).new_page()
    phone.goto(f"{live_server.url}/j/{open_workshop.join_code}/")
    phone.get_by_label("Organisation").fill("Amt Penzliner Land")
    phone.get_by_role("button", name="Beitreten").click()

    expect(phone.get_by_text("Bitte geben Sie einen Namen an.")).to_be_visible()
    expect(phone.get_by_text("Bitte wählen Sie eine Akteursgruppe.")).to_be_visible()
    expect(phone.get_by_label("Organisation")).to_have_value("Amt Penzliner Land")
    assert Participant.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_team_removes_a_participant_after_confirming(
    live_server, new_context, team_login, workshop, organiser
):
    from tests.factories import make_participant

    make_participant(workshop, display_name="Jens Lübcke")
    make_participant(workshop, display_name="Monika Rieck")
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    team_login(page, organiser.username)
    page.goto(f"{live_server.url}/w/{workshop.slug}/teilnehmende/")
    page.once("dialog", lambda dialog: dialog.accept())

    page.get_by_role("row", name="Jens Lübcke").get_by_role("link", name="Entfernen").click()

    expect(page.get_by_role("heading", name="1 Person")).to_be_visible()
    expect(page.get_by_text("Jens Lübcke wurde entfernt.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Monika Rieck")).to_be_visible()
    assert list(workshop.participants.values_list("display_name", flat=True)) == ["Monika Rieck"]
