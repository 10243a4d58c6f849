"""The live wall: what it shows, rendered once per revision and shared through the cache.

A poll first compares the client's revision with the question's (at most one small query, in the
view); only a changed wall reaches this module, and then at most one process renders it per revision.
"""

from dataclasses import dataclass
from time import monotonic
from time import time as wall_clock

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import get_language

from discussion.models import Answer, GuidingQuestion, Theme
from workshops.models import Workshop

PARTICIPANTS = "participants"
PROJECTOR = "projector"
WALL_CACHE_SECONDS = 60 * 60


@dataclass
class ThemeGroup:
    theme: Theme | None
    answers: list[Answer]


@dataclass
class Wall:
    html: str
    count: int


def grouped_answers(question: GuidingQuestion, *, include_hidden: bool = False) -> list[ThemeGroup]:
    """Answers by theme (themes in name order, then the unsorted ones), highlighted first,
    with their dot counts. Two queries, however many answers."""
    answers = question.answers.select_related("participant").annotate(dots=Count("votes"))
    if not include_hidden:
        answers = answers.filter(hidden=False)
    # By id, not by the app server's clock: ids are handed out under the question's row lock, so
    # they follow the order answers commit in, also with several app hosts (see wall_increment).
    answers = sorted(answers, key=lambda a: (not a.highlighted, a.pk))
    groups = [
        ThemeGroup(theme, [a for a in answers if a.theme_id == theme.pk]) for theme in question.themes.all()
    ]
    groups.append(ThemeGroup(None, [a for a in answers if a.theme_id is None]))
    return [group for group in groups if group.answers or group.theme is not None]


# Each process remembers, for a moment, the revision it last read per question: a room of phones
# polling every few seconds then costs about one query per question and second per process
# instead of one per poll. Polls see a change at most this much later; nothing is stored that
# another process would need, so the app stays stateless. Only questions that exist are kept,
# which bounds the memo by the questions in live use.
_recent_revisions: dict[tuple[int, str], tuple[float, tuple[int, int]]] = {}
_RECENT_REVISIONS_MAX = 10_000


def poll_revision(*, question_pk: int, join_code: str) -> tuple[int, int] | None:
    """(revision, workshop id) of a question participants may see, reached through its join code:
    the only query of an unchanged wall poll, and only when this process has not read it within
    the last WERKSTATT_LIVE_LAG_SECONDS."""
    if not 0 < question_pk < 2**63:
        return None  # out of the database's integer range: no such question
    key = (question_pk, join_code)
    now = monotonic()
    remembered = _recent_revisions.get(key)
    if remembered is not None and now - remembered[0] < settings.WERKSTATT_LIVE_LAG_SECONDS:
        return remembered[1]
    row = _read_poll_revision(question_pk, join_code)
    if row is not None:
        if len(_recent_revisions) >= _RECENT_REVISIONS_MAX:
            _recent_revisions.clear()
        _recent_revisions[key] = (now, row)
    return row


def forget_recent_revisions() -> None:
    _recent_revisions.clear()


def _read_poll_revision(question_pk: int, join_code: str) -> tuple[int, int] | None:
    """Plain SQL, because building this query with the ORM costs several times more than
    running it (bench/load.py measures the difference)."""
    quote = connection.ops.quote_name
    sql = (
        f"SELECT q.{quote('revision')}, q.{quote('workshop_id')} "
        f"FROM {quote(GuidingQuestion._meta.db_table)} q "
        f"JOIN {quote(Workshop._meta.db_table)} w ON w.{quote('id')} = q.{quote('workshop_id')} "
        f"WHERE q.{quote('id')} = %s AND w.{quote('join_code')} = %s AND q.{quote('status')} <> %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [question_pk, join_code, GuidingQuestion.Status.DRAFT])
        return cursor.fetchone()


def wall_increment(
    question: GuidingQuestion, *, kind: str, poll_url: str, since: int | None, seen: int | None
) -> Wall | None:
    """Only the answers added since revision ``since``, for a client that shows ``seen`` answers;
    None when that client needs the whole wall. An increment is possible when nothing but new
    answers changed since then (the layout revision is not newer), the client already shows a
    list to append to, and no themes exist (new answers then all belong at the end of the one
    list). The client's own count, not the revision, says where the new answers start: a wall
    may show answers committed just after the revision it names. Two queries."""
    if since is None or not seen or not question.layout_revision <= since < question.revision:
        return None
    if not (kind == PROJECTOR or question.wall_public) or question.themes.exists():
        return None
    # Visible answers are only ever appended in this state, and ids follow the commit order
    # (services.add_answer takes the row lock first): the client shows the first ``seen`` of them.
    answers = question.answers.filter(hidden=False).select_related("participant")
    if question.results_revealed:
        # Counting dots groups every answer of the question: only when the wall shows them.
        answers = answers.annotate(dots=Count("votes"))
    answers = list(answers.order_by("id")[seen:])
    if not answers:
        return None
    count = seen + len(answers)
    html = render_to_string(
        "discussion/includes/wall.html#increment",
        {
            "question": question,
            "answers": answers,
            "count": count,
            "poll_url": poll_url,
            "show_dots": question.results_revealed,
            "oob": True,
        },
    )
    return Wall(html, count)


def wall_cache_key(question_pk: int, kind: str) -> str:
    return f"discussion:wall:{question_pk}:{kind}:{get_language()}"


def wall(question: GuidingQuestion, *, kind: str, poll_url: str, seen: int | None = None) -> Wall:
    """The wall fragment, from the cache when another client already asked for it. One cache
    entry per question and kind, overwritten by each new rendering, so old walls never pile up.

    While answers pour in, the revision changes many times a second and a large wall would be
    rendered again for nearly every full request. So a cached wall that has only fallen behind
    by new answers (the layout is unchanged since) is served for WERKSTATT_LIVE_LAG_SECONDS after
    it was rendered: its poller names the revision it shows, and the next poll appends the rest.
    Never one with fewer answers than the client already shows (``seen``): that would take
    answers away from its screen and announce them again later."""
    key = wall_cache_key(question.pk, kind)
    cached = cache.get(key)
    if cached is not None:
        revision, html, count, rendered_at = cached
        if revision == question.revision or (
            question.layout_revision <= revision < question.revision
            and wall_clock() - rendered_at < settings.WERKSTATT_LIVE_LAG_SECONDS
            and (seen is None or count >= seen)
        ):
            return Wall(html, count)
    # The time of reading, not of finishing: a slow render must not pass for fresher than it is.
    rendered_at = wall_clock()
    revision = question.revision
    shown = kind == PROJECTOR or question.wall_public
    groups = grouped_answers(question) if shown else []
    count = sum(len(group.answers) for group in groups)
    html = render_to_string(
        "discussion/includes/wall.html",
        {
            "question": question,
            "groups": groups,
            "shown": shown,
            "count": count,
            "kind": kind,
            "poll_url": poll_url,
            "show_dots": question.results_revealed,
        },
    )
    latest = cache.get(key)
    if latest is None or latest[0] <= revision:  # a slower process must not replace a newer wall
        cache.set(key, (revision, html, count, rendered_at), WALL_CACHE_SECONDS)
    return Wall(html, count)
