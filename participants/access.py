"""Who is this participant? The one place that binds a browser session to a Participant.

The session (a signed cookie) holds, per workshop, the id of the participant this browser
joined as. Nothing personal is stored in it.
"""

from functools import wraps

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from participants.models import Participant
from workshops.models import Workshop

SESSION_KEY = "werkstatt_participants"


def bind_participant(request: HttpRequest, participant: Participant) -> None:
    joined = dict(request.session.get(SESSION_KEY, {}))
    joined[str(participant.workshop_id)] = participant.pk
    request.session[SESSION_KEY] = joined


def unbind_participant(request: HttpRequest, workshop: Workshop) -> None:
    joined = dict(request.session.get(SESSION_KEY, {}))
    if joined.pop(str(workshop.pk), None) is not None:
        request.session[SESSION_KEY] = joined


def participant_id_for(request: HttpRequest, workshop_id: int) -> int | None:
    """The bound participant's id without a query (for cheap live polls)."""
    return request.session.get(SESSION_KEY, {}).get(str(workshop_id))


def _bindable() -> QuerySet[Participant]:
    """Participants a session can still be bound to: not erased."""
    return Participant.objects.filter(erased_at__isnull=True)


def current_participant(request: HttpRequest, workshop: Workshop) -> Participant | None:
    pk = participant_id_for(request, workshop.pk)
    if pk is None:
        return None
    return _bindable().filter(pk=pk, workshop=workshop).first()


def get_workshop_by_code(code: str) -> Workshop:
    return get_object_or_404(Workshop, join_code=code.upper())


def _joined_participant(request: HttpRequest, code: str) -> Participant | None:
    """The participant this browser joined the workshop with this code as, with the workshop, in
    one query: every participant page and action starts here."""
    joined = request.session.get(SESSION_KEY, {})
    if not joined:
        return None
    candidates = (
        _bindable()
        .select_related("workshop")
        .filter(pk__in=joined.values(), workshop__join_code=code.upper())
    )
    # The session names one participant per workshop; only that pairing counts.
    return next((p for p in candidates if joined.get(str(p.workshop_id)) == p.pk), None)


def participant_required(view):
    """View decorator for participant pages under /j/<code>/…: resolves ``code`` into the
    workshop and the participant bound to this browser (``request.participant``). Someone who has
    not joined is sent to the join page; an unknown code answers 404."""

    @wraps(view)
    def wrapper(request, code, *args, **kwargs):
        participant = _joined_participant(request, code)
        if participant is None:
            workshop = get_workshop_by_code(code)  # an unknown code is a 404, not the join page
            join_url = reverse("participants:join", kwargs={"code": workshop.join_code})
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(join_url)
            return redirect(join_url)
        request.workshop = participant.workshop
        request.participant = participant
        return view(request, participant.workshop, participant, *args, **kwargs)

    return wrapper
