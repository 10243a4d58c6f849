"""Fazit, summary and export views. Thin: parse with a form, check permission, call a service,
render. Team pages live under /w/<slug>/, participant pages under /j/<code>/, the published
summary under an unguessable token."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh
from django_ratelimit.decorators import ratelimit

from config.views import rate_limited
from discussion import exports
from discussion import fazit as services
from discussion.fazit_forms import (
    EndorsementForm,
    FromSourceForm,
    IntroductionForm,
    MoveForm,
    SectionsForm,
    StatementForm,
)
from discussion.models import Answer, Fazit, Statement, Theme
from discussion.summary import gather_summary
from discussion.views import _moderation_response
from participants import services as participant_services
from participants.access import participant_required
from workshops.access import team_required
from workshops.models import Role, Workshop


def fazit_url(workshop: Workshop) -> str:
    return reverse("discussion:fazit", kwargs={"slug": workshop.slug})


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


def _statement(workshop: Workshop, pk: int) -> Statement:
    return get_object_or_404(Statement.objects.select_related("fazit"), pk=pk, fazit__workshop=workshop)


def _locked(request: HttpRequest, error: ValidationError, redirect_to) -> HttpResponse:
    """A refused change (Fazit final, or another reason): say why, change nothing. htmx gets a
    full refresh so the message and the locked page show together."""
    for message in error.messages:
        messages.error(request, message)
    if request.htmx:
        return _vary(HttpResponseClientRefresh())
    return _vary(redirect(redirect_to))


# --- Team: writing the Fazit ----------------------------------------------------------------------


def _fazit_page(request, workshop, fazit, *, intro_form=None, add_forms=None, status=200):
    add_forms = add_forms or {}
    parts = services.parts_for_team(fazit)
    for part in parts:
        part["add_form"] = add_forms.get(part["key"]) or StatementForm(part=part["key"], prefix=part["key"])
    context = {
        "workshop": workshop,
        "fazit": fazit,
        "parts": parts,
        "intro_form": intro_form or IntroductionForm(instance=fazit),
        "next_step": Statement.Part.NEXT_STEP,
    }
    return _vary(render(request, "discussion/fazit.html", context, status=status))


def _part_fragment(request, workshop, fazit, key, *, add_form=None):
    """One part of the Fazit for htmx (status 200 even with form errors: htmx swaps only 2xx)."""
    part = next(p for p in services.parts_for_team(fazit) if p["key"] == key)
    part["add_form"] = add_form or StatementForm(part=key, prefix=key)
    context = {"workshop": workshop, "fazit": fazit, "part": part, "next_step": Statement.Part.NEXT_STEP}
    return _vary(render(request, "discussion/fazit.html#part", context))


@team_required(Role.FACILITATOR)
@require_GET
def fazit_edit(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return _fazit_page(request, workshop, services.current_fazit(workshop))


@team_required(Role.FACILITATOR)
@require_POST
def introduction_update(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    fazit = services.fazit_for(workshop)
    form = IntroductionForm(request.POST, instance=fazit)
    if not form.is_valid():
        return _fazit_page(request, workshop, fazit, intro_form=form, status=422)
    try:
        services.update_introduction(fazit=fazit, introduction=form.cleaned_data["introduction"])
    except ValidationError as error:
        return _locked(request, error, fazit_url(workshop))
    messages.success(request, _("Die Einleitung wurde gespeichert."))
    return redirect("discussion:fazit", slug=workshop.slug)


@team_required(Role.FACILITATOR)
@require_POST
def statement_add(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    fazit = services.fazit_for(workshop)
    part = request.POST.get("part", "")
    if part not in Statement.Part.values:
        raise Http404
    form = StatementForm(request.POST, part=part, prefix=part)
    if not form.is_valid():
        if request.htmx:
            return _part_fragment(request, workshop, fazit, part, add_form=form)
        return _fazit_page(request, workshop, fazit, add_forms={part: form}, status=422)
    try:
        services.add_statement(
            fazit=fazit,
            part=part,
            text=form.cleaned_data["text"],
            responsible=form.cleaned_data.get("responsible", ""),
            due=form.cleaned_data.get("due", ""),
        )
    except ValidationError as error:
        return _locked(request, error, fazit_url(workshop))
    if request.htmx:
        return _part_fragment(request, workshop, fazit, part)
    messages.success(request, _("Die Aussage wurde hinzugefügt."))
    return _vary(redirect(f"{fazit_url(workshop)}#part-{part}"))


@team_required(Role.FACILITATOR)
@require_http_methods(["GET", "POST"])
def statement_edit(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    statement = _statement(workshop, pk)
    if statement.fazit.is_final:
        return _locked(request, services.FazitLocked(), fazit_url(workshop))
    form = StatementForm(request.POST or None, instance=statement, part=statement.part)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_statement(statement=statement, **form.cleaned_data)
        except ValidationError as error:
            return _locked(request, error, fazit_url(workshop))
        messages.success(request, _("Die Aussage wurde gespeichert."))
        return redirect(f"{fazit_url(workshop)}#part-{statement.part}")
    context = {
        "workshop": workshop,
        "statement": statement,
        "form": form,
        "next_step": Statement.Part.NEXT_STEP,
    }
    return render(
        request, "discussion/fazit_statement_form.html", context, status=422 if form.errors else 200
    )


@team_required(Role.FACILITATOR)
@require_POST
def statement_delete(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    statement = _statement(workshop, pk)
    try:
        services.delete_statement(statement=statement)
    except ValidationError as error:
        return _locked(request, error, fazit_url(workshop))
    if request.htmx:
        return _part_fragment(request, workshop, statement.fazit, statement.part)
    messages.success(request, _("Die Aussage wurde gelöscht."))
    return _vary(redirect(f"{fazit_url(workshop)}#part-{statement.part}"))


@team_required(Role.FACILITATOR)
@require_POST
def statement_move(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    statement = _statement(workshop, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _vary(redirect(fazit_url(workshop)))
    try:
        try:
            services.move_statement(statement=statement, direction=form.cleaned_data["direction"])
        except Statement.DoesNotExist:
            raise Http404 from None  # deleted by someone else meanwhile
    except ValidationError as error:
        return _locked(request, error, fazit_url(workshop))
    if request.htmx:
        return _part_fragment(request, workshop, statement.fazit, statement.part)
    messages.success(request, _("Die Reihenfolge wurde geändert."))
    return _vary(redirect(f"{fazit_url(workshop)}#statement-{statement.pk}"))


def _from_source(request, workshop, question, take) -> HttpResponse:
    """Shared by the two one-click buttons on the moderation page: back to the board (htmx) or
    the page (plain) with a message; a final Fazit refuses and nothing is created."""
    form = FromSourceForm(request.POST)
    if not form.is_valid():
        outcome = {"error": _("Diesen Teil des Fazits gibt es nicht.")}
    else:
        part = form.cleaned_data["part"]
        try:
            take(part)
        except ValidationError as error:
            outcome = {"error": " ".join(error.messages)}
        else:
            outcome = {
                "message": _("Ins Fazit übernommen (%(part)s).") % {"part": Statement.Part(part).label}
            }
    return _vary(_moderation_response(request, workshop, question, **outcome))


@team_required(Role.FACILITATOR)
@require_POST
def statement_from_answer(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    answer = get_object_or_404(
        Answer.objects.select_related("question__workshop"), pk=pk, question__workshop=workshop
    )
    return _from_source(
        request,
        workshop,
        answer.question,
        lambda part: services.statement_from_answer(answer=answer, part=part),
    )


@team_required(Role.FACILITATOR)
@require_POST
def statement_from_theme(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    theme = get_object_or_404(
        Theme.objects.select_related("question__workshop"), pk=pk, question__workshop=workshop
    )
    return _from_source(
        request, workshop, theme.question, lambda part: services.statement_from_theme(theme=theme, part=part)
    )


@team_required(Role.FACILITATOR)
@require_POST
def fazit_finalise(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    try:
        services.finalise(fazit=services.fazit_for(workshop), user=request.user)
    except ValidationError as error:
        return _locked(request, error, fazit_url(workshop))
    messages.success(request, _("Das Fazit ist abgeschlossen. Es kann nicht mehr geändert werden."))
    return redirect("discussion:summary", slug=workshop.slug)


# --- Participants: reading and endorsing the draft ----------------------------------------------


def _participant_page(request, workshop, participant, *, forms=None, status=200):
    fazit = services.current_fazit(workshop)
    parts = services.parts_for_participant(fazit, participant)
    forms = forms or {}
    for part in parts:
        for statement in part["statements"]:
            statement.form = forms.get(statement.pk) or _endorsement_form(statement)
    context = {
        "workshop": workshop,
        "fazit": fazit,
        "parts": parts,
        "has_statements": any(part["statements"] for part in parts),
        "next_step": Statement.Part.NEXT_STEP,
    }
    return _vary(render(request, "discussion/fazit_participant.html", context, status=status))


def _endorsement_form(statement, data=None):
    initial = {"stance": statement.mine.stance, "comment": statement.mine.comment} if statement.mine else None
    return EndorsementForm(data, initial=initial, prefix=f"s{statement.pk}")


@participant_required
@require_GET
def participant_fazit(request: HttpRequest, workshop: Workshop, participant) -> HttpResponse:
    return _participant_page(request, workshop, participant)


def _statement_fragment(request, workshop, statement) -> HttpResponse:
    # Status 200 also for a form with errors: htmx swaps only successful responses.
    context = {
        "workshop": workshop,
        "fazit": statement.fazit,
        "statement": statement,
        "next_step": Statement.Part.NEXT_STEP,
    }
    return _vary(render(request, "discussion/fazit_participant.html#statement", context))


@participant_required
@require_POST
def endorse(request: HttpRequest, workshop: Workshop, participant, pk: int) -> HttpResponse:
    statement = _statement(workshop, pk)
    page_url = reverse("discussion:participant_fazit", kwargs={"code": workshop.join_code})
    page_url = f"{page_url}#statement-{statement.pk}"
    statement.mine = statement.endorsements.filter(participant=participant).first()
    form = _endorsement_form(statement, request.POST)
    if not form.is_valid():
        if not request.htmx:
            return _participant_page(request, workshop, participant, forms={statement.pk: form}, status=422)
        statement.form = form
        return _statement_fragment(request, workshop, statement)
    try:
        statement.mine = services.endorse(statement=statement, participant=participant, **form.cleaned_data)
    except ValidationError as error:
        return _locked(request, error, page_url)
    if not request.htmx:
        messages.success(request, _("Ihre Rückmeldung wurde gespeichert."))
        return _vary(redirect(page_url))
    statement.form, statement.saved = _endorsement_form(statement), True
    return _statement_fragment(request, workshop, statement)


# --- Team: the summary and its exports -------------------------------------------------------------


@team_required(Role.NOTE_TAKER)
@require_GET
def summary(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    data = gather_summary(workshop=workshop)
    fazit = data.fazit or Fazit(workshop=workshop)
    html = exports.summary_html(
        data,
        for_pdf=False,
        request=request,
        extra={
            "fazit": fazit,
            "is_organiser": request.membership.has_role(Role.ORGANISER),
            "sections_form": SectionsForm(initial={"sections": fazit.summary_sections}),
            "csv_kinds": exports.CSV_KINDS,
        },
    )
    return HttpResponse(html)


@team_required(Role.ORGANISER)
@require_POST
def summary_sections(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = SectionsForm(request.POST)
    if form.is_valid():
        services.choose_sections(fazit=services.fazit_for(workshop), sections=form.cleaned_data["sections"])
        messages.success(request, _("Die Auswahl der Abschnitte wurde gespeichert."))
    else:
        messages.error(request, _("Diese Auswahl ist nicht möglich."))
    return redirect("discussion:summary", slug=workshop.slug)


def _download(content, content_type: str, name: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@team_required(Role.ORGANISER)  # exporting is the organiser's (DESIGN.md, roles)
@require_GET
def summary_pdf(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    data = gather_summary(workshop=workshop)
    return _download(exports.summary_pdf(data), exports.PDF_CONTENT_TYPE, exports.filename(data, "pdf"))


@team_required(Role.ORGANISER)  # exporting is the organiser's (DESIGN.md, roles)
@require_GET
def summary_markdown(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    data = gather_summary(workshop=workshop)
    return _download(
        exports.summary_markdown(data), exports.MARKDOWN_CONTENT_TYPE, exports.filename(data, "md")
    )


@team_required(Role.ORGANISER)  # exporting is the organiser's (DESIGN.md, roles)
@require_GET
def summary_csv(request: HttpRequest, workshop: Workshop, kind: str) -> HttpResponse:
    if kind not in exports.CSV_KINDS:
        raise Http404
    data = gather_summary(workshop=workshop)
    return _download(
        exports.summary_csv(data, kind), exports.CSV_CONTENT_TYPE, exports.filename(data, "csv", kind)
    )


@team_required(Role.ORGANISER)
@require_GET
def workshop_archive(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    name = f"{workshop.slug}-{workshop.date.isoformat()}-archiv.json"
    return _download(exports.archive_json(workshop), exports.JSON_CONTENT_TYPE, name)


@team_required(Role.ORGANISER)
@require_POST
def summary_publish(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    try:
        services.publish(fazit=services.fazit_for(workshop))
    except ValidationError as error:
        return _locked(request, error, reverse("discussion:summary", kwargs={"slug": workshop.slug}))
    messages.success(
        request,
        _("Die Zusammenfassung ist veröffentlicht. Teilnehmende sehen den Link auf ihrer Fazit-Seite."),
    )
    return redirect("discussion:summary", slug=workshop.slug)


@team_required(Role.ORGANISER)
@require_POST
def summary_unpublish(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    services.unpublish(fazit=services.fazit_for(workshop))
    messages.success(
        request, _("Die Veröffentlichung wurde zurückgezogen. Der alte Link funktioniert nicht mehr.")
    )
    return redirect("discussion:summary", slug=workshop.slug)


# --- Public: the published PDF ---------------------------------------------------------------------


# Rendering a PDF takes a second of CPU: the public link is limited per address and the bytes
# are cached. The key holds the participants' revision (it changes with every consent, erasure
# or edit), so a withdrawn consent applies at the next request; other late changes (notes)
# show once the short lifetime is over.
PUBLISHED_PDF_RATE = "30/m"
PUBLISHED_PDF_CACHE_SECONDS = 300


def _published_pdf_key(fazit: Fazit) -> str:
    people = participant_services.revision(workshop_id=fazit.workshop_id)
    return f"published-pdf:{fazit.pk}:{fazit.updated_at.timestamp():.6f}:{people}"


@require_GET
@ratelimit(key="ip", rate=PUBLISHED_PDF_RATE, block=False)
def published_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """No login: the token is the key."""
    if getattr(request, "limited", False):
        return rate_limited(request, exception=None)
    fazit = get_object_or_404(Fazit.objects.select_related("workshop"), publication_token=token)
    key = _published_pdf_key(fazit)
    cached = cache.get(key)
    if cached is None:
        data = gather_summary(workshop=fazit.workshop)
        cached = (exports.summary_pdf(data), exports.filename(data, "pdf"))
        cache.set(key, cached, PUBLISHED_PDF_CACHE_SECONDS)
    response = _download(cached[0], exports.PDF_CONTENT_TYPE, cached[1])
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response
