from django.core.management import call_command

from workshops.demo import DEMO_USERNAME, load_seed
from workshops.models import Membership, Role, Workshop


def test_seed_gives_the_six_agenda_items_in_order_with_presenters():
    seed = load_seed()
    assert [(item.title, item.presenters) for item in seed.agenda] == [
        ("Begrüßung und Einführung", "Prof. Dr. Peter Dehne, Johann Kaether"),
        ("Vorstellung der Teilnehmenden", "alle"),
        ("Elemente integrierter Regionalplanung und Regionalentwicklung", "Peter Dehne, Johann Kaether"),
        ("Erfahrungen aus Modellvorhaben", "Peter Dehne, Johann Kaether"),
        ("Diskussion", "alle"),
        ("Gemeinsames Fazit", ""),
    ]
    assert len(seed.guiding_questions) == 3
    assert seed.guiding_questions[0].startswith("Welche Chancen bieten integrierte Planungsansätze")


def test_load_demo_is_idempotent_and_makes_the_demo_organiser(db):
    call_command("load_demo")
    call_command("load_demo")

    workshop = Workshop.objects.get()
    assert workshop.title == "Integrierte Regionalplanung und Regionalentwicklung"
    assert workshop.organiser_name == "Transferstelle Daseinsvorsorge"
    assert workshop.agenda_items.count() == 6
    membership = Membership.objects.get(workshop=workshop)
    assert (membership.user.username, membership.role) == (DEMO_USERNAME, Role.ORGANISER)
    assert membership.user.check_password("werkstatt")


def test_load_demo_in_production_mode_creates_no_account(db, settings):
    settings.PRODUCTION = True
    call_command("load_demo")
    assert Workshop.objects.count() == 1
    assert Membership.objects.count() == 0
