"""The Fazit in a real browser: the organiser finalises and downloads the PDF; a participant
endorses a statement on the phone and then finds the published PDF."""

import pytest
from playwright.sync_api import expect

from discussion import fazit as services
from discussion.models import Endorsement, Fazit, Statement
from tests.discussion.summary_factories import make_statement
from tests.e2e.conftest import joined_context
from tests.factories import make_participant, make_user, make_workshop

pytestmark = pytest.mark.django_db(transaction=True)


def test_organiser_writes_finalises_and_downloads_pdf(page, live_server, team_login):
    organiser = make_user("orga")
    workshop = make_workshop(organiser=organiser, title="Mobilität im Amt Gartz")
    team_login(page, "orga")
    page.goto(f"{live_server.url}/w/{workshop.slug}/fazit/")

    agreed = page.locator("#part-agreed")
    agreed.get_by_label("Aussage").fill("Wir bauen den Rufbus aus.")
    agreed.get_by_role("button", name="Hinzufügen").click()
    expect(agreed.get_by_text("Wir bauen den Rufbus aus.", exact=True)).to_be_visible()

    steps = page.locator("#part-next_step")
    steps.get_by_label("Aussage").fill("Fahrplan abstimmen")
    steps.get_by_label("Wer").fill("Landkreis")
    steps.get_by_label("Bis wann").fill("Juni")
    steps.get_by_role("button", name="Hinzufügen").click()
    expect(steps.get_by_text("Wer: Landkreis · Bis wann: Juni")).to_be_visible()

    page.get_by_role("button", name="Fazit abschließen").click()
    expect(
        page.get_by_text("Das Fazit ist abgeschlossen. Es kann nicht mehr geändert werden.")
    ).to_be_visible()
    assert Fazit.objects.get(workshop=workshop).state == Fazit.State.FINAL

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF herunterladen").click()
    download = download_info.value
    assert download.suggested_filename == f"{workshop.slug}-2030-05-14-zusammenfassung.pdf"
    with open(download.path(), "rb") as file:
        assert file.read(8) == b"%PDF-1.7"

    page.get_by_role("button", name="Zusammenfassung veröffentlichen").click()
    expect(page.get_by_role("button", name="Veröffentlichung zurückziehen")).to_be_visible()


def test_participant_endorses_and_finds_published_pdf(new_context, live_server):
    organiser = make_user("orga")
    workshop = make_workshop(organiser=organiser, title="Mobilität im Amt Gartz")
    statement = make_statement(workshop, text="Wir bauen den Rufbus aus.")
    participant = make_participant(workshop)
    phone = joined_context(new_context, live_server, participant).new_page()

    phone.goto(f"{live_server.url}/j/{workshop.join_code}/fazit/")
    card = phone.locator(f"#statement-{statement.pk}")
    expect(card.get_by_text("Wir bauen den Rufbus aus.", exact=True)).to_be_visible()
    card.get_by_label("Trage ich mit").check()
    card.get_by_label("Kommentar (freiwillig)").fill("Gern auch am Wochenende")
    card.get_by_role("button", name="Rückmeldung speichern").click()
    expect(
        phone.locator(f"#statement-{statement.pk}").get_by_text(
            "Ihre Rückmeldung: Trage ich mit – gespeichert"
        )
    ).to_be_visible()
    assert list(Endorsement.objects.values_list("stance", "comment")) == [
        ("support", "Gern auch am Wochenende")
    ]

    fazit = services.finalise(fazit=services.fazit_for(workshop), user=organiser)
    services.publish(fazit=fazit)
    phone.reload()
    expect(phone.get_by_text("Das Fazit ist abgeschlossen.")).to_be_visible()
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Zusammenfassung als PDF herunterladen").click()
    assert download_info.value.suggested_filename.endswith("-zusammenfassung.pdf")
    assert Statement.objects.count() == 1


def test_answer_into_fazit_in_one_click_endorsed_finalised_in_pdf(page, new_context, live_server, team_login):
    from pypdf import PdfReader

    from tests.factories import make_answer, make_question

    organiser = make_user("orga")
    workshop = make_workshop(organiser=organiser, title="Mobilität im Amt Gartz")
    question = make_question(workshop, text="Was braucht die Region?")
    participant = make_participant(workshop, display_name="Anna Becker")
    answer = make_answer(question, participant, text="Schulbusse für alle öffnen")

    team_login(page, "orga")
    page.goto(f"{live_server.url}/w/{workshop.slug}/fragen/{question.pk}/")
    card = page.locator(f'li[data-answer="{answer.pk}"]')
    expect(card.get_by_label("Teil des Fazits für „Schulbusse für alle öffnen“")).to_have_value("open")
    card.get_by_label("Teil des Fazits für „Schulbusse für alle öffnen“").select_option(label="Vereinbart")
    card.get_by_role("button", name="Ins Fazit übernehmen").click()
    expect(page.get_by_role("status").filter(has_text="Ins Fazit übernommen (Vereinbart).")).to_be_visible()
    statement = Statement.objects.get()
    assert (statement.part, statement.text, statement.source_answer_id) == (
        "agreed",
        "Schulbusse für alle öffnen",
        answer.pk,
    )

    phone = joined_context(new_context, live_server, participant).new_page()
    phone.goto(f"{live_server.url}/j/{workshop.join_code}/fazit/")
    mine = phone.locator(f"#statement-{statement.pk}")
    mine.get_by_label("Trage ich mit").check()
    mine.get_by_role("button", name="Rückmeldung speichern").click()
    expect(mine.get_by_text("Ihre Rückmeldung: Trage ich mit – gespeichert")).to_be_visible()

    page.goto(f"{live_server.url}/w/{workshop.slug}/fazit/")
    entry = page.locator(f"#statement-{statement.pk}")
    expect(entry.get_by_text("aus Antwort auf Leitfrage „Was braucht die Region?“")).to_be_visible()
    expect(entry.get_by_text("1 trägt mit")).to_be_visible()
    page.get_by_role("button", name="Fazit abschließen").click()
    expect(
        page.get_by_text("Das Fazit ist abgeschlossen. Es kann nicht mehr geändert werden.")
    ).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF herunterladen").click()
    text = "\n".join(p.extract_text() for p in PdfReader(download_info.value.path()).pages)
    # The answer is listed under the Leitfrage too; the statement must be in the Fazit section.
    fazit_section = text[text.rindex("Gemeinsames Fazit") :]
    assert fazit_section.index("Vereinbart") < fazit_section.index("Schulbusse für alle öffnen")


def test_statements_are_reordered_by_keyboard_without_a_reload(page, live_server, team_login):
    organiser = make_user("orga")
    workshop = make_workshop(organiser=organiser)
    make_statement(workshop, text="Erste Aussage")
    make_statement(workshop, text="Zweite Aussage")
    team_login(page, "orga")
    page.goto(f"{live_server.url}/w/{workshop.slug}/fazit/")

    def card(text):
        return page.locator("#part-agreed li", has_text=text)

    card("Erste Aussage").get_by_role("button", name="Nach unten").focus()
    page.keyboard.press("Enter")

    # The part is swapped in place: the first statement is now last and can only move up.
    expect(card("Erste Aussage").get_by_role("button", name="Nach oben")).to_be_visible()
    expect(card("Erste Aussage").get_by_role("button", name="Nach unten")).to_have_count(0)
    assert list(
        Statement.objects.filter(fazit__workshop=workshop).order_by("position").values_list("text", flat=True)
    ) == ["Zweite Aussage", "Erste Aussage"]
