"""Concurrent requests of one person cannot overspend their dots. Runs on SQLite (immediate
transactions serialise the writers) and on PostgreSQL (the participant row lock does)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from discussion import services
from discussion.models import Vote
from tests.factories import make_answer, make_participant, make_question, make_workshop

THREADS = 8


def run_at_once(target, count: int) -> list:
    """Start ``count`` threads together; return what each raised or returned."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def work(index):
        try:
            barrier.wait()
            results[index] = target(index)
        except Exception as exc:  # collected and asserted by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_never_exceed_the_budget():
    workshop = make_workshop()
    question = make_question(workshop, dots_per_participant=3, max_dots_per_answer=1, voting_open=True)
    participant = make_participant(workshop)
    answers = [make_answer(question) for _ in range(THREADS)]

    results = run_at_once(lambda i: services.add_vote(answer=answers[i], participant=participant), THREADS)

    refused = [r for r in results if isinstance(r, ValidationError)]
    assert [r.messages for r in refused] == [["Sie haben alle Ihre Punkte vergeben."]] * (THREADS - 3)
    assert Vote.objects.filter(participant=participant).count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_on_one_answer_respect_the_per_answer_limit():
    workshop = make_workshop()
    question = make_question(workshop, dots_per_participant=10, max_dots_per_answer=2, voting_open=True)
    participant = make_participant(workshop)
    answer = make_answer(question)

    run_at_once(lambda i: services.add_vote(answer=answer, participant=participant), THREADS)

    assert Vote.objects.filter(answer=answer).count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_of_one_person_respect_the_limit_and_all_others_are_stored():
    workshop = make_workshop()
    question = make_question(workshop, answers_per_participant=2)
    eager = make_participant(workshop)
    others = [make_participant(workshop) for _ in range(THREADS // 2)]

    def post(i):
        author = eager if i < THREADS // 2 else others[i - THREADS // 2]
        return services.add_answer(question=question, participant=author, text=f"Antwort {i}")

    run_at_once(post, THREADS)

    assert question.answers.filter(participant=eager).count() == 2
    assert question.answers.exclude(participant=eager).count() == THREADS // 2
    question.refresh_from_db()
    assert question.revision == 2 + THREADS // 2


@pytest.mark.django_db(transaction=True)
def test_revealing_results_waits_for_dots_in_flight(monkeypatch):
    """A dot that read "results hidden" does not bump the walls. If the reveal could commit (and
    walls be rendered for it) before that dot commits, the walls would show a stale count until
    the next change. So the reveal waits for every dot in flight."""
    import time

    workshop = make_workshop()
    question = make_question(workshop, dots_per_participant=3, voting_open=True)
    answer = make_answer(question)
    voter = make_participant(workshop)
    dot_read_the_flag, let_the_dot_finish = threading.Event(), threading.Event()
    finished = {}
    original = services._bump_if_dots_shown

    def paused_bump(q):
        dot_read_the_flag.set()
        let_the_dot_finish.wait(timeout=10)
        original(q)

    monkeypatch.setattr(services, "_bump_if_dots_shown", paused_bump)

    def vote():
        try:
            services.add_vote(answer=answer, participant=voter)
            finished["dot"] = time.monotonic()
        finally:
            connection.close()

    def reveal():
        try:
            dot_read_the_flag.wait(timeout=10)
            services.set_results_revealed(question=question, revealed=True)
            finished["reveal"] = time.monotonic()
        finally:
            connection.close()

    threads = [threading.Thread(target=vote), threading.Thread(target=reveal)]
    for thread in threads:
        thread.start()
    assert dot_read_the_flag.wait(timeout=10)
    time.sleep(0.5)  # time enough for a reveal that does not wait to commit
    assert "reveal" not in finished
    let_the_dot_finish.set()
    for thread in threads:
        thread.join(timeout=30)
    assert finished["dot"] < finished["reveal"]
