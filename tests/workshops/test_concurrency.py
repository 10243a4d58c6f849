"""Two facilitators reorder one agenda at the same moment. The workshop row lock serialises them,
so the agenda ends in one of the two orders with positions 1..n: never a mix, a gap or a repeat.

Only on PostgreSQL: SQLite's shared in-memory test database cannot hold two writers at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.factories import make_item, make_workshop
from workshops import services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)"),
]


def run_at_once(*actions):
    """Start every action in its own thread (own database connection) at the same instant."""
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_concurrent_reorders_leave_one_of_the_orders_with_positions_one_to_n():
    workshop = make_workshop()
    ids = [make_item(workshop, title=f"P{n}").pk for n in range(12)]
    forward, backward = ids[1:] + ids[:1], list(reversed(ids))

    for _round in range(5):
        errors = run_at_once(
            lambda: services.reorder_items(workshop=workshop, ordered_ids=forward),
            lambda: services.reorder_items(workshop=workshop, ordered_ids=backward),
        )
        assert errors == []
        order = list(workshop.agenda_items.values_list("pk", flat=True))
        assert order in (forward, backward)
        assert list(workshop.agenda_items.values_list("position", flat=True)) == list(range(1, 13))


def test_a_move_and_a_reorder_at_once_leave_positions_one_to_n():
    workshop = make_workshop()
    items = [make_item(workshop, title=f"P{n}") for n in range(8)]
    backward = [item.pk for item in reversed(items)]

    errors = run_at_once(
        lambda: services.move_item(item=items[3], direction="up"),
        lambda: services.reorder_items(workshop=workshop, ordered_ids=backward),
        lambda: services.add_item(workshop=workshop, title="Pause", kind="break", duration_minutes=15),
    )

    # The reorder may lose to the new item (its list then misses one id) and is refused whole.
    assert all(
        e.messages
        == ["Die Reihenfolge passt nicht zur aktuellen Tagesordnung. Bitte laden Sie die Seite neu."]
        for e in errors
    )
    positions = list(workshop.agenda_items.values_list("position", flat=True))
    assert positions == list(range(1, 10))
