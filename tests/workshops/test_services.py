import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import add_member, make_item, make_participant, make_user, make_workshop
from workshops import services
from workshops.models import AgendaItem, Membership, Role, Workshop


def titles_and_positions(workshop):
    return list(workshop.agenda_items.values_list("title", "position"))


@pytest.fixture
def abc(workshop):
    return [make_item(workshop, title=title) for title in "ABC"]


def test_add_item_appends_at_the_next_position(workshop, abc):
    item = services.add_item(workshop=workshop, title="D", kind=AgendaItem.Kind.BREAK, duration_minutes=15)
    assert (item.position, item.kind) == (4, AgendaItem.Kind.BREAK)


def test_add_item_with_a_bad_duration_saves_nothing(workshop):
    with pytest.raises(ValidationError):
        services.add_item(workshop=workshop, title="Pause", kind=AgendaItem.Kind.BREAK, duration_minutes=601)
    assert workshop.agenda_items.count() == 0


def test_reorder_items_puts_the_agenda_in_the_given_order(workshop, abc):
    a, b, c = abc
    services.reorder_items(workshop=workshop, ordered_ids=[c.pk, a.pk, b.pk])
    assert titles_and_positions(workshop) == [("C", 1), ("A", 2), ("B", 3)]


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(lambda a, b, c, foreign: [a, b, c, foreign], id="foreign-id"),
        pytest.param(lambda a, b, c, foreign: [c, b, foreign], id="foreign-instead-of-own"),
        pytest.param(lambda a, b, c, foreign: [c, a], id="missing-id"),
        pytest.param(lambda a, b, c, foreign: [c, a, a, b], id="duplicate-id"),
        pytest.param(lambda a, b, c, foreign: [], id="empty"),
    ],
)
def test_reorder_items_refuses_anything_but_each_own_item_once_and_changes_nothing(workshop, abc, order):
    foreign = make_item(make_workshop())
    ids = order(*(item.pk for item in abc), foreign.pk)
    with pytest.raises(ValidationError) as error:
        services.reorder_items(workshop=workshop, ordered_ids=ids)
    assert error.value.messages == [
        "Die Reihenfolge passt nicht zur aktuellen Tagesordnung. Bitte laden Sie die Seite neu."
    ]
    assert titles_and_positions(workshop) == [("A", 1), ("B", 2), ("C", 3)]
    assert foreign.workshop.agenda_items.get().position == 1


def test_move_item_swaps_with_its_neighbour_and_returns_the_new_position(workshop, abc):
    a, b, c = abc
    assert services.move_item(item=c, direction="up") == 2
    assert titles_and_positions(workshop) == [("A", 1), ("C", 2), ("B", 3)]
    assert services.move_item(item=a, direction="down") == 2
    assert titles_and_positions(workshop) == [("C", 1), ("A", 2), ("B", 3)]


def test_move_item_past_either_end_changes_nothing(workshop, abc):
    a, b, c = abc
    assert services.move_item(item=a, direction="up") == 1
    assert services.move_item(item=c, direction="down") == 3
    assert titles_and_positions(workshop) == [("A", 1), ("B", 2), ("C", 3)]


def test_move_item_refuses_an_unknown_direction(workshop, abc):
    with pytest.raises(ValueError):
        services.move_item(item=abc[0], direction="sideways")


def test_delete_item_closes_the_gap(workshop, abc):
    services.delete_item(item=abc[1])
    assert titles_and_positions(workshop) == [("A", 1), ("C", 2)]


def test_positions_can_never_repeat_within_a_workshop(workshop, abc):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=abc[2].pk).update(position=1)
    assert titles_and_positions(workshop) == [("A", 1), ("B", 2), ("C", 3)]


def test_reorder_of_sixty_items_leaves_positions_one_to_sixty(workshop, django_assert_num_queries):
    items = [make_item(workshop, title=f"P{n}") for n in range(60)]
    order = [item.pk for item in reversed(items)]
    # Savepoint, lock, read the ids, two updates, release: the same for any length.
    with django_assert_num_queries(6):
        services.reorder_items(workshop=workshop, ordered_ids=order)
    assert list(workshop.agenda_items.values_list("pk", flat=True)) == order
    assert list(workshop.agenda_items.values_list("position", flat=True)) == list(range(1, 61))


def test_duplicate_workshop_copies_details_and_agenda_but_not_participants_or_team(workshop, abc):
    workshop.venue, workshop.region, workshop.organiser_name = "Rathaus Anklam", "Vorpommern", "Landkreis"
    workshop.status = Workshop.Status.CLOSED
    workshop.joining_open = True
    workshop.save()
    add_member(workshop, role=Role.FACILITATOR)
    make_participant(workshop)
    colleague = make_user("kollegin")

    copy = services.duplicate_workshop(
        workshop=workshop, user=colleague, title="Daseinsvorsorge in Uecker-Randow", date=dt.date(2031, 3, 2)
    )

    assert (copy.title, copy.date, copy.venue, copy.region, copy.organiser_name) == (
        "Daseinsvorsorge in Uecker-Randow",
        dt.date(2031, 3, 2),
        "Rathaus Anklam",
        "Vorpommern",
        "Landkreis",
    )
    assert (copy.start_time, copy.planned_end_time) == (workshop.start_time, workshop.planned_end_time)
    assert (copy.status, copy.joining_open) == (Workshop.Status.DRAFT, False)
    assert copy.slug != workshop.slug
    assert copy.join_code != workshop.join_code
    assert copy.share_token != workshop.share_token
    assert list(copy.agenda_items.values_list("title", "position", "duration_minutes")) == [
        ("A", 1, 30),
        ("B", 2, 30),
        ("C", 3, 30),
    ]
    assert copy.participants.count() == 0
    assert list(copy.memberships.values_list("user__username", "role")) == [("kollegin", Role.ORGANISER)]
    assert workshop.agenda_items.count() == 3


def test_team_keeps_its_last_organiser(workshop, organiser):
    membership = Membership.objects.get(workshop=workshop, user=organiser)
    message = ["Ein Workshop braucht mindestens eine Person in der Rolle Veranstalter."]
    with pytest.raises(ValidationError) as demoting:
        services.change_role(membership=membership, role=Role.FACILITATOR)
    with pytest.raises(ValidationError) as removing:
        services.remove_member(membership=membership)
    assert demoting.value.messages == removing.value.messages == message
    assert list(workshop.memberships.values_list("user__username", "role")) == [("orga", Role.ORGANISER)]


def test_an_organiser_may_go_when_another_remains(workshop, organiser):
    add_member(workshop, make_user("zweite"), role=Role.ORGANISER)
    services.remove_member(membership=Membership.objects.get(workshop=workshop, user=organiser))
    assert list(workshop.memberships.values_list("user__username", "role")) == [("zweite", Role.ORGANISER)]


def test_add_member_refuses_unknown_accounts_and_people_already_on_the_team(workshop, organiser):
    with pytest.raises(ValidationError) as unknown:
        services.add_member(workshop=workshop, username="niemand", role=Role.FACILITATOR)
    with pytest.raises(ValidationError) as twice:
        services.add_member(workshop=workshop, username="ORGA", role=Role.FACILITATOR)
    assert unknown.value.messages == ["Es gibt kein Konto mit dem Benutzernamen „niemand“."]
    assert twice.value.messages == ["orga gehört bereits zum Team."]
    assert workshop.memberships.count() == 1


def test_update_item_refuses_to_overwrite_a_change_made_since_editing_began(workshop, abc):
    item = abc[0]
    version = services.item_version(item)
    services.update_item(item=item, version=version, title="Begrüßung durch den Landrat")

    with pytest.raises(services.EditConflict) as conflict:
        services.update_item(item=item, version=version, title="Willkommen")

    assert conflict.value.current.title == "Begrüßung durch den Landrat"
    item.refresh_from_db()
    assert item.title == "Begrüßung durch den Landrat"
    services.update_item(item=item, version=services.item_version(item), title="Willkommen")
    item.refresh_from_db()
    assert item.title == "Willkommen"


def test_update_workshop_does_not_write_back_a_stale_joining_flag(db):
    from workshops.models import Workshop
    from workshops.services import update_workshop

    workshop = make_workshop()
    stale = Workshop.objects.get(pk=workshop.pk)
    Workshop.objects.filter(pk=workshop.pk).update(joining_open=True)

    update_workshop(workshop=stale, title="Neuer Titel")

    workshop.refresh_from_db()
    assert (workshop.title, workshop.joining_open) == ("Neuer Titel", True)


@pytest.mark.parametrize("action", ["move", "update"])
def test_an_item_deleted_meanwhile_is_reported_as_missing_and_nothing_changes(db, action):
    workshop = make_workshop()
    first = make_item(workshop, title="Erster")
    make_item(workshop, title="Zweiter")
    AgendaItem.objects.filter(pk=first.pk).delete()  # another facilitator was quicker

    with pytest.raises(AgendaItem.DoesNotExist):
        if action == "move":
            services.move_item(item=first, direction="down")
        else:
            services.update_item(item=first, title="Neu")

    assert list(workshop.agenda_items.values_list("title", "position")) == [("Zweiter", 2)]
