from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from workshops import services
from workshops.access import team_required
from workshops.forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    DeleteWorkshopForm,
    DuplicateForm,
    MemberAddForm,
    MoveForm,
    ReorderForm,
    RoleForm,
    WorkshopForm,
    autofocus_first_error,
)
from workshops.models import ROLE_RANK, AgendaItem, Membership, Role, Workshop

ADD_PREFIX = "new"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # Filtering and annotating through the same relation reuses one join: my role comes along.
    workshops = list(
        Workshop.objects.filter(memberships__user=request.user)
        .annotate(my_role=F("memberships__role"))
        .order_by("date", "start_time")
    )
    for workshop in workshops:
        workshop.my_role_label = Role(workshop.my_role).label
    return render(
        request,
        "workshops/dashboard.html",
        {
            "upcoming": [w for w in workshops if w.date >= today],
            "past": [w for w in reversed(workshops) if w.date < today],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: HttpRequest) -> HttpResponse:
    form = WorkshopForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            workshop = services.create_workshop(user=request.user, **form.cleaned_data)
            messages.success(
                request, _("Der Workshop wurde angelegt. Jetzt können Sie die Tagesordnung aufbauen.")
            )
            return redirect("workshops:agenda", slug=workshop.slug)
        autofocus_first_error(form)
    return render(request, "workshops/workshop_form.html", {"form": form})


@team_required(Role.NOTE_TAKER)
@require_GET
def workshop_detail(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    items = list(workshop.agenda_items.all())
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "schedule": workshop.schedule(items),
            "membership": request.membership,
            "can_edit": request.membership.has_role(Role.FACILITATOR),
        },
    )


@team_required(Role.FACILITATOR)
@require_http_methods(["GET", "POST"])
def workshop_edit(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST":
        if form.is_valid():
            services.update_workshop(workshop=workshop, **form.cleaned_data)
            messages.success(request, _("Die Angaben wurden gespeichert."))
            return redirect(workshop)
        autofocus_first_error(form)
        # The failed form changed the instance in memory; show the saved title in the page.
        workshop.refresh_from_db()
    return render(request, "workshops/workshop_form.html", {"form": form, "workshop": workshop})


@team_required(Role.FACILITATOR)
@require_http_methods(["GET", "POST"])
def workshop_duplicate(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = DuplicateForm(request.POST or None, initial={"title": workshop.title})
    if request.method == "POST":
        if form.is_valid():
            copy = services.duplicate_workshop(workshop=workshop, user=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("„%(title)s“ wurde als neuer Workshop angelegt, mit der Tagesordnung der Vorlage.")
                % {"title": copy.title},
            )
            return redirect("workshops:agenda", slug=copy.slug)
        autofocus_first_error(form)
    return render(request, "workshops/workshop_duplicate.html", {"form": form, "workshop": workshop})


@team_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def workshop_delete(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = DeleteWorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_workshop(workshop=workshop, confirm_title=form.cleaned_data["confirm_title"])
        except ValidationError as exc:
            form.add_error("confirm_title", exc)
        else:
            messages.success(request, _("„%(title)s“ wurde gelöscht.") % {"title": workshop.title})
            return redirect("workshops:dashboard")
    if form.errors:
        autofocus_first_error(form)
    return render(request, "workshops/workshop_delete.html", {"form": form, "workshop": workshop})


# Agenda builder ---------------------------------------------------------------------------------
# Every action answers a plain request with a redirect (and a message) and an htmx request with the
# re-rendered agenda fragment, so the computed times and the total are always current. Invalid
# input is answered with status 200 and the form with its errors: htmx 2 swaps no 4xx response.


def _render_agenda(request: HttpRequest, workshop: Workshop, **extra) -> HttpResponse:
    """The builder page, or under htmx only its #agenda fragment. ``extra`` can put one item
    into edit or delete mode (``editing``/``edit_form``, ``confirming``) or replace the add form."""
    items = list(workshop.agenda_items.all())
    can_edit = request.membership.has_role(Role.FACILITATOR)
    context = {
        "workshop": workshop,
        "membership": request.membership,
        "schedule": workshop.schedule(items),
        "can_edit": can_edit,
        "add_form": AgendaItemForm(prefix=ADD_PREFIX) if can_edit else None,
        **extra,
    }
    template = "workshops/agenda.html#agenda" if request.htmx else "workshops/agenda.html"
    return render(request, template, context)


def _agenda_changed(request: HttpRequest, workshop: Workshop, item: AgendaItem | None = None):
    if request.htmx:
        return _render_agenda(request, workshop)
    url = reverse("workshops:agenda", kwargs={"slug": workshop.slug})
    # Land next to the item that changed, so a keyboard user continues from there.
    return redirect(f"{url}#item-{item.pk}" if item else url)


def _item(workshop: Workshop, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=pk, workshop=workshop)


def _describe(item: AgendaItem) -> str:
    minutes = ngettext("%(minutes)s Minute", "%(minutes)s Minuten", item.duration_minutes)
    parts = [f"„{item.title}“", item.get_kind_display(), minutes % {"minutes": item.duration_minutes}]
    if item.presenters:
        parts.append(item.presenters)
    return ", ".join(str(part) for part in parts)


@team_required(Role.NOTE_TAKER)
@require_GET
@vary_on_headers("HX-Request")
def agenda(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return _render_agenda(request, workshop)


@team_required(Role.FACILITATOR)
@require_POST
@vary_on_headers("HX-Request")
def item_add(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = AgendaItemForm(request.POST, prefix=ADD_PREFIX)
    if not form.is_valid():
        autofocus_first_error(form)
        return _render_agenda(request, workshop, add_form=form)
    item = services.add_item(workshop=workshop, **form.cleaned_data)
    messages.success(request, _("„%(title)s“ wurde hinzugefügt.") % {"title": item.title})
    if request.htmx:
        # Ready for the next item: a fresh add form with the cursor in its title.
        fresh = AgendaItemForm(prefix=ADD_PREFIX)
        fresh.fields["title"].widget.attrs["autofocus"] = True
        return _render_agenda(request, workshop, add_form=fresh)
    return _agenda_changed(request, workshop, item)


@team_required(Role.FACILITATOR)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def item_edit(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    item = _item(workshop, pk)
    saved_title = item.title
    form = AgendaItemEditForm(
        request.POST or None,
        instance=item,
        prefix=f"item-{item.pk}",
        initial={"version": services.item_version(item)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.update_item(item=item, **form.cleaned_data)
        except AgendaItem.DoesNotExist:
            raise Http404 from None  # deleted by someone else meanwhile
        except services.EditConflict as conflict:
            # Keep what they typed, show what is saved now; saving again overwrites knowingly.
            form.add_error(None, conflict)
            form.add_error(
                None, _("Gespeichert ist jetzt: %(saved)s") % {"saved": _describe(conflict.current)}
            )
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = services.item_version(conflict.current)
            saved_title = conflict.current.title
        else:
            messages.success(request, _("„%(title)s“ wurde gespeichert.") % {"title": item.title})
            return _agenda_changed(request, workshop, item)
    autofocus_first_error(form)
    context = {"editing": item, "edit_form": form, "editing_title": saved_title}
    if request.htmx and request.method == "GET":
        return render(request, "workshops/agenda.html#item-edit", {"workshop": workshop, **context})
    return _render_agenda(request, workshop, **context)


@team_required(Role.FACILITATOR)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def item_delete(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    """GET asks for confirmation (a page without JS, the item's row under htmx); POST deletes."""
    item = _item(workshop, pk)
    if request.method == "POST":
        services.delete_item(item=item)
        messages.success(request, _("„%(title)s“ wurde gelöscht.") % {"title": item.title})
        return _agenda_changed(request, workshop)
    if request.htmx:
        return render(
            request, "workshops/agenda.html#item-delete", {"workshop": workshop, "confirming": item}
        )
    return _render_agenda(request, workshop, confirming=item)


@team_required(Role.FACILITATOR)
@require_POST
@vary_on_headers("HX-Request")
def item_move(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    item = _item(workshop, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Bitte wählen Sie „nach oben“ oder „nach unten“."))
    try:
        position = services.move_item(item=item, direction=form.cleaned_data["direction"])
    except AgendaItem.DoesNotExist:
        raise Http404 from None  # deleted by someone else meanwhile
    messages.success(
        request, _("„%(title)s“ ist jetzt Punkt %(position)s.") % {"title": item.title, "position": position}
    )
    return _agenda_changed(request, workshop, item)


@team_required(Role.FACILITATOR)
@require_POST
@vary_on_headers("HX-Request")
def agenda_reorder(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """Save the whole order at once (sent by drag and drop). A list that is not exactly this
    agenda's items, each once, is refused with 400 and nothing changes."""
    form = ReorderForm(request.POST)
    if form.is_valid():
        try:
            services.reorder_items(workshop=workshop, ordered_ids=form.cleaned_data["ids"])
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        problem = next(iter(form.errors.values()))[0]
        if request.htmx:
            return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
        messages.error(request, problem)
        response = _render_agenda(request, workshop)
        response.status_code = 400
        return response
    messages.success(request, _("Die neue Reihenfolge wurde gespeichert."))
    return _agenda_changed(request, workshop)


# Read-only agenda -------------------------------------------------------------------------------


@team_required(Role.NOTE_TAKER)
@require_GET
def agenda_sheet(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    share_url = request.build_absolute_uri(
        reverse("workshops:public_agenda", kwargs={"token": workshop.share_token})
    )
    return render(
        request,
        "workshops/agenda_sheet.html",
        {"workshop": workshop, "schedule": workshop.schedule(), "share_url": share_url, "public": False},
    )


@require_GET
def public_agenda(request: HttpRequest, token: str) -> HttpResponse:
    """The agenda for anyone with the link: no login, nothing but the programme."""
    workshop = get_object_or_404(Workshop, share_token=token)
    response = render(
        request,
        "workshops/agenda_sheet.html",
        {"workshop": workshop, "schedule": workshop.schedule(), "public": True},
    )
    # The link is shared by hand; search engines have no business listing it.
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# Team -------------------------------------------------------------------------------------------


def _render_team(request: HttpRequest, workshop: Workshop, **extra) -> HttpResponse:
    members = sorted(
        workshop.memberships.select_related("user"),
        key=lambda m: (-ROLE_RANK[Role(m.role)], m.user.get_username().lower()),
    )
    can_manage = request.membership.has_role(Role.ORGANISER)
    context = {
        "workshop": workshop,
        "membership": request.membership,
        "members": members,
        "can_manage": can_manage,
        "add_form": MemberAddForm() if can_manage else None,
        "role_choices": Role.choices,
        **extra,
    }
    template = "workshops/team.html#team" if request.htmx else "workshops/team.html"
    return render(request, template, context)


def _team_changed(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    if request.htmx:
        return _render_team(request, workshop)
    return redirect("workshops:team", slug=workshop.slug)


def _member(workshop: Workshop, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user", "workshop"), pk=pk, workshop=workshop)


@team_required(Role.NOTE_TAKER)
@require_GET
@vary_on_headers("HX-Request")
def team(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """Everyone on the team sees who else is on it; only organisers change it."""
    return _render_team(request, workshop)


@team_required(Role.ORGANISER)
@require_POST
@vary_on_headers("HX-Request")
def member_add(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            member = services.add_member(workshop=workshop, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("username", exc)
        else:
            messages.success(
                request,
                _("%(name)s gehört jetzt zum Team (%(role)s).")
                % {"name": member.user.get_username(), "role": member.get_role_display()},
            )
            return _team_changed(request, workshop)
    autofocus_first_error(form)
    return _render_team(request, workshop, add_form=form)


@team_required(Role.ORGANISER)
@require_POST
@vary_on_headers("HX-Request")
def member_role(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    member = _member(workshop, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["role"][0])
        return _team_changed(request, workshop)
    try:
        services.change_role(membership=member, role=form.cleaned_data["role"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s hat jetzt die Rolle %(role)s.")
            % {"name": member.user.get_username(), "role": member.get_role_display()},
        )
    return _team_changed(request, workshop)


@team_required(Role.ORGANISER)
@require_POST
@vary_on_headers("HX-Request")
def member_remove(request: HttpRequest, workshop: Workshop, pk: int) -> HttpResponse:
    member = _member(workshop, pk)
    try:
        services.remove_member(membership=member)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return _team_changed(request, workshop)
    if member.user_id == request.user.pk:
        # Whoever removes themself can no longer see this workshop.
        messages.success(
            request, _("Sie gehören nicht mehr zum Team von „%(title)s“.") % {"title": workshop.title}
        )
        dashboard_url = reverse("workshops:dashboard")
        return HttpResponseClientRedirect(dashboard_url) if request.htmx else redirect(dashboard_url)
    messages.success(
        request, _("%(name)s gehört nicht mehr zum Team.") % {"name": member.user.get_username()}
    )
    return _team_changed(request, workshop)
