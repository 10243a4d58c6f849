import datetime as dt

from tests.factories import make_item, make_workshop


def test_schedule_computes_each_start_and_end_from_the_durations_before(db):
    workshop = make_workshop(start_time=dt.time(17, 0), planned_end_time=dt.time(19, 0))
    make_item(workshop, title="Begrüßung", duration_minutes=15)
    make_item(workshop, title="Vortrag", duration_minutes=45)
    make_item(workshop, title="Diskussion", duration_minutes=50)

    schedule = workshop.schedule()

    assert [(row.item.title, row.starts_at.time(), row.ends_at.time()) for row in schedule.rows] == [
        ("Begrüßung", dt.time(17, 0), dt.time(17, 15)),
        ("Vortrag", dt.time(17, 15), dt.time(18, 0)),
        ("Diskussion", dt.time(18, 0), dt.time(18, 50)),
    ]
    assert schedule.total_minutes == 110
    assert schedule.planned_minutes == 120
    assert schedule.remaining_minutes == 10
    assert schedule.overruns is False


def test_schedule_reports_overrun_and_marks_the_items_past_the_planned_end(db):
    workshop = make_workshop(start_time=dt.time(9, 0), planned_end_time=dt.time(10, 0))
    make_item(workshop, duration_minutes=45)
    make_item(workshop, duration_minutes=30)

    schedule = workshop.schedule()

    assert schedule.overruns is True
    assert schedule.overrun_minutes == 15
    assert [row.overruns for row in schedule.rows] == [False, True]


def test_schedule_of_an_empty_agenda_is_empty_and_fits(db):
    schedule = make_workshop().schedule()
    assert schedule.rows == []
    assert schedule.total_minutes == 0
    assert schedule.overruns is False
