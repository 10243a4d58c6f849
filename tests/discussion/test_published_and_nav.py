"""The workshop tabs per role, and the public PDF link's rate limit and cache."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from discussion import fazit as services
from discussion.fazit_views import PUBLISHED_PDF_RATE
from participants.models import Participant
from tests.discussion.summary_factories import make_statement
from tests.factories import make_participant

FAZIT_TAB = ">Fazit</a></li>"


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ("persona", "shows_fazit_tab"), [("note_taker", False), ("facilitator", True), ("organiser", True)]
)
def test_fazit_tab_only_for_roles_that_can_open_it(personas, workshop, persona, shows_fazit_tab):
    client = personas[persona]
    body = client.get(reverse("discussion:summary", kwargs={"slug": workshop.slug})).content.decode()
    assert (FAZIT_TAB in body) is shows_fazit_tab
    assert ">Zusammenfassung</a></li>" in body
    fazit_status = client.get(reverse("discussion:fazit", kwargs={"slug": workshop.slug})).status_code
    assert fazit_status == (200 if shows_fazit_tab else 404)


@pytest.fixture
def published_link(workshop, organiser):
    make_statement(workshop, text="Rufbus ausbauen")
    services.finalise(fazit=services.fazit_for(workshop), user=organiser)
    token = services.publish(fazit=services.fazit_for(workshop)).publication_token
    return reverse("discussion:published_pdf", kwargs={"token": token})


def test_published_pdf_is_rate_limited_per_address(client, published_link):
    limit = int(PUBLISHED_PDF_RATE.split("/")[0])
    statuses = [client.get(published_link, REMOTE_ADDR="192.0.2.1").status_code for _ in range(limit + 1)]
    assert statuses == [200] * limit + [429]
    assert (
        "<h1>Einen Moment bitte</h1>" in client.get(published_link, REMOTE_ADDR="192.0.2.1").content.decode()
    )
    assert client.get(published_link, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_published_pdf_rendered_once_then_from_cache(client, published_link, monkeypatch):
    from discussion import exports

    rendered = []
    real = exports.summary_pdf
    monkeypatch.setattr(exports, "summary_pdf", lambda data: rendered.append(1) or real(data))
    first, second = client.get(published_link), client.get(published_link)
    assert (first.content == second.content, len(rendered)) == (True, 1)
    assert "Rufbus ausbauen" in pdf_text(second.content)


def test_withdrawn_consent_applies_at_once_despite_cache(client, workshop, published_link):
    person = make_participant(
        workshop, display_name="Anna Nennbar", organisation="Amt Gartz", consent_to_be_named=True
    )
    assert "Anna Nennbar" in pdf_text(client.get(published_link).content)
    person.consent_to_be_named = False
    person.save()
    text = pdf_text(client.get(published_link).content)
    assert ("Anna Nennbar" in text, "Amt Gartz" in text) == (False, True)
    assert Participant.objects.filter(consent_to_be_named=True).count() == 0
