"""Discussion views: thin. Parse with a form, check permission, call a service, render.

Participant pages live under /j/<code>/ (participants.access.participant_required), team pages
under /w/<slug>/ (workshops.access.team_required). htmx requests get a partial of the same
template; everyone else gets the page or a redirect with a message.
"""

import datetime as dt
import math

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from discussion import live, services
from discussion.forms import (
    AnswerForm,
    CardAnswerForm,
    MergeForm,
    NoteForm,
    QuestionForm,
    ThemeForm,
)
from discussion.models import Answer, GuidingQuestion, Note, Statement, Theme, Vote
from participants.access import participant_id_for, participant_required
from workshops.access import team_required
from workshops.models import AgendaItem, Role, Workshop


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


def _first_error(exc: ValidationError) -> str:
    return exc.messages[0]


# Shared pieces ----------------------------------------------------------------------------------


def _now_running(workshop: Workshop) -> dict | None:
    """The running agenda item and when it is planned to end (server time: every screen agrees)."""
    item = workshop.current_item
    if item is None or workshop.current_item_started_at is None:
        return None
    ends_at = workshop.current_item_started_at + dt.timedelta(minutes=item.duration_minutes)
    server_now = timezone.now()
    remaining = (ends_at - server_now).total_seconds()
    return {
        "item": item,
        "started_at": workshop.current_item_started_at,
        "ends_at_iso": ends_at.isoformat(timespec="seconds"),
        "server_now_iso": server_now.isoformat(timespec="seconds"),
        "remaining_minutes": max(0, math.ceil(remaining / 60)),
        "overtime": remaining < 0,
    }


def _wall_poll_url_for_participants(workshop: Workshop, question: GuidingQuestion) -> str:
    return reverse("discussion:wall_poll", kwargs={"code": workshop.join_code, "pk": question.pk})


def _wall_poll_url_for_projector(workshop: Workshop, question: GuidingQuestion) -> str:
    return reverse("discussion:projector_poll", kwargs={"slug": workshop.slug, "pk": question.pk})


def _number(value: str | None) -> int | None:
    """A non-negative database-sized integer from user input, else None (never a 500)."""
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 <= number < 2**63 else None


def _poll_response(
    request: HttpRequest, question: GuidingQuestion, *, kind: str, poll_url: str
) -> HttpResponse:
    """Send what changed plus a short announcement of how many answers are new for this client,
    for screen readers. Only new answers since the client's revision: just those, appended out
    of band (the wall itself stays); anything else: the whole wall (shared, cached per revision)."""
    seen = _number(request.GET.get("count"))
    increment = live.wall_increment(
        question, kind=kind, poll_url=poll_url, since=_number(request.GET.get("rev")), seen=seen
    )
    wall = increment or live.wall(question, kind=kind, poll_url=poll_url, seen=seen)
    new = wall.count - (wall.count if seen is None else seen)
    text = ngettext("%(n)s neue Antwort", "%(n)s neue Antworten", new) % {"n": new} if new > 0 else ""
    announcement = format_html(
        '<p id="wall-announcement" class="visually-hidden" aria-live="polite" hx-swap-oob="innerHTML">{}</p>',
        text,
    )
    response = HttpResponse(wall.html + announcement)
    return reswap(response, "none") if increment else response


def _unchanged(request: HttpRequest, revision: int) -> bool:
    return request.GET.get("rev") == str(revision)


# Participants -----------------------------------------------------------------------------------


@require_GET
@participant_required
def participant_questions(request: HttpRequest, workshop: Workshop, participant) -> HttpResponse:
    questions = list(
        workshop.guiding_questions.exclude(status=GuidingQuestion.Status.DRAFT).annotate(
            mine=Count("answers", filter=Q(answers__participant=participant))
        )
    )
    workshop = Workshop.objects.select_related("current_item").get(pk=workshop.pk)
    return render(
        request,
        "discussion/participant_questions.html",
        {"workshop": workshop, "questions": questions, "now": _now_running(workshop)},
    )


def _participant_question(workshop: Workshop, pk: int) -> GuidingQuestion:
    return get_object_or_404(workshop.guiding_questions.exclude(status=GuidingQuestion.Status.DRAFT), pk=pk)


def _participant_page_context(workshop, participant, question, form=None, *, with_wall: bool = True) -> dict:
    """The question page. Fragments answering one person's own action leave the wall out: it
    changes with every answer, and the next poll brings it anyway."""
    own = list(question.answers.filter(participant=participant))
    ctx = {
        "workshop": workshop,
        "participant": participant,
        "question": question,
        "own_answers": own,
        "can_answer": question.is_open and len(own) < question.answers_per_participant,
        "form": form or AnswerForm(),
    }
    if with_wall:
        ctx["wall"] = live.wall(
            question, kind=live.PARTICIPANTS, poll_url=_wall_poll_url_for_participants(workshop, question)
        )
    return ctx


@require_GET
@participant_required
def participant_question(request: HttpRequest, workshop: Workshop, participant, pk: int) -> HttpResponse:
    question = _participant_question(workshop, pk)
    return render(
        request,
        "discussion/participant_question.html",
        _participant_page_context(workshop, participant, question),
    )


@require_POST
@participant_required
def answer_create(request: HttpRequest, workshop: Workshop, participant, pk: int) -> HttpResponse:
    question = _participant_question(workshop, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answer = services.add_answer(
                question=question, participant=participant, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_error("text", _first_error(exc))
    saved = not form.errors
    if request.htmx:
        template = "discussion/participant_question.html"
        if not saved:
            ctx = _participant_page_context(workshop, participant, question, form=form, with_wall=False)
            response = render(request, f"{template}#answer-form", ctx)
            return _vary(reswap(retarget(response, "#answer-form"), "outerHTML"))
        # Only the new answer goes back (appended to the own answers) with a fresh, empty form:
        # re-rendering every own answer and the wall would cost more than the post itself, and
        # the next poll brings the wall anyway.
        written = answer.written_by_author
        ctx = {
            "workshop": workshop,
            "question": question,
            "answer": answer,
            "first_answer": written == 1,
            "can_answer": question.is_open and written < question.answers_per_participant,
            "form": AnswerForm(),
            "oob": True,
        }
        return _vary(render(request, f"{template}#answer-posted", ctx))
    if saved:
        messages.success(request, _("Ihre Antwort wurde gespeichert."))
        return redirect("discussion:participant_question", code=workshop.join_code, pk=question.pk)
    ctx = _participant_page_context(workshop, participant, question, form=form)
    return _vary(render(request, "discussion/participant_question.html", ctx))


def _own_answer(workshop: Workshop, participant, pk: int) -> Answer:
    """Only the author's own answers exist for them: anyone else's answers 404."""
    return get_object_or_404(
        Answer.objects.select_related("question"),
        pk=pk,
        participant=participant,
        question__workshop=workshop,
    )


@require_http_methods(["GET", "POST"])
@participant_required
def answer_edit(request: HttpRequest, workshop: Workshop, participant, pk: int) -> HttpResponse:
    answer = _own_answer(workshop, participant, pk)
    question = answer.question
    # Its own field id: the page also holds the form for a new answer.
    form = AnswerForm(request.POST or None, initial={"text": answer.text}, auto_id=f"answer-{answer.pk}-%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_answer(answer=answer, participant=participant, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", _first_error(exc))
        else:
            if request.htmx:
                ctx = _participant_page_context(workshop, participant, question, with_wall=False)
                return _vary(render(request, "discussion/participant_question.html#own-answers", ctx))
            messages.success(request, _("Ihre Antwort wurde geändert."))
            return redirect("discussion:participant_question", code=workshop.join_code, pk=question.pk)
    ctx = {"workshop": workshop, "question": question, "answer": answer, "form": form}
    if not request.htmx:
        return _vary(render(request, "discussion/answer_edit.html", ctx))
    response = render(request, "discussion/answer_edit.html#edit-form", ctx)
    if request.method == "POST":
        # The form posts to the list; an invalid edit goes back into its own item instead.
        response = reswap(retarget(response, f"#own-answer-{answer.pk}"), "outerHTML")
    return _vary(response)


@require_POST
@participant_required
def answer_delete(request: HttpRequest, workshop: Workshop, participant, pk: int) -> HttpResponse:
    answer = _own_answer(workshop, participant, pk)
    question = answer.question
    try:
        services.delete_answer(answer=answer, participant=participant)
    except ValidationError as exc:
        messages.error(request, _first_error(exc))
    else:
        if not request.htmx:
            messages.success(request, _("Ihre Antwort wurde gelöscht."))
    if request.htmx:
        ctx = _participant_page_context(workshop, participant, question, with_wall=False)
        return _vary(render(request, "discussion/participant_question.html#own-answers", ctx))
    return redirect("discussion:participant_question", code=workshop.join_code, pk=question.pk)


@require_GET
def wall_poll(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The participants' live wall poll. Unchanged: one small query, no template, 204 (htmx
    keeps polling and swaps nothing). It deliberately avoids participant_required (a participant
    query) and request.user (an auth query): the signed-cookie session says who joined."""
    row = live.poll_revision(question_pk=pk, join_code=code.upper())
    if row is None:
        raise Http404
    revision, workshop_id = row
    if participant_id_for(request, workshop_id) is None:
        join_url = reverse("participants:join", kwargs={"code": code.upper()})
        return HttpResponseClientRedirect(join_url) if request.htmx else redirect(join_url)
    if _unchanged(request, revision):
        return HttpResponse(status=204)
    # The revision may be up to a second old (discussion.live): the question may be gone since.
    question = get_object_or_404(
        GuidingQuestion.objects.select_related("workshop").exclude(status=GuidingQuestion.Status.DRAFT), pk=pk
    )
    return _poll_response(
        request,
        question,
        kind=live.PARTICIPANTS,
        poll_url=_wall_poll_url_for_participants(question.workshop, question),
    )


def _vote_context(workshop, participant, question) -> dict:
    answers = list(
        question.answers.filter(hidden=False)
        .select_related("theme")
        .annotate(
            mine=Count("votes", filter=Q(votes__participant=participant)),
            dots=Count("votes"),
        )
        .order_by("theme__name", "created_at", "id")
    )
    spent = sum(a.mine for a in answers)
    budget = services.dots_budget(question)
    return {
        "workshop": workshop,
        "question": question,
        "answers": answers,
        "budget": budget,
        "remaining": max(0, budget - spent),
    }


@require_GET
@participant_required
def vote_page(request: HttpRequest, workshop: Workshop, participant, pk: int) -> HttpResponse:
    question = _participant_question(workshop, pk)
    if not (question.wall_public or question.voting_open):
        # A wall for the team only stays hidden from participants until the team opens voting.
        raise Http404
    return render(request, "discussion/vote.html", _vote_context(workshop, participant, question))


@require_POST
@participant_required
def vote(request: HttpRequest, workshop: Workshop, participant, pk: int) -> HttpResponse:
    answer = get_object_or_404(
        Answer.objects.select_related("question"),
        pk=pk,
        question__workshop=workshop,
        question__status__in=[GuidingQuestion.Status.OPEN, GuidingQuestion.Status.CLOSED],
    )
    if not (answer.question.wall_public or answer.question.voting_open):
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "add":
            services.add_vote(answer=answer, participant=participant)
        elif action == "remove":
            services.remove_vote(answer=answer, participant=participant)
        else:
            raise ValidationError(_("Unbekannte Aktion."))
    except ValidationError as exc:
        error = _first_error(exc)
    else:
        error = ""
    question = GuidingQuestion.objects.get(pk=answer.question_id)
    if request.htmx:
        ctx = {**_vote_context(workshop, participant, question), "error": error}
        return _vary(render(request, "discussion/vote.html#vote-board", ctx))
    if error:
        messages.error(request, error)
    return redirect("discussion:vote_page", code=workshop.join_code, pk=question.pk)


# Team: questions --------------------------------------------------------------------------------


def _team_question(workshop: Workshop, pk: int) -> GuidingQuestion:
    return get_object_or_404(workshop.guiding_questions.select_related("agenda_item"), pk=pk)


@require_GET
@team_required(Role.NOTE_TAKER)
def question_list(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    questions = list(
        workshop.guiding_questions.select_related("agenda_item").annotate(
            answer_count=Count("answers", filter=Q(answers__hidden=False))
        )
    )
    return render(
        request,
        "discussion/questions.html",
        {"workshop": workshop, "questions": questions, "membership": request.membership},
    )


@require_http_methods(["GET", "POST"])
@team_required(Role.FACILITATOR)
def question_create(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = QuestionForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        question = services.create_question(workshop=workshop, **form.cleaned_data)
        messages.success(request, _("Die Leitfrage wurde angelegt (Entwurf)."))
        return redirect("discussion:moderation", slug=workshop.slug, pk=question.pk)
    return render(request, "discussion/question_form.html", {"workshop": workshop, "form": form})


@require_http_methods(["GET", "POST"])
@team_required(Role.FACILITATOR)
def question_edit(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    question = _team_question(workshop, pk)
    form = QuestionForm(request.POST or None, instance=question, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(question=question, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Die Leitfrage wurde gespeichert."))
            return redirect("discussion:moderation", slug=workshop.slug, pk=question.pk)
    return render(
        request, "discussion/question_form.html", {"workshop": workshop, "form": form, "question": question}
    )


# Team: moderation -------------------------------------------------------------------------------


def _moderation_context(workshop, question, **forms) -> dict:
    groups = live.grouped_answers(question, include_hidden=True)
    themes = [group.theme for group in groups if group.theme is not None]
    answers = [answer for group in groups for answer in group.answers]
    return {
        "workshop": workshop,
        "question": question,
        "groups": groups,
        "themes": themes,
        "answer_count": sum(1 for a in answers if not a.hidden),
        "hidden_count": sum(1 for a in answers if a.hidden),
        "card_form": forms.get("card_form") or CardAnswerForm(),
        "theme_form": forms.get("theme_form") or ThemeForm(),
        "statuses": GuidingQuestion.Status,
        "fazit_parts": Statement.Part.choices,
    }


def _moderation_response(request, workshop, question, message: str = "", error: str = "", **forms):
    """After a moderation action: the board for htmx, else back to the page with a message.
    A form with errors is shown again with what was typed."""
    question.refresh_from_db()
    if request.htmx:
        ctx = {
            **_moderation_context(workshop, question, **forms),
            "flash": error or message,
            "flash_error": bool(error),
        }
        return _vary(render(request, "discussion/moderation.html#board", ctx))
    if forms:
        return _vary(
            render(request, "discussion/moderation.html", _moderation_context(workshop, question, **forms))
        )
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    return redirect("discussion:moderation", slug=workshop.slug, pk=question.pk)


@require_GET
@team_required(Role.FACILITATOR)
def moderation(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    question = _team_question(workshop, pk)
    return render(request, "discussion/moderation.html", _moderation_context(workshop, question))


@require_GET
@team_required(Role.FACILITATOR)
def moderation_poll(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    """Tells the moderation page that something changed, without replacing the board under
    the moderator's hands: they reload when it suits them."""
    revision = get_object_or_404(workshop.guiding_questions.values_list("revision", flat=True), pk=pk)
    if _unchanged(request, revision):
        return HttpResponse(status=204)
    return render(
        request,
        "discussion/moderation.html#refresh-notice",
        {"workshop": workshop, "question_pk": pk, "changed": True, "revision": request.GET.get("rev", "")},
    )


@require_POST
@team_required(Role.FACILITATOR)
def question_status(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    question = _team_question(workshop, pk)
    status = request.POST.get("status")
    if status not in GuidingQuestion.Status.values:
        return _moderation_response(request, workshop, question, error=_("Unbekannter Status."))
    services.set_question_status(question=question, status=status)
    labels = {
        GuidingQuestion.Status.OPEN: _("Die Leitfrage ist geöffnet: Teilnehmende können antworten."),
        GuidingQuestion.Status.CLOSED: _("Die Leitfrage ist geschlossen."),
        GuidingQuestion.Status.DRAFT: _("Die Leitfrage ist wieder ein Entwurf."),
    }
    return _moderation_response(request, workshop, question, message=labels[status])


@require_POST
@team_required(Role.FACILITATOR)
def voting(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    question = _team_question(workshop, pk)
    actions = {
        "start": (services.start_voting, {}, _("Die Punktabfrage läuft.")),
        "stop": (services.stop_voting, {}, _("Die Punktabfrage ist beendet.")),
        "reveal": (services.set_results_revealed, {"revealed": True}, _("Das Ergebnis ist sichtbar.")),
        "conceal": (services.set_results_revealed, {"revealed": False}, _("Das Ergebnis ist verborgen.")),
    }
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        return _moderation_response(request, workshop, question, error=_("Unbekannte Aktion."))
    function, kwargs, message = action
    function(question=question, **kwargs)
    return _moderation_response(request, workshop, question, message=message)


@require_POST
@team_required(Role.FACILITATOR)
def card_answer(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    question = _team_question(workshop, pk)
    form = CardAnswerForm(request.POST)
    if form.is_valid():
        services.add_card_answer(question=question, **form.cleaned_data)
        return _moderation_response(request, workshop, question, message=_("Die Karte wurde übernommen."))
    return _moderation_response(request, workshop, question, card_form=form)


def _team_answer(workshop: Workshop, pk: int) -> Answer:
    return get_object_or_404(Answer.objects.select_related("question"), pk=pk, question__workshop=workshop)


@require_POST
@team_required(Role.FACILITATOR)
def answer_flag(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    answer = _team_answer(workshop, pk)
    flags = {
        "hide": ({"hidden": True}, _("Die Antwort ist ausgeblendet.")),
        "unhide": ({"hidden": False}, _("Die Antwort ist wieder sichtbar.")),
        "highlight": ({"highlighted": True}, _("Die Antwort ist hervorgehoben.")),
        "unhighlight": ({"highlighted": False}, _("Die Hervorhebung ist aufgehoben.")),
    }
    flag = flags.get(request.POST.get("action", ""))
    if flag is None:
        return _moderation_response(request, workshop, answer.question, error=_("Unbekannte Aktion."))
    services.set_answer_flags(answer=answer, **flag[0])
    return _moderation_response(request, workshop, answer.question, message=flag[1])


@require_POST
@team_required(Role.FACILITATOR)
def answer_theme(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    answer = _team_answer(workshop, pk)
    theme_id = request.POST.get("theme", "")
    theme = None
    if theme_id:
        theme = Theme.objects.filter(pk=_number(theme_id) or 0, question=answer.question).first()
        if theme is None:
            return _moderation_response(
                request,
                workshop,
                answer.question,
                error=_("Dieses Thema gibt es bei dieser Leitfrage nicht."),
            )
    services.assign_theme(answer=answer, theme=theme)
    message = (
        _("Die Antwort gehört jetzt zum Thema „%(name)s“.") % {"name": theme.name}
        if theme
        else _("Die Antwort ist keinem Thema mehr zugeordnet.")
    )
    return _moderation_response(request, workshop, answer.question, message=message)


@require_POST
@team_required(Role.FACILITATOR)
def theme_create(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    question = _team_question(workshop, pk)
    form = ThemeForm(request.POST)
    if form.is_valid():
        theme = services.create_theme(question=question, name=form.cleaned_data["name"])
        return _moderation_response(
            request,
            workshop,
            question,
            message=_("Das Thema „%(name)s“ wurde angelegt.") % {"name": theme.name},
        )
    return _moderation_response(request, workshop, question, theme_form=form)


def _team_theme(workshop: Workshop, pk: int) -> Theme:
    return get_object_or_404(Theme.objects.select_related("question"), pk=pk, question__workshop=workshop)


@require_POST
@team_required(Role.FACILITATOR)
def theme_rename(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    theme = _team_theme(workshop, pk)
    form = ThemeForm(request.POST)
    if not form.is_valid():
        return _moderation_response(request, workshop, theme.question, error=form.errors["name"][0])
    services.rename_theme(theme=theme, name=form.cleaned_data["name"])
    return _moderation_response(request, workshop, theme.question, message=_("Das Thema wurde umbenannt."))


@require_POST
@team_required(Role.FACILITATOR)
def theme_merge(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    theme = _team_theme(workshop, pk)
    form = MergeForm(request.POST, theme=theme)
    if not form.is_valid():
        return _moderation_response(
            request,
            workshop,
            theme.question,
            error=_("Bitte wählen Sie das Thema, in das zusammengeführt wird."),
        )
    target = services.merge_themes(source=theme, target=form.cleaned_data["target"])
    return _moderation_response(
        request,
        workshop,
        theme.question,
        message=_("Die Themen wurden zu „%(name)s“ zusammengeführt.") % {"name": target.name},
    )


# Team: projector and ranking --------------------------------------------------------------------


def _join_qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(
        scale=1, omitsize=True, border=4, title=_("QR-Code zum Beitreten")
    )


@require_GET
@team_required(Role.NOTE_TAKER)
def presentation(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    question = _team_question(workshop, pk)
    workshop = Workshop.objects.select_related("current_item").get(pk=workshop.pk)
    join_url = request.build_absolute_uri(reverse("participants:join", kwargs={"code": workshop.join_code}))
    return render(
        request,
        "discussion/presentation.html",
        {
            "workshop": workshop,
            "question": question,
            "join_url": join_url,
            "join_qr": _join_qr_svg(join_url),
            "now": _now_running(workshop),
            "wall": live.wall(
                question, kind=live.PROJECTOR, poll_url=_wall_poll_url_for_projector(workshop, question)
            ),
        },
    )


@require_GET
@team_required(Role.NOTE_TAKER)
def projector_poll(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    revision = get_object_or_404(workshop.guiding_questions.values_list("revision", flat=True), pk=pk)
    if _unchanged(request, revision):
        return HttpResponse(status=204)
    question = _team_question(workshop, pk)
    return _poll_response(
        request, question, kind=live.PROJECTOR, poll_url=_wall_poll_url_for_projector(workshop, question)
    )


@require_GET
@team_required(Role.NOTE_TAKER)
def ranking(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    question = _team_question(workshop, pk)
    voters = Vote.objects.filter(question=question).values("participant").distinct().count()
    return render(
        request,
        "discussion/ranking.html",
        {"workshop": workshop, "question": question, "answers": services.ranking(question), "voters": voters},
    )


# Team: live cockpit -----------------------------------------------------------------------------


def _cockpit_context(workshop: Workshop) -> dict:
    workshop = Workshop.objects.select_related("current_item").get(pk=workshop.pk)
    items = list(workshop.agenda_items.all())
    schedule = workshop.schedule(items)
    now = _now_running(workshop)
    drift = None
    if now is not None:
        planned = next(row for row in schedule.rows if row.item.pk == workshop.current_item_id)
        # Compared on the day the item actually started, so a rehearsal before the workshop
        # date still shows a sensible "ahead/behind".
        started = timezone.localtime(now["started_at"])
        planned_start = timezone.make_aware(dt.datetime.combine(started.date(), planned.starts_at.time()))
        drift = int((started - planned_start).total_seconds() // 60)
    questions = list(
        workshop.guiding_questions.filter(status=GuidingQuestion.Status.OPEN).annotate(
            answer_count=Count("answers", filter=Q(answers__hidden=False))
        )
    )
    running_index = next((i for i, item in enumerate(items) if item.pk == workshop.current_item_id), None)
    return {
        "workshop": workshop,
        "schedule": schedule,
        "now": now,
        "has_previous": bool(running_index),
        "drift": drift,
        "drift_abs": abs(drift) if drift is not None else None,
        "participant_count": workshop.participants.filter(erased_at__isnull=True).count(),
        "questions": questions,
    }


@require_GET
@team_required(Role.NOTE_TAKER)
def cockpit(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return render(
        request, "discussion/cockpit.html", {**_cockpit_context(workshop), "membership": request.membership}
    )


@require_POST
@team_required(Role.FACILITATOR)
def cockpit_move(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    action = request.POST.get("action", "")
    error = ""
    try:
        if action in ("next", "previous"):
            services.move_agenda(workshop=workshop, direction=action)
        elif action == "start":
            item = get_object_or_404(AgendaItem, pk=_number(request.POST.get("item")) or 0, workshop=workshop)
            services.set_current_item(workshop=workshop, item=item)
        elif action == "end":
            services.set_current_item(workshop=workshop, item=None)
        else:
            raise ValidationError(_("Unbekannte Aktion."))
    except ValidationError as exc:
        error = _first_error(exc)
    if request.htmx:
        ctx = {**_cockpit_context(workshop), "membership": request.membership, "error": error}
        return _vary(render(request, "discussion/cockpit.html#live", ctx))
    if error:
        messages.error(request, error)
    else:
        workshop.refresh_from_db(fields=["current_item"])
        current = workshop.current_item
        messages.success(
            request,
            _("Jetzt läuft: %(title)s") % {"title": current.title}
            if current
            else _("Der Live-Ablauf ist beendet."),
        )
    return redirect("discussion:cockpit", slug=workshop.slug)


# Team: notes ------------------------------------------------------------------------------------


@require_GET
@team_required(Role.NOTE_TAKER)
def note_list(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    items = list(workshop.agenda_items.select_related("note"))
    rows = [(item, getattr(item, "note", None)) for item in items]
    return render(request, "discussion/notes.html", {"workshop": workshop, "rows": rows})


def _note_context(workshop, item, note, form, conflict=None) -> dict:
    versions = list(note.versions.select_related("saved_by")[:10]) if note and note.pk else []
    return {
        "workshop": workshop,
        "item": item,
        "note": note,
        "form": form,
        "preview": services.render_note(note.text if note else ""),
        "versions": versions,
        "conflict": conflict,
        "conflict_html": services.render_note(conflict.text) if conflict else "",
    }


@require_http_methods(["GET", "POST"])
@team_required(Role.NOTE_TAKER)
def note_edit(request: HttpRequest, workshop: Workshop, item_pk: int) -> HttpResponse:
    item = get_object_or_404(workshop.agenda_items, pk=item_pk)
    note = Note.objects.filter(agenda_item=item).first()
    if request.method == "GET":
        form = NoteForm(initial={"text": note.text if note else "", "version": note.version if note else 0})
        return render(request, "discussion/note.html", _note_context(workshop, item, note, form))
    form = NoteForm(request.POST)
    conflict = None
    if form.is_valid():
        # "Keep mine" after a conflict: the editor saw the other text and saves over that version.
        base = form.cleaned_data["version"]
        if _number(request.POST.get("overwrite")) is not None:
            base = _number(request.POST["overwrite"])
        try:
            note = services.save_note(
                agenda_item=item, text=form.cleaned_data["text"], base_version=base, user=request.user
            )
        except services.NoteConflict as exc:
            conflict = exc.note
        except ValidationError as exc:
            form.add_error("text", _first_error(exc))
    if not form.errors and conflict is None:
        if request.htmx:
            ctx = _note_context(workshop, item, note, NoteForm(initial={"version": note.version}))
            return _vary(render(request, "discussion/note.html#note-meta", ctx))
        messages.success(request, _("Die Notiz wurde gespeichert."))
        return redirect("discussion:note_edit", slug=workshop.slug, item_pk=item.pk)
    ctx = _note_context(workshop, item, note, form, conflict=conflict)
    template = "discussion/note.html#note-meta" if request.htmx else "discussion/note.html"
    return _vary(render(request, template, ctx, status=409 if conflict and not request.htmx else 200))
