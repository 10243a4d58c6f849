import io
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from participants import csv_io, services
from participants.access import (
    bind_participant,
    current_participant,
    participant_required,
    unbind_participant,
)
from participants.forms import (
    CsvImportForm,
    IntroductionFilterForm,
    JoinCodeForm,
    JoiningForm,
    ParticipantForm,
    TeamParticipantForm,
)
from participants.models import Participant
from workshops.access import team_required
from workshops.models import Role, Workshop

FRAGMENT_CACHE_SECONDS = 60

# The resume token is shown once, on the page after joining (or after making a new one).
NEW_TOKEN_KEY = "werkstatt_new_resume_token"


def join_rate(group, request) -> str:
    """Joins per IP address and minute. A whole room may share one address (venue Wi-Fi),
    so the default is generous; operators can change it in settings."""
    return f"{settings.WERKSTATT_JOINS_PER_IP_PER_MINUTE}/m"


def _render(
    request: HttpRequest, template: str, context: dict, partial: str, status: int = 200
) -> HttpResponse:
    """The page, or for htmx the named partial of the same template."""
    name = f"{template}#{partial}" if request.htmx else template
    response = render(request, template_name=name, context=context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _poll_unchanged(request: HttpRequest, rev: str) -> bool:
    """A live poll carries the revision it shows; unchanged means nothing to render."""
    return bool(request.htmx) and request.GET.get("rev") == rev


def _nothing_new() -> HttpResponse:
    response = HttpResponse(status=204)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _poll_url(request: HttpRequest, rev: str, **params) -> str:
    return f"{request.path}?{urlencode({**{k: v for k, v in params.items() if v}, 'rev': rev})}"


def _join_url(request: HttpRequest, workshop: Workshop) -> str:
    return request.build_absolute_uri(reverse("participants:join", kwargs={"code": workshop.join_code}))


def _unknown_code(request: HttpRequest) -> HttpResponse:
    # Guessing codes through /j/<code>/ costs a try from the same allowance as the landing page.
    if is_ratelimited(request, group="join-code", key="ip", rate="60/m", increment=True):
        return render(request, "429.html", status=429)
    form = JoinCodeForm()
    return render(request, "participants/unknown_code.html", {"form": form}, status=404)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


# --- Joining -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=join_rate, method="POST", block=False)
def join(request: HttpRequest, code: str) -> HttpResponse:
    workshop = Workshop.objects.filter(join_code=code.upper()).first()
    if workshop is None:
        return _unknown_code(request)
    me_url = reverse("participants:me", kwargs={"code": workshop.join_code})
    if current_participant(request, workshop) is not None:
        return _redirect(request, me_url)
    form = ParticipantForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.is_valid()  # keeps what they typed; add_error needs the cleaned data
            form.add_error(
                None,
                _(
                    "Von Ihrem Netz kamen gerade sehr viele Anmeldungen. Bitte warten Sie eine Minute und senden Sie das Formular dann noch einmal."
                ),
            )
            # htmx does not swap error responses: the fragment with the message comes as 200.
            status = 200 if request.htmx else 429
        elif form.is_valid():
            try:
                participant, token = services.join_workshop(workshop=workshop, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                bind_participant(request, participant)
                request.session[NEW_TOKEN_KEY] = token
                messages.success(request, _("Willkommen! Sie sind dem Workshop beigetreten."))
                return _redirect(request, me_url)
    return _render(
        request,
        "participants/join.html",
        {"workshop": workshop, "form": form},
        "join-form",
        status=status,
    )


def resume(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """The personal link: continue on another device. Only binds this browser, changes no data."""
    workshop = Workshop.objects.filter(join_code=code.upper()).first()
    if workshop is None:
        return _unknown_code(request)
    participant = services.participant_for_token(workshop=workshop, token=token)
    if participant is None:
        return render(request, "participants/resume_invalid.html", {"workshop": workshop}, status=404)
    bind_participant(request, participant)
    messages.success(request, _("Willkommen zurück, %(name)s.") % {"name": participant.display_name})
    return redirect("participants:me", code=workshop.join_code)


# --- The participant's own pages -------------------------------------------------------------


def _resume_context(request: HttpRequest, workshop: Workshop, token: str | None) -> dict:
    url = None
    if token:
        url = request.build_absolute_uri(
            reverse("participants:resume", kwargs={"code": workshop.join_code, "token": token})
        )
    return {"resume_url": url}


@participant_required
def me(request: HttpRequest, workshop: Workshop, participant: Participant) -> HttpResponse:
    token = request.session.pop(NEW_TOKEN_KEY, None)
    context = {"workshop": workshop, "participant": participant, **_resume_context(request, workshop, token)}
    return render(request, "participants/me.html", context)


@participant_required
@require_http_methods(["GET", "POST"])
def me_edit(request: HttpRequest, workshop: Workshop, participant: Participant) -> HttpResponse:
    form = ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        services.update_participant(participant=participant, **form.cleaned_data)
        messages.success(request, _("Ihre Angaben wurden gespeichert."))
        return _redirect(request, reverse("participants:me", kwargs={"code": workshop.join_code}))
    return _render(
        request, "participants/me_edit.html", {"workshop": workshop, "form": form}, "participant-form"
    )


@participant_required
@require_POST
def me_new_link(request: HttpRequest, workshop: Workshop, participant: Participant) -> HttpResponse:
    token = services.new_resume_link(participant=participant)
    if request.htmx:
        context = {
            "workshop": workshop,
            "participant": participant,
            **_resume_context(request, workshop, token),
        }
        return _render(request, "participants/me.html", context, "resume-link")
    request.session[NEW_TOKEN_KEY] = token
    messages.success(request, _("Ihr neuer persönlicher Link ist erstellt; der alte gilt nicht mehr."))
    return redirect("participants:me", code=workshop.join_code)


@participant_required
@require_http_methods(["GET", "POST"])
def me_leave(request: HttpRequest, workshop: Workshop, participant: Participant) -> HttpResponse:
    if request.method == "POST":
        services.remove_participant(participant=participant)
        unbind_participant(request, workshop)
        messages.success(request, _("Sie haben den Workshop verlassen. Ihre Angaben sind gelöscht."))
        return _redirect(request, reverse("home"))
    return render(request, "participants/me_leave.html", {"workshop": workshop, "participant": participant})


# --- Introductions and who-is-here (participants and team) -----------------------------------


def _shared_fragment(
    request: HttpRequest, template: str, partial: str, key: str, make_context
) -> HttpResponse:
    """When someone joins, every phone in the room polls and needs the same new fragment: render it
    once per revision and hand out the cached HTML (with REDIS_URL, shared by all app processes).
    Only for fragments that hold nothing personal to the viewer (no forms, no CSRF token)."""
    if not request.htmx:
        return _render(request, template, make_context(), partial)
    cache_key = f"participants:{partial}:{request.path}:{key}:{get_language()}"
    html = cache.get(cache_key)
    if html is None:
        html = render_to_string(f"{template}#{partial}", make_context(), request=request)
        cache.set(cache_key, html, FRAGMENT_CACHE_SECONDS)
    response = HttpResponse(html)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _introductions(request: HttpRequest, workshop: Workshop, *, is_team: bool) -> HttpResponse:
    rev = services.revision(workshop_id=workshop.pk)
    if _poll_unchanged(request, rev):
        return _nothing_new()
    filter_form = IntroductionFilterForm(request.GET)
    filters = filter_form.filters()

    def make_context():
        return {
            "workshop": workshop,
            "is_team": is_team,
            "filter_form": filter_form,
            "participants": services.introductions(workshop=workshop, **filters),
            "filtered": any(filters.values()),
            "poll_url": _poll_url(request, rev, **filters),
        }

    key = f"{rev}:{filters['actor_group']}:{filters['level']}"
    return _shared_fragment(request, "participants/introductions.html", "introductions", key, make_context)


def _overview(request: HttpRequest, workshop: Workshop, *, is_team: bool) -> HttpResponse:
    rev = services.revision(workshop_id=workshop.pk)
    if _poll_unchanged(request, rev):
        return _nothing_new()

    def make_context():
        return {
            "workshop": workshop,
            "is_team": is_team,
            "overview": services.overview(workshop=workshop),
            "poll_url": _poll_url(request, rev),
        }

    return _shared_fragment(request, "participants/overview.html", "overview", rev, make_context)


@participant_required
def participant_introductions(
    request: HttpRequest, workshop: Workshop, participant: Participant
) -> HttpResponse:
    return _introductions(request, workshop, is_team=False)


@participant_required
def participant_overview(request: HttpRequest, workshop: Workshop, participant: Participant) -> HttpResponse:
    return _overview(request, workshop, is_team=False)


@team_required(Role.NOTE_TAKER)
def team_introductions(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return _introductions(request, workshop, is_team=True)


@team_required(Role.NOTE_TAKER)
def team_overview(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return _overview(request, workshop, is_team=True)


@team_required(Role.NOTE_TAKER)
def beamer(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """The projector view: how to join, how many are here, who they are. Opening or closing
    joining changes it too, so the revision includes that."""
    rev = f"{services.revision(workshop_id=workshop.pk)}-{int(workshop.joining_open)}"
    if _poll_unchanged(request, rev):
        return _nothing_new()
    context = {
        "workshop": workshop,
        "join_url": _join_url(request, workshop),
        "participants": services.introductions(workshop=workshop),
        "poll_url": _poll_url(request, rev),
    }
    return _render(request, "participants/beamer.html", context, "beamer-live")


@team_required(Role.NOTE_TAKER)
def qr_code(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """The join link as a QR code (SVG, made here: no outside service sees the code)."""
    svg = io.BytesIO()
    segno.make(_join_url(request, workshop), error="m").save(
        svg, kind="svg", scale=10, border=2, dark="#000", light="#fff", xmldecl=False
    )
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- Team: the participant list ---------------------------------------------------------------


def _list_context(request: HttpRequest, workshop: Workshop, rev: str) -> dict:
    participants = list(workshop.participants.all())
    return {
        "workshop": workshop,
        "membership": request.membership,
        "can_edit": request.membership.has_role(Role.FACILITATOR),
        "is_organiser": request.membership.has_role(Role.ORGANISER),
        "participants": [p for p in participants if p.erased_at is None],
        "erased_count": sum(1 for p in participants if p.erased_at is not None),
        "join_url": _join_url(request, workshop),
        "joining_form": JoiningForm(initial={"max_participants": workshop.max_participants}),
        "poll_url": _poll_url(request, rev),
    }


@team_required(Role.NOTE_TAKER)
def team_list(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    rev = services.revision(workshop_id=workshop.pk)
    if _poll_unchanged(request, rev):
        return _nothing_new()
    return _render(
        request, "participants/team_list.html", _list_context(request, workshop, rev), "participant-list"
    )


@team_required(Role.FACILITATOR)
@require_POST
def team_joining(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """Open or close joining (``action``), or set the maximum number of participants."""
    action = request.POST.get("action")
    form = JoiningForm(None if action in ("open", "close") else request.POST)
    note = None
    if action in ("open", "close"):
        workshop = services.set_joining(workshop=workshop, joining_open=action == "open")
        note = (
            _("Der Beitritt ist jetzt offen.")
            if action == "open"
            else _("Der Beitritt ist jetzt geschlossen.")
        )
    elif form.is_valid():
        workshop = services.set_joining(
            workshop=workshop, max_participants=form.cleaned_data["max_participants"]
        )
        note = _("Die Höchstzahl ist gespeichert.")
    if request.htmx:
        # The fragment itself shows the outcome, and an error next to the field.
        context = _list_context(request, workshop, services.revision(workshop_id=workshop.pk))
        context["joining_note"] = note
        if form.is_bound:
            context["joining_form"] = form
        return _render(request, "participants/team_list.html", context, "joining")
    if note:
        messages.success(request, note)
    for error in form.errors.get("max_participants", []):
        messages.error(request, _("Höchstzahl: %(error)s") % {"error": error})
    return redirect("participants:team_list", slug=workshop.slug)


@team_required(Role.FACILITATOR)
@require_http_methods(["GET", "POST"])
def team_add(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = TeamParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        participant = services.add_participant(workshop=workshop, **form.cleaned_data)
        messages.success(request, _("%(name)s wurde hinzugefügt.") % {"name": participant.display_name})
        return _redirect(request, reverse("participants:team_list", kwargs={"slug": workshop.slug}))
    context = {"workshop": workshop, "form": form, "participant": None}
    return _render(request, "participants/team_form.html", context, "participant-form")


@team_required(Role.FACILITATOR)
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    participant = get_object_or_404(workshop.participants.filter(erased_at__isnull=True), pk=pk)
    form = TeamParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        services.update_participant(participant=participant, **form.cleaned_data)
        messages.success(
            request, _("Die Angaben von %(name)s wurden gespeichert.") % {"name": participant.display_name}
        )
        return _redirect(request, reverse("participants:team_list", kwargs={"slug": workshop.slug}))
    context = {"workshop": workshop, "form": form, "participant": participant}
    return _render(request, "participants/team_form.html", context, "participant-form")


@team_required(Role.FACILITATOR)
@require_http_methods(["GET", "POST"])
def team_remove(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    participant = get_object_or_404(workshop.participants, pk=pk)
    if request.method == "POST":
        name = participant.display_name or _("Gelöschter Eintrag")
        services.remove_participant(participant=participant)
        if request.htmx:
            context = _list_context(request, workshop, services.revision(workshop_id=workshop.pk))
            context["list_note"] = _("%(name)s wurde entfernt.") % {"name": name}
            return _render(request, "participants/team_list.html", context, "participant-list")
        messages.success(request, _("%(name)s wurde entfernt.") % {"name": name})
        return redirect("participants:team_list", slug=workshop.slug)
    return render(
        request, "participants/team_remove.html", {"workshop": workshop, "participant": participant}
    )


@team_required(Role.FACILITATOR)
@require_http_methods(["GET", "POST"])
def team_import(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = CsvImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > csv_io.MAX_IMPORT_BYTES:
            form.add_error("file", _("Die Datei ist größer als 1 MB."))
        else:
            try:
                count = csv_io.import_participants(workshop=workshop, data=upload.read())
            except csv_io.CsvImportError as error:
                errors = error.errors
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s Person wurde importiert.", "%(count)s Personen wurden importiert.", count
                    )
                    % {"count": count},
                )
                return redirect("participants:team_list", slug=workshop.slug)
    context = {"workshop": workshop, "form": form, "errors": errors, "columns": list(csv_io.COLUMNS)}
    return render(request, "participants/team_import.html", context)


@team_required(Role.ORGANISER)
def team_export(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    response = HttpResponse(
        csv_io.export_participants(workshop=workshop), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="teilnehmende-{workshop.slug}.csv"'
    return response


@team_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def team_erase(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    if request.method == "POST":
        try:
            count = services.erase_personal_data(workshop=workshop)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Die personenbezogenen Daten von %(count)s Teilnehmenden wurden gelöscht.")
                % {"count": count},
            )
        return redirect("participants:team_list", slug=workshop.slug)
    return render(request, "participants/team_erase.html", {"workshop": workshop})
